"""How the response side's decoders pick a union's arm, decided here once for both targets.

By JSON kind first. Several array arms: the first whose items validate (`first_valid` in
templates/runtime/_unions.py). Objects: by the tag's value when the union has a tag; arms
that share a value (or, for a value without the tag, the arms whose tag is optional; or
every object arm of an untagged union) form a `Group`, told apart at run time by the facts
printed here (`Facts`: required keys, declared keys, const/enum values; the rule is
`choose` in templates/runtime/_unions.py). A tag no arm lists goes to the fallback model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

from . import ir

# enums with more values than this are left out of an arm's facts (they rarely tell arms
# apart, and would bloat every package that prints them)
MAX_ENUM_FACTS = 32


@dataclass(frozen=True)
class Facts:
    """What the runtime selector knows of one object arm (`Arm` in the generated package)."""

    model: str
    required: tuple[str, ...]
    known: tuple[str, ...]
    enums: tuple[tuple[str, tuple[Union[str, int], ...]], ...]


@dataclass(frozen=True)
class Group:
    """Object arms a value may decode into: `tags` select it (empty: the group of values
    without the tag, or every object of an untagged union). `name` (several arms only)
    names its module-level facts, e.g. `_ARMS_Item_1`."""

    tags: tuple[str, ...]
    arms: tuple[Facts, ...]
    name: str = ""

    @property
    def chosen(self) -> bool:
        return len(self.arms) > 1


@dataclass(frozen=True)
class Dispatch:
    union: ir.UnionType
    groups: tuple[Group, ...]  # by tag value, in the arms' order
    untagged: Optional[Group]  # values without the tag; every object when no tag
    arrays: tuple[ir.Variant, ...]  # the array arms (several: the first that validates)

    @property
    def scalars(self) -> tuple[ir.Variant, ...]:
        """The scalar variants, the array arms as one (the first)."""
        return tuple(v for v in self.union.scalar_variants if v.json != "array" or v is self.arrays[0])

    @property
    def selections(self) -> tuple[Group, ...]:
        """The groups told apart at run time (each printed as module-level facts)."""
        return tuple(g for g in (*self.groups, *((self.untagged,) if self.untagged else ())) if g.chosen)


def facts(model: ir.ObjectModel) -> Facts:
    enums = tuple(
        (f.json_name, f.type.values)
        for f in model.fields
        if isinstance(f.type, ir.EnumType) and len(f.type.values) <= MAX_ENUM_FACTS
    )
    return Facts(
        model=model.name,
        required=tuple(f.json_name for f in model.fields if f.must_be_present),
        known=tuple(f.json_name for f in model.fields),
        enums=enums,
    )


def _tag_optional(model: ir.ObjectModel, tag: str) -> bool:
    return not any(f.json_name == tag and f.must_be_present for f in model.fields)


def dispatch(union: ir.UnionType, models: dict[str, ir.ObjectModel]) -> Dispatch:
    """The decoding plan of one response-side union."""
    arms = [v for v in union.object_variants if isinstance(v.type, ir.ModelRef) and v.type.name != union.fallback]
    groups: list[Group] = []
    untagged: Optional[Group] = None
    if union.tag_json is None:
        if arms:
            untagged = Group((), tuple(facts(models[v.type.name]) for v in arms))  # type: ignore[union-attr]
    else:
        groups = _by_tag(arms, models)
        optional = [v for v in arms if _tag_optional(models[v.type.name], union.tag_json)]  # type: ignore[union-attr]
        if optional:
            untagged = Group((), tuple(facts(models[v.type.name]) for v in optional))  # type: ignore[union-attr]
    named = [_named(g, union.name, i) for i, g in enumerate(groups)]
    if untagged is not None:
        untagged = _named(untagged, union.name, len(named))
    arrays = tuple(v for v in union.scalar_variants if v.json == "array")
    return Dispatch(union=union, groups=tuple(named), untagged=untagged, arrays=arrays)


def _by_tag(arms: list[ir.Variant], models: dict[str, ir.ObjectModel]) -> list[Group]:
    """One group per set of arms a tag value selects, values with the same arms merged, in
    the order the arms list them."""
    by_value: dict[str, list[str]] = {}
    for v in arms:
        for tag in v.tags:
            names = by_value.setdefault(tag, [])
            if v.type.name not in names:  # type: ignore[union-attr]
                names.append(v.type.name)  # type: ignore[union-attr]
    merged: dict[tuple[str, ...], list[str]] = {}
    for tag, names in by_value.items():
        merged.setdefault(tuple(names), []).append(tag)
    return [Group(tuple(tags), tuple(facts(models[n]) for n in names)) for names, tags in merged.items()]


def _named(group: Group, union: str, index: int) -> Group:
    return Group(group.tags, group.arms, f"_ARMS_{union}_{index}" if group.chosen else "")


def plans(package: ir.Package) -> dict[str, Dispatch]:
    """Every union's plan, by union name."""
    models = {m.name: m for m in package.models}
    return {u.name: dispatch(u, models) for u in package.unions}


def needs_runtime(package: ir.Package) -> bool:
    """Some union is told apart at run time: the package gets templates/runtime/_unions.py."""
    return any(p.selections or len(p.arrays) > 1 for p in plans(package).values())


def arm_source(arm: Facts) -> str:
    """The `Arm(...)` expression of one arm's facts (every text through `py_literal`)."""
    from .render import py_literal

    def keys(names: tuple[str, ...]) -> str:
        return f"frozenset(({''.join(py_literal(n) + ', ' for n in names)}))" if names else "frozenset()"

    enums = "".join(
        f"({py_literal(key)}, ({''.join(py_literal(v) + ', ' for v in values)})), " for key, values in arm.enums
    )
    return f"Arm({keys(arm.required)}, {keys(arm.known)}, ({enums}))"
