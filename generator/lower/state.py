"""What lowering accumulates: lowered results, per-side registries, declarations.

Two sides share the type algebra (see generator/ir.py). Each side has its own registry:
the names its components took, per-component progress, and what it declares (models and
unions on the response side, TypedDicts on the request side, aliases on both). The lowering
functions take the side they work for as an argument; nothing switches modes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

from .. import ir


@dataclass
class Lowered:
    """A lowered schema: its type (None when it is only `null`), and whether null is allowed."""

    type: Optional[ir.TypeRef]
    nullable: bool


def any_value(nullable: bool = False) -> Lowered:
    return Lowered(ir.AnyValue(), nullable)


@dataclass
class ComponentState:
    lowered: Optional[Lowered] = None
    in_progress: bool = False
    open_models: int = 0  # object models being lowered when this component started


@dataclass
class Side:
    """One side's registry: component names, per-component state and type aliases."""

    name: str
    suffix: str  # added to the class names of inline objects and unions of this side
    component_names: dict[str, str] = field(default_factory=dict)
    state: dict[int, ComponentState] = field(default_factory=dict)
    aliases: dict[str, ir.TypeAlias] = field(default_factory=dict)

    @property
    def request(self) -> bool:
        return self.name == "request"


@dataclass
class ResponseSide(Side):
    """Models that decode JSON, and every union (each needs a decoder)."""

    name: str = "response"
    suffix: str = ""
    models: dict[str, ir.ObjectModel] = field(default_factory=dict)  # by class name, in creation order
    unions: list[ir.UnionType] = field(default_factory=list)


@dataclass
class RequestSide(Side):
    """TypedDicts for what callers pass in, and the aliases that mention them."""

    name: str = "request"
    suffix: str = "Param"
    params_types: dict[str, ir.ParamsType] = field(default_factory=dict)


@dataclass
class Declarations:
    """Every declaration (both sides) and the names each refers to, for ordering."""

    deps: dict[str, list[str]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # first-seen order

    def declare(self, name: str, refers_to: Optional[list[str]] = None) -> None:
        if name not in self.deps:
            self.deps[name] = []
            self.order.append(name)
        self.deps[name].extend(refers_to or ())

    def ordered(self) -> list[str]:
        """Declarations with what they refer to first (spec order otherwise)."""
        out: list[str] = []
        state: dict[str, int] = {}

        def visit(name: str) -> None:
            if name in state:
                return
            state[name] = 1
            for dep in self.deps.get(name, []):
                if dep in self.deps:
                    visit(dep)
            state[name] = 2
            out.append(name)

        for name in self.order:
            visit(name)
        return out

    def recursive(self, names: list[str]) -> set[str]:
        """Those of `names` that reach themselves through what they refer to."""
        result: set[str] = set()
        for start in names:
            stack = list(self.deps.get(start, []))
            seen: set[str] = set()
            while stack:
                cur = stack.pop()
                if cur == start:
                    result.add(start)
                    break
                if cur not in seen:
                    seen.add(cur)
                    stack.extend(self.deps.get(cur, []))
        return result


def refs(t: ir.TypeRef, top: bool = False) -> list[str]:
    """Declarations a type's annotation names (`top`: the type being declared itself)."""
    if isinstance(t, (ir.ModelRef, ir.ParamsRef)):
        return [t.name]
    if isinstance(t, (ir.EnumType, ir.ListType, ir.MapType, ir.UnionType)) and t.alias and not top:
        return [t.alias]
    if isinstance(t, ir.ListType):
        return refs(t.item)
    if isinstance(t, ir.MapType):
        return refs(t.value)
    if isinstance(t, ir.UnionType):
        return [name for v in t.variants for name in refs(v.type)]
    return []


def fill_union_stubs(side: ResponseSide, stubs: dict[str, object]) -> list[str]:
    """Replace the placeholders of unions reached through their own arms' properties with
    the finished unions, in every model and alias; return the stubs left unfinished."""
    if not stubs:
        return []
    finished = {u.name: u for u in side.unions if u.alias == u.name}

    def fill(t: ir.TypeRef) -> ir.TypeRef:
        if isinstance(t, ir.UnionType) and not t.variants:
            return finished.get(t.name, t)
        if isinstance(t, ir.ListType):
            return replace(t, item=fill(t.item))
        if isinstance(t, ir.MapType):
            return replace(t, value=fill(t.value))
        if isinstance(t, ir.UnionType):
            return replace(t, variants=tuple(replace(v, type=fill(v.type)) for v in t.variants))
        return t

    for name, model in side.models.items():
        side.models[name] = replace(model, fields=tuple(replace(f, type=fill(f.type)) for f in model.fields))
    for name, alias in side.aliases.items():
        side.aliases[name] = replace(alias, type=fill(alias.type))
    return [name for name in stubs if name not in finished]
