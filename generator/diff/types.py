"""Compare two IR types at one place of the API: type changes, enum values, union arms.

A type named by a declared alias (`RunStatus`) is compared once, at the alias's declaration
(`api.diff_packages`), not at every field that uses it.
"""

from __future__ import annotations

import dataclasses
from typing import Iterator, Optional, Union

from .. import ir
from .changes import Scope, Verdict

MAX_LISTED = 6  # enum values spelled out in a type's description


def describe(t: Optional[ir.TypeRef]) -> str:
    """The type as a reader of the generated code would name it (short, one line)."""
    if t is None:
        return "None"
    alias = getattr(t, "alias", None)
    if alias:
        return str(alias)
    if isinstance(t, ir.Primitive):
        return t.python
    if isinstance(t, ir.AnyValue):
        return "Any"
    if isinstance(t, ir.EnumType):
        listed = ", ".join(repr(v) for v in t.values[:MAX_LISTED])
        return f"Literal[{listed}{', ...' if len(t.values) > MAX_LISTED else ''}]"
    if isinstance(t, ir.ListType):
        return f"list[{describe(t.item)}]"
    if isinstance(t, ir.MapType):
        return f"dict[str, {describe(t.value)}]"
    if isinstance(t, (ir.ModelRef, ir.ParamsRef)):
        return t.name
    if isinstance(t, ir.FileInput):
        return "file"
    return " | ".join(describe(v.type) for v in t.variants)


def shape(t: ir.TypeRef) -> str:
    """A structural key of the type, blind to alias and helper names."""
    if isinstance(t, ir.ListType):
        return f"list[{shape(t.item)}]"
    if isinstance(t, ir.MapType):
        return f"dict[str, {shape(t.value)}]"
    if isinstance(t, ir.EnumType):
        return f"enum[{t.json}]{sorted(map(repr, t.values))}"
    if isinstance(t, ir.UnionType):
        return " | ".join(sorted(shape(v.type) for v in t.variants))
    return describe(t)


def unaliased(t: ir.TypeRef) -> ir.TypeRef:
    """The type of an alias declaration itself (so it is compared, not skipped)."""
    if isinstance(t, (ir.EnumType, ir.ListType, ir.MapType, ir.UnionType)) and t.alias:
        return dataclasses.replace(t, alias=None)
    return t


def aliases_in(t: ir.TypeRef) -> Iterator[str]:
    """Names of the aliases a type mentions, itself included."""
    alias = getattr(t, "alias", None)
    if alias:
        yield str(alias)
    if isinstance(t, ir.ListType):
        yield from aliases_in(t.item)
    elif isinstance(t, ir.MapType):
        yield from aliases_in(t.value)
    elif isinstance(t, ir.UnionType):
        for variant in t.variants:
            yield from aliases_in(variant.type)


def compare_type(old: ir.TypeRef, new: ir.TypeRef, scope: Scope, where: str) -> None:
    """Add to `scope` what changed from `old` to `new` at `where`."""
    if old == new:
        return
    old_alias, new_alias = getattr(old, "alias", None), getattr(new, "alias", None)
    if old_alias and old_alias == new_alias:
        return  # compared once, at the alias's declaration
    if type(old) is not type(new) or _named(old) != _named(new):
        verdict = _kind_change(old, new)
        if verdict == "widened" and scope.side == "response" and _enum_to_plain(old, new):
            verdict = "opened"  # the enum was open: readers already got any string
        scope.add(where, "type-changed", f"type changed: {describe(old)} -> {describe(new)}", verdict)
    elif isinstance(old, ir.Primitive) and isinstance(new, ir.Primitive):
        verdict = _number_change(old.json, new.json)
        scope.add(where, "type-changed", f"type changed: {describe(old)} -> {describe(new)}", verdict)
    elif isinstance(old, ir.EnumType) and isinstance(new, ir.EnumType):
        _compare_enum(old, new, scope, where)
    elif isinstance(old, ir.ListType) and isinstance(new, ir.ListType):
        compare_type(old.item, new.item, scope, f"{where}[]")
    elif isinstance(old, ir.MapType) and isinstance(new, ir.MapType):
        compare_type(old.value, new.value, scope, f"{where}{{}}")
    elif isinstance(old, ir.UnionType) and isinstance(new, ir.UnionType):
        _compare_union(old, new, scope, where)


def _named(t: ir.TypeRef) -> Optional[str]:
    return t.name if isinstance(t, (ir.ModelRef, ir.ParamsRef)) else None


