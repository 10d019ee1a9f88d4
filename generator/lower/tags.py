"""Which property tells the object arms of a union apart, and each arm's tag values.

The discriminator's `propertyName` (with its `mapping`), else the first property among
`type`, `object`, `kind` and then every property name whose string enums are disjoint across
the arms. Failing that, a tag whose values some arms share (OpenAI's `InputMessage` and
`OutputMessage` are both `type: message`): the discriminator's property, else a property
that is a single-value enum in every arm and takes at least two values; the arms sharing a
value are told apart at run time (templates/runtime/_unions.py). Failing that too, the
union is untagged: every object arm is told apart at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Sequence, Union

from .. import ir
from ..naming import class_name
from ..source import MapNode, Node, ScalarNode, SeqNode
from .refs import unescape
from .state import Side

if TYPE_CHECKING:
    from .schemas import SchemaLowerer

ObjectArm = Union[ir.ModelRef, ir.ParamsRef]
Tags = dict[str, tuple[str, ...]]
Declared = dict[str, Union[ir.ObjectModel, ir.ParamsType, None]]


UNTAGGED: tuple[Optional[str], Tags] = (None, {})


def object_tags(
    lw: SchemaLowerer, node: MapNode, objects: Sequence[ObjectArm], side: Side
) -> Optional[tuple[Optional[str], Tags]]:
    """The tag property and the tag values of each arm (by class name; several arms may share
    a value), `UNTAGGED` when no property tags every arm, or None (a bad discriminator,
    reported)."""
    disc = node.get("discriminator")
    prop: Optional[str] = None
    mapping: Tags = {}
    if disc is not None:
        read = _discriminator(lw, disc, side)
        if read is None:
            return None
        prop, mapping = read
    declared: Declared = {
        o.name: lw.response.models.get(o.name) or lw.request.params_types.get(o.name) for o in objects
    }
    if prop is not None and isinstance(disc, MapNode) and not _arms_carry(lw, disc, prop, objects, declared):
        return None
    candidates = [prop] if prop else ["type", "object", "kind"] + sorted(
        {f.json_name for d in declared.values() if d is not None for f in d.fields}
        if all(d is not None for d in declared.values())
        else set()
    )
    for candidate in candidates:
        result = _tags_by(lw, candidate, objects, mapping, declared)
        if result is not None:
            return candidate, result
    for candidate in candidates:
        result = _tags_by(lw, candidate, objects, mapping, declared, shared=True)
        if result is not None and (prop or _is_tag(result)):
            return candidate, result
    return UNTAGGED


def _is_tag(tags: Tags) -> bool:
    """Without a discriminator, a property tags the arms when it is a single-value enum in
    each of them and tells at least two of them apart."""
    return all(len(values) == 1 for values in tags.values()) and len({v for vs in tags.values() for v in vs}) > 1


def _discriminator(lw: SchemaLowerer, disc: Node, side: Side) -> Optional[tuple[str, Tags]]:
    """The discriminator's property name and its mapping (tag values by class name)."""
    if not isinstance(disc, MapNode):
        lw.diags.error(disc.pos, "'discriminator' must be a mapping with a 'propertyName'")
        return None
    map_value = disc.get("mapping")
    if map_value is not None and not isinstance(map_value, MapNode):
        lw.diags.error(map_value.pos, "discriminator 'mapping' must be a mapping of tag values to $refs")
        return None
    for ref in map_value.entries.values() if isinstance(map_value, MapNode) else ():
        if not isinstance(ref, ScalarNode) or not isinstance(ref.value, str):
            lw.diags.error(ref.pos, "a discriminator mapping value must be a $ref string")
            return None
        if ref.value.startswith("#/") and lw.resolver.lookup(ref.value, ref.pos)[0] is None:
            return None
    prop_node = disc.get("propertyName")
    if not isinstance(prop_node, ScalarNode) or not isinstance(prop_node.value, str):
        lw.diags.error(disc.pos, "discriminator needs a 'propertyName'")
        return None
    mapping: Tags = {}
    side_names = side.component_names
    for value, ref in map_value.items() if isinstance(map_value, MapNode) else ():
        assert isinstance(ref, ScalarNode) and isinstance(ref.value, str)
        target = ref.value
        # `#/components/schemas/a~1b` names the schema `a/b` (JSON pointer escapes)
        key = unescape(target.rsplit("/", 1)[-1]) if target.startswith("#/") else target
        name = side_names.get(key, class_name(key))
        mapping[name] = mapping.get(name, ()) + (value,)
    return prop_node.value, mapping


def _arms_carry(lw: SchemaLowerer, disc: MapNode, prop: str, objects: Sequence[ObjectArm], declared: Declared) -> bool:
    """A tag no arm carries would make every value an unknown variant."""
    for o in objects:
        arm = declared[o.name]
        if arm is not None and not any(f.json_name == prop for f in arm.fields):
            where = disc.get("propertyName")
            assert where is not None
            lw.diags.error(where.pos, f"discriminator property {prop!r} is not a property of {o.name!r}")
            return False
    return True


def _tags_by(
    lw: SchemaLowerer,
    candidate: str,
    objects: Sequence[ObjectArm],
    mapping: Tags,
    declared: Declared,
    shared: bool = False,
) -> Optional[Tags]:
    """Each arm's values of `candidate` (its mapping, else its string enum), or None when an
    arm has none or (unless `shared`) two arms share a value."""
    result: Tags = {}
    seen: set[str] = set()
    for o in objects:
        values = mapping.get(o.name)
        if values is None:
            values = _arm_values(lw, o.name, candidate, declared)
            if values is None:
                return None
        if seen & set(values) and not shared:
            return None
        seen |= set(values)
        result[o.name] = values
    return result


def _arm_values(lw: SchemaLowerer, name: str, candidate: str, declared: Declared) -> Optional[tuple[str, ...]]:
    """The string enum values of an arm's `candidate` property: from its declaration, or,
    for an arm still being lowered (a union reached through its own arm), from its schema."""
    model = declared[name]
    if model is not None:
        fld = next((f for f in model.fields if f.json_name == candidate), None)
        if fld is None or not isinstance(fld.type, ir.EnumType) or fld.type.json != "string":
            return None
        return tuple(str(v) for v in fld.type.values)
    props = lw.pending_props.get(name)
    node = props.get(candidate) if props is not None else None
    for _ in range(8):  # through a few `$ref`s
        if not isinstance(node, MapNode) or "$ref" not in node:
            break
        node = lw.resolver.quietly(node)
    if not isinstance(node, MapNode):
        return None
    const, enum = node.get("const"), node.get("enum")
    raw = [const] if const is not None else list(enum.items) if isinstance(enum, SeqNode) else []
    values = [v.value for v in raw if isinstance(v, ScalarNode) and isinstance(v.value, str)]
    return tuple(dict.fromkeys(values)) if values and len(values) == len(raw) else None
