"""Depth: where the dataclass decoders check the one nesting limit (MAX_DEPTH, see
templates/runtime/_validation.py) without walking what the schema already bounds. They carry
the room left as they decode (`DepthPlan`: which decoders check it on entry) and walk only
free-form values and unknown keys, at the room left where they sit.
"""

from __future__ import annotations

from typing import Tuple

from . import ir
from .runtime_source import integer


def free_form(t: ir.TypeRef) -> bool:
    """Whether a value of type `t` may nest as deeply as the sender likes without passing
    through a model or union (Any, or lists and maps of it): the dataclass decoders walk such
    a value whole with `fits`, at the room left where it sits."""
    return isinstance(ir.innermost(t), ir.AnyValue)


MAX_DEPTH = integer("_validation", "MAX_DEPTH")
"""The runtime's nesting limit, read from templates/runtime/_validation.py."""

Key = Tuple[str, str]  # ("model" or "union", name)


class DepthPlan:
    """Where the dataclass decoders check depth. A decoder gets `room`, the levels left
    where its value sits; a caller hands each model or union decoder at least what its typed
    lists, maps and nested models can nest (its `need`), so those need no check of their own:
    only free-form values and unknown keys are walked. A decoder on a cycle of the schema
    (its need is unbounded) checks its room on entry, and walks its value whole when the room
    is short (only within a few levels of MAX_DEPTH)."""

    def __init__(self, package: ir.Package) -> None:
        # keyed by kind and name: a union's decoder name may equal a model's
        self.decls: dict[Key, ir.ObjectModel | ir.UnionType] = {("model", m.name): m for m in package.models}
        self.decls.update((("union", u.name), u) for u in package.unions)
        self.needs: dict[Key, int] = {}
        self.checks: set[Key] = set()  # decoders that check their room on entry
        self.open: set[Key] = set()  # being computed: a reference back to one closes a cycle
        for name in self.decls:
            self.need(name)

    def entry_check(self, decl: ir.ObjectModel | ir.UnionType) -> int:
        """The room below which `decl`'s decoder walks its value (0: no check)."""
        name: Key = ("model" if isinstance(decl, ir.ObjectModel) else "union", decl.name)
        return self.needs[name] if name in self.checks else 0

    def need(self, name: Key) -> int:
        """The room a caller must hand `name`'s decoder (0 when it checks its own)."""
        if name in self.open:  # a cycle: the decoder checks on entry, its callers need not
            self.checks.add(name)
            return 0
        if name not in self.needs and name in self.decls:
            self.open.add(name)
            decl = self.decls[name]
            if isinstance(decl, ir.ObjectModel):
                need = 1 + max((self.typed_need(f.type) for f in decl.fields), default=0)
            else:
                need = max((self.typed_need(v.type) for v in decl.variants), default=0)
            self.open.discard(name)
            self.needs[name] = need
            if need > MAX_DEPTH:  # deeper than the limit by schema: from_dict cannot vouch
                self.checks.add(name)
        return 0 if name in self.checks else self.needs.get(name, 0)

    def typed_need(self, t: ir.TypeRef) -> int:
        """The room a value of type `t` needs (free-form values: none, they are walked)."""
        if free_form(t):
            return 0
        if isinstance(t, ir.ListType):
            return 1 + self.typed_need(t.item)
        if isinstance(t, ir.MapType):
            return 1 + self.typed_need(t.value)
        if isinstance(t, (ir.ModelRef, ir.UnionType)):
            return self.need((t.kind, t.name))
        return 0


def room_at(offset: int) -> str:
    """The room left (source text) for a value `offset` levels below the decoder's own."""
    return f"room - {offset}" if offset else "room"
