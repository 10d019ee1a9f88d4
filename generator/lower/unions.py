"""Unions: `oneOf` / `anyOf` and `type` lists -> `ir.UnionType` (or the one type left).

Arms are grouped by JSON kind: one arm per scalar kind (`string | enum` is the open enum),
every array arm (several are told apart at run time: the first whose items validate),
objects told apart by a tag property (the discriminator's, else one whose single-value
enums differ between arms) and, where arms share a tag value or no property tags them, at
run time by their required keys and const/enum properties (generator/dispatch.py,
templates/runtime/_unions.py); on the response side a tagged union gets an
`Unknown<Union>` fallback model for tags this version does not know.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Optional, Union

from .. import ir
from ..naming import attribute_name, pascal
from ..source import MapNode, Node, ScalarNode, SeqNode
from .state import Lowered, Side, any_value
from .tags import object_tags
from .view import is_null_schema

if TYPE_CHECKING:
    from .schemas import SchemaLowerer

SCALAR_KINDS = ("string", "integer", "number", "boolean", "array")


class _Unsupported(Exception):
    """A union this generator cannot represent (reported where it was found)."""


def lower_one_of(
    lw: SchemaLowerer, node: MapNode, combinator: str, hint: str, side: Side, component: Optional[str], nullable: bool
) -> Lowered:
    beside = [k for k in ("properties", "items", "additionalProperties") if k in node]
    if beside:
        lw.diags.error(
            node.key_pos[beside[0]],
            f"unsupported construct: {beside[0]!r} beside {combinator!r}"
            f" (move them into each arm, or combine with 'allOf')",
        )
        return any_value()
    arms_node = node.get(combinator)
    if not isinstance(arms_node, SeqNode) or not arms_node.items:
        assert arms_node is not None
        lw.diags.error(arms_node.pos, f"'{combinator}' must be a non-empty list")
        return any_value(nullable)
    arms: list[Lowered] = []
    non_null = [a for a in arms_node if not is_null_schema(a)]
    for arm in arms_node:
        if is_null_schema(arm):
            nullable = True
            continue
        if len(non_null) == 1:
            lowered = lw.lower(arm, hint, side, component)
        else:
            lowered = lw.lower(arm, arm_hint(arm, hint), side)
        if lowered.type is None:
            nullable = True
            continue
        nullable = nullable or lowered.nullable
        arms.append(lowered)
    if not arms:
        return Lowered(None, True)
    if len(arms) == 1:
        return Lowered(arms[0].type, nullable)
    return make_union(lw, node, arms, hint, side, component, nullable)


def lower_type_list(
    lw: SchemaLowerer, node: MapNode, types: list[str], hint: str, side: Side, component: Optional[str], nullable: bool
) -> Lowered:
    """`type: [string, integer]`: a union of the schema read once per type."""
    type_node = node.get("type")
    assert type_node is not None
    arms: list[Lowered] = []
    for kind in types:
        sub = MapNode(node.pos, {k: v for k, v in node.items() if k != "type"}, dict(node.key_pos))
        sub.entries["type"] = ScalarNode(type_node.pos, kind)
        arms.append(lw.lower(sub, hint, side))
    return make_union(lw, node, arms, hint, side, component, nullable)


def arm_hint(arm: Node, hint: str) -> str:
    """The name of an inline object arm of a union: the union's path + its tag value
    (`...ChunkingStrategy` + `type: static` -> `...ChunkingStrategyStatic`), never its
    `title` and never a number. Other arms (refs, scalars, untagged) keep the path."""
    if not isinstance(arm, MapNode) or "$ref" in arm:
        return hint
    props = arm.get("properties")
    if not isinstance(props, MapNode):
        return hint
    for key in ["type", "object", "kind"] + [k for k in props.keys() if k not in ("type", "object", "kind")]:
        prop = props.get(key)
        if not isinstance(prop, MapNode):
            continue
        values = prop.get("enum")
        const = prop.get("const")
        if isinstance(const, ScalarNode) and isinstance(const.value, str):
            return hint + pascal(const.value)
        if isinstance(values, SeqNode) and len(values.items) == 1:
            only = values.items[0]
            if isinstance(only, ScalarNode) and isinstance(only.value, str) and pascal(only.value):
                return hint + pascal(only.value)
    return hint


def json_kind(t: ir.TypeRef) -> str:
    if isinstance(t, (ir.Primitive, ir.EnumType)):
        return t.json
    if isinstance(t, ir.ListType):
        return "array"
    return "object"


def make_union(
    lw: SchemaLowerer,
    node: MapNode,
    arms: list[Lowered],
    hint: str,
    side: Side,
    component: Optional[str],
    nullable: bool,
) -> Lowered:
    try:
        flat = _flatten(node, arms)
        if flat is None:
            return any_value(True)
        by_kind: dict[str, list[ir.TypeRef]] = {}
        for t in flat:
            by_kind.setdefault(json_kind(t), []).append(t)
        variants = _scalar_variants(node, by_kind)
    except _Unsupported as exc:
        lw.diags.error(node.pos, str(exc))
        return any_value(nullable)
    objects = by_kind.get("object", [])
    if len(variants) == 1 and not objects:
        # several arms of one JSON kind merged into one (`string | enum`): no union left
        only = variants[0].type
        if component is not None and isinstance(only, (ir.EnumType, ir.ListType, ir.MapType)) and (
            only.alias is None
        ):
            only = replace(only, alias=component)
            lw.declare_alias(side, component, only, lw.view.description(node))
        return Lowered(only, nullable)
    union_name = component if component is not None else lw.claim(hint, side)
    union = _with_objects(lw, node, variants, objects, union_name, side)
    if union is None:
        return any_value(nullable)
    union = replace(union, alias=component)
    if not side.request:  # request-side unions need no decoder
        lw.response.unions.append(union)
    if component is not None:
        lw.declare_alias(side, component, union, lw.view.description(node))
    return Lowered(union, nullable)


def _flatten(node: MapNode, arms: list[Lowered]) -> Optional[list[ir.TypeRef]]:
    """The arms' types, nested unions flattened, duplicates dropped; None when an arm is
    any JSON value (the union is then any value too)."""
    flat: list[ir.TypeRef] = []
    for arm in arms:
        t = arm.type
        assert t is not None
        if isinstance(t, ir.UnionType) and not t.variants:
            raise _Unsupported(
                f"unsupported construct: a union with {t.name!r} as an arm, inside {t.name!r} itself"
                " (name the inner union under components/schemas)"
            )
        if isinstance(t, ir.UnionType):
            flat.extend(v.type for v in t.variants if v.type not in flat and not (
                t.fallback is not None and isinstance(v.type, ir.ModelRef) and v.type.name == t.fallback
            ))
        elif isinstance(t, ir.AnyValue):
            return None
        elif t not in flat:
            flat.append(t)
    return flat


def _scalar_variants(node: MapNode, by_kind: dict[str, list[ir.TypeRef]]) -> list[ir.Variant]:
    """One variant per scalar kind (and for arrays) present among the arms."""
    variants: list[ir.Variant] = []
    for kind in SCALAR_KINDS:
        members = by_kind.get(kind, [])
        if len(members) == 1 or kind == "array":
            variants.extend(ir.Variant(kind, m) for m in members)  # type: ignore[arg-type]
        elif members and kind in ("string", "integer"):
            variants.append(ir.Variant(kind, _merge_enums(kind, members)))  # type: ignore[arg-type]
        elif members:
            raise _Unsupported(f"unsupported construct: a union with several {kind} arms")
    return variants


def _merge_enums(kind: str, members: list[ir.TypeRef]) -> ir.TypeRef:
    enums = [m for m in members if isinstance(m, ir.EnumType)]
    if len(enums) == 1:
        # `string | enum` is the enum: enums are open (unknown values are kept),
        # and its values still document (and type-hint) the known ones
        return enums[0]
    if not enums:
        return ir.Primitive(kind)  # type: ignore[arg-type]
    values: dict[Union[str, int], None] = {}
    for m in members:
        assert isinstance(m, ir.EnumType)
        values.update(dict.fromkeys(m.values))
    return ir.EnumType(kind, tuple(values))  # type: ignore[arg-type]


def _with_objects(
    lw: SchemaLowerer, node: MapNode, variants: list[ir.Variant], objects: list[ir.TypeRef], union_name: str, side: Side
) -> Optional[ir.UnionType]:
    """The union with its object arms (tagged when several) and, on the response side, the
    fallback model for unknown tags; None when the object arms cannot be told apart."""
    variants = list(variants)
    if len(objects) == 1:
        variants.append(ir.Variant("object", objects[0]))
        return ir.UnionType(variants=tuple(variants), name=union_name)
    if not objects:
        return ir.UnionType(variants=tuple(variants), name=union_name)
    refs = [o for o in objects if isinstance(o, (ir.ModelRef, ir.ParamsRef))]
    if len(refs) != len(objects):
        lw.diags.error(node.pos, "unsupported construct: a union of a map and other objects")
        return None
    tagged = object_tags(lw, node, refs, side)
    if tagged is None:
        return None
    tag_json, tag_map = tagged
    variants.extend(ir.Variant("object", o, tag_map.get(o.name, ())) for o in refs)
    if side.request or tag_json is None:  # untagged: no tag can be unknown
        return ir.UnionType(variants=tuple(variants), name=union_name, tag_json=tag_json)
    fallback = _fallback_model(lw, union_name, tag_json)
    variants.append(ir.Variant("object", ir.ModelRef(fallback)))
    return ir.UnionType(variants=tuple(variants), name=union_name, tag_json=tag_json, fallback=fallback)


def _fallback_model(lw: SchemaLowerer, union_name: str, tag_json: str) -> str:
    """Declare `Unknown<Union>`: a variant whose tag this version does not know, kept as sent."""
    fallback = lw.names.claim("Unknown" + union_name)
    tag_field = ir.Field(
        json_name=tag_json,
        py_name=attribute_name(tag_json),
        type=ir.Primitive("string"),
        required=True,
        nullable=False,
        description=f"The `{tag_json}` of a variant this version of the package does not know.",
    )
    lw.response.models[fallback] = ir.ObjectModel(
        name=fallback,
        fields=(tag_field,),
        description=f"An `{union_name}` variant whose `{tag_json}` this version does not know, kept as sent.",
        is_fallback=True,
    )
    lw.decls.declare(fallback)
    return fallback