def _enum_to_plain(old: ir.TypeRef, new: ir.TypeRef) -> bool:
    return isinstance(old, ir.EnumType) and isinstance(new, ir.Primitive) and old.json == new.json


def _number_change(old: str, new: str) -> Verdict:
    if (old, new) == ("integer", "number"):
        return "widened"
    if (old, new) == ("number", "integer"):
        return "narrowed"
    return "changed"


def _kind_change(old: ir.TypeRef, new: ir.TypeRef) -> Verdict:
    """A change of kind: widening when the new type holds every old value, and so on."""
    if _holds(new, old):
        return "widened"
    if _holds(old, new):
        return "narrowed"
    return "changed"


def _holds(wide: ir.TypeRef, narrow: ir.TypeRef) -> bool:
    """Whether every value of `narrow` is a value of `wide` (judged on shapes, simply)."""
    if isinstance(wide, ir.AnyValue):
        return True
    if isinstance(wide, ir.Primitive) and isinstance(narrow, ir.EnumType):
        return wide.json == narrow.json or (wide.json, narrow.json) == ("number", "integer")
    if isinstance(wide, ir.UnionType):
        return any(shape(v.type) == shape(narrow) or _holds(v.type, narrow) for v in wide.variants)
    return False


def _compare_enum(old: ir.EnumType, new: ir.EnumType, scope: Scope, where: str) -> None:
    if old.json != new.json:
        scope.add(where, "type-changed", f"type changed: {describe(old)} -> {describe(new)}", "changed")
        return
    # enums are open: a response may carry a value this version does not list, and keeps it
    added_verdict: Verdict = "widened" if scope.side == "request" else "opened"
    added = [value for value in new.values if value not in old.values]
    removed = [value for value in old.values if value not in new.values]
    if added:
        scope.add(where, "enum-value-added", f"{_values(added)} added", added_verdict)
    if removed:
        # on the request side the server reads it: it no longer accepts the value
        scope.add(where, "enum-value-removed", f"{_values(removed)} removed", "narrowed")


def _values(values: list[Union[str, int]]) -> str:
    """`enum value 'a'`, `enum values 'a', 'b'` (every value: the line is the record)."""
    return f"enum value{'s' if len(values) > 1 else ''} {', '.join(repr(v) for v in values)}"


def _several(union: ir.UnionType) -> set[str]:
    kinds = [v.json for v in union.variants]
    return {k for k in kinds if kinds.count(k) > 1}


def _arms(union: ir.UnionType, by_shape: set[str]) -> dict[str, ir.Variant]:
    """A union's arms by a key that pairs them across versions: an object arm by its shape,
    another by its JSON kind, or by its shape when either version has several arms of that
    kind (`list[str] | list[int]`)."""
    return {shape(v.type) if v.json == "object" or v.json in by_shape else v.json: v for v in union.variants}


def _compare_union(old: ir.UnionType, new: ir.UnionType, scope: Scope, where: str) -> None:
    by_shape = _several(old) | _several(new)
    old_arms = _arms(old, by_shape)
    new_arms = _arms(new, by_shape)
    for key, arm in new_arms.items():
        if key not in old_arms:
            # an unknown tag already decoded into the fallback model: readers handle it
            opened = scope.side == "response" and arm.json == "object" and new.fallback is not None
            verdict: Verdict = "opened" if opened else "widened"
            scope.add(where, "union-arm-added", f"may now be {describe(arm.type)}", verdict)
    for key, arm in old_arms.items():
        if key not in new_arms:
            scope.add(where, "union-arm-removed", f"may no longer be {describe(arm.type)}", "narrowed")
            continue
        match = new_arms[key]
        label = f"<{describe(arm.type)}>"
        compare_type(arm.type, match.type, scope, f"{where}{label}")
        _compare_tags(arm, match, scope, f"{where}{label}")
    if old.tag_json != new.tag_json:
        scope.add(where, "type-changed", f"tag property changed: {old.tag_json} -> {new.tag_json}", "changed")


def _compare_tags(old: ir.Variant, new: ir.Variant, scope: Scope, where: str) -> None:
    added: Verdict = "widened" if scope.side == "request" else "opened"
    for tag in new.tags:
        if tag not in old.tags:
            scope.add(where, "union-tag-added", f"tag {tag!r} added", added)
    for tag in old.tags:
        if tag not in new.tags:
            scope.add(where, "union-tag-removed", f"tag {tag!r} removed", "narrowed")
