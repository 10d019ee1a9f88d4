"""Objects: `properties` -> a model (response side) or a TypedDict (request side); maps;
`allOf` of one schema plus modifiers, or of several objects merged into one."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Optional

from .. import ir
from ..naming import attribute_name, class_name, parameter_name, pascal
from ..source import MapNode, Node, ScalarNode, SeqNode
from .distribute import distributed_union
from .state import Lowered, Side, any_value, refs
from .view import STRUCTURAL_KEYWORDS, flag, is_modifier

if TYPE_CHECKING:
    from .schemas import SchemaLowerer


MAX_ALL_OF_DEPTH = 16


def lower_all_of(
    lw: SchemaLowerer, node: MapNode, hint: str, side: Side, component: Optional[str], nullable: bool
) -> Lowered:
    parts_node = node.get("allOf")
    if not isinstance(parts_node, SeqNode) or not parts_node.items:
        assert parts_node is not None
        lw.diags.error(parts_node.pos, "'allOf' must be a non-empty list")
        return any_value(nullable)
    structural: list[Node] = []
    for part in parts_node:
        if is_modifier(part):
            assert isinstance(part, MapNode)
            nullable = nullable or lw.view.nullable(part)  # a modifier like {nullable: true}
            continue
        structural.append(part)
    own = {k: v for k, v in node.items() if k in ("properties", "required", "additionalProperties")}
    if len(structural) == 1 and not own:
        lowered = lw.lower(structural[0], hint, side, component)
        return Lowered(lowered.type, lowered.nullable or nullable)
    union = distributed_union(lw, node, structural)
    if union is not None:  # allOf of a union and objects: a union of allOfs (distribute.py)
        lowered = lw.lower(union, hint, side, component)
        return Lowered(lowered.type, lowered.nullable or nullable)
    merged = _merge_objects(lw, node, structural + ([node] if own else []))
    if merged is None:
        return any_value(nullable)
    return lower_object(lw, merged, hint, side, component, nullable)


def merged_all_of(lw: SchemaLowerer, node: MapNode, depth: int = 0) -> Optional[MapNode]:
    """An `allOf` object schema as one object schema (nested `allOf` chains merged too);
    None when a part is not an object (reported)."""
    parts_node = node.get("allOf")
    parts = [p for p in parts_node if not is_modifier(p)] if isinstance(parts_node, SeqNode) else []
    own = any(k in node for k in ("properties", "required", "additionalProperties"))
    return _merge_objects(lw, node, parts + ([node] if own else []), depth)


def _merge_objects(lw: SchemaLowerer, node: MapNode, parts: list[Node], depth: int = 0) -> Optional[MapNode]:
    """Several object schemas (`allOf`) as one object schema: properties and `required`
    lists in order; None when a part is not an object (reported)."""
    props = MapNode(node.pos, {}, {})
    required: list[Node] = []
    for part in parts:
        target: Optional[Node] = part
        for _ in range(MAX_ALL_OF_DEPTH):  # through a chain of `$ref`s (Asana's AttachmentBase)
            if not (isinstance(target, MapNode) and "$ref" in target):
                break
            target, _ = lw.resolver.resolve(target)
        if target is None:
            return None
        untyped_map = isinstance(target, MapNode) and "additionalProperties" in target and "type" not in target
        if not isinstance(target, MapNode) or not lw.view.is_object(target) and "allOf" not in target and not untyped_map:
            lw.diags.error(part.pos, "unsupported construct: 'allOf' of schemas that are not all objects")
            return None
        if "allOf" in target and target is not node:
            if depth >= MAX_ALL_OF_DEPTH:
                lw.diags.error(part.pos, f"unsupported construct: 'allOf' nested more than {MAX_ALL_OF_DEPTH} deep")
                return None
            inner = merged_all_of(lw, target, depth + 1)  # an inheritance chain
            if inner is None:
                return None
            target = inner
        target_props = target.get("properties")
        if isinstance(target_props, MapNode):
            props.entries.update(target_props.entries)
            props.key_pos.update(target_props.key_pos)
        req = target.get("required")
        if isinstance(req, SeqNode):
            required.extend(req.items)
    merged = MapNode(node.pos, {}, {})
    merged.entries["type"] = ScalarNode(node.pos, "object")
    merged.entries["properties"] = props
    merged.entries["required"] = SeqNode(node.pos, required)
    description = node.get("description")
    if description is not None:
        merged.entries["description"] = description
    return merged


def lower_object(
    lw: SchemaLowerer, node: MapNode, hint: str, side: Side, component: Optional[str], nullable: bool
) -> Lowered:
    props = node.get("properties")
    additional = node.get("additionalProperties")
    if props is not None and not isinstance(props, MapNode):
        lw.diags.error(props.pos, "'properties' must be a mapping")
        return any_value(nullable)
    if additional is not None and not isinstance(additional, MapNode) and not (
        isinstance(additional, ScalarNode) and isinstance(additional.value, bool)
    ):
        lw.diags.error(additional.pos, "'additionalProperties' must be true, false or a schema")
        return any_value(nullable)
    if props and props.entries and isinstance(additional, MapNode) and set(additional.keys()) & STRUCTURAL_KEYWORDS:
        lw.diags.error(
            additional.pos,
            "unsupported construct: a typed 'additionalProperties' beside 'properties'"
            " (extra keys are kept as plain JSON; use true or leave it out)",
        )
        return any_value(nullable)
    if not props or not props.entries:
        return _lower_map(lw, node, additional, hint, side, component, nullable)
    name = component if component is not None else lw.claim(class_name(hint), side)
    required = lw.view.required(node, props)
    lw.decls.declare(name)
    lw.pending_props[name] = props  # until declared: tag inference reads the schema
    if side.request:
        fields = lower_params_fields(lw, props, required, class_name(hint), set(), keyword=False)
        for f in fields:
            lw.decls.deps[name].extend(refs(f.type))
        lw.request.params_types[name] = ir.ParamsType(
            name=name,
            fields=tuple(fields),
            description=lw.view.description(node),
            closed=isinstance(additional, ScalarNode) and additional.value is False,
        )
        return Lowered(ir.ParamsRef(name), nullable)
    model = _lower_model(lw, node, props, required, name)
    lw.response.models[name] = model
    return Lowered(ir.ModelRef(name), nullable)


def _lower_map(
    lw: SchemaLowerer,
    node: MapNode,
    additional: Optional[Node],
    hint: str,
    side: Side,
    component: Optional[str],
    nullable: bool,
) -> Lowered:
    """An object without properties: a map with typed values when additionalProperties is
    a schema, else of any JSON value."""
    map_type = ir.MapType(ir.AnyValue())
    if isinstance(additional, MapNode):
        value = lw.lower(additional, hint + "Value", side)
        value_type = value.type if value.type is not None else ir.AnyValue()
        if value.nullable and not isinstance(value_type, ir.AnyValue):
            lw.diags.error(additional.pos, "unsupported construct: maps of nullable values")
        map_type = ir.MapType(value_type)
    if component is not None:
        map_type = replace(map_type, alias=component)
        lw.declare_alias(side, component, map_type, lw.view.description(node))
    return Lowered(map_type, nullable)


def _lower_model(lw: SchemaLowerer, node: MapNode, props: MapNode, required: set[str], name: str) -> ir.ObjectModel:
    """The fields of a response model (its name is declared first, so recursive references
    and tag inference can see it)."""
    fields: list[ir.Field] = []
    taken: set[str] = set()
    lw.open_models += 1
    for json_name, prop in props.items():
        lowered = lw.lower(prop, name + pascal(json_name), lw.response)
        py_name = attribute_name(json_name, frozenset(taken))
        taken.add(py_name)
        prop_type = lowered.type if lowered.type is not None else ir.AnyValue()
        fields.append(
            ir.Field(
                json_name=json_name,
                py_name=py_name,
                type=prop_type,
                required=json_name in required,
                nullable=lowered.nullable or lowered.type is None or id(prop) in lw.forced_nullable,
                description=lw.view.description(prop),
                deprecated=flag(prop, "deprecated"),
            )
        )
        lw.decls.deps[name].extend(refs(prop_type))
    lw.open_models -= 1
    return ir.ObjectModel(name=name, fields=tuple(fields), description=lw.view.description(node))


def lower_params_fields(
    lw: SchemaLowerer, props: MapNode, required: set[str], prefix: str, taken: set[str], keyword: bool
) -> list[ir.ParamsField]:
    """The properties of a request-side object, in spec order. `keyword`: they become
    keyword arguments (snake_case names free of `taken`); else TypedDict keys (`py_name`
    differs from the key only when the class syntax cannot spell it). Nested objects are
    named `prefix` + property + `Param`."""
    fields: list[ir.ParamsField] = []
    for json_name, prop in props.items():
        lowered = lw.lower(prop, prefix + pascal(json_name), lw.request)
        py_name = parameter_name(json_name, taken) if keyword else attribute_name(json_name, frozenset(taken))
        taken.add(py_name)
        fields.append(
            ir.ParamsField(
                json_name=json_name,
                py_name=py_name,
                type=lowered.type if lowered.type is not None else ir.AnyValue(),
                required=json_name in required,
                nullable=lowered.nullable or lowered.type is None or id(prop) in lw.forced_nullable,
                description=lw.view.description(prop),
                deprecated=flag(prop, "deprecated"),
                default=lw.view.default(prop),
            )
        )
    return fields
