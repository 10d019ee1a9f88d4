"""Enums and scalars: `enum` and `const` lists -> `ir.EnumType` (or a boolean, or null)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Union

from .. import ir
from ..source import MapNode, Node, ScalarNode, SeqNode
from .state import Lowered, Side, any_value

if TYPE_CHECKING:
    from .schemas import SchemaLowerer


def lower_enum_keyword(
    lw: SchemaLowerer, node: MapNode, types: Optional[list[str]], side: Side, component: Optional[str], nullable: bool
) -> Lowered:
    """A schema with `const` (one value) or `enum` (a non-empty list of values)."""
    const = node.get("const")
    if const is not None:
        return lower_enum(lw, node, [const], types, side, component, nullable)
    enum_node = node.get("enum")
    if not isinstance(enum_node, SeqNode) or not enum_node.items:
        assert enum_node is not None
        lw.diags.error(enum_node.pos, "'enum' must be a non-empty list")
        return any_value(nullable)
    return lower_enum(lw, node, list(enum_node.items), types, side, component, nullable)


def lower_enum(
    lw: SchemaLowerer,
    node: MapNode,
    items: list[Node],
    types: Optional[list[str]],
    side: Side,
    component: Optional[str],
    nullable: bool,
) -> Lowered:
    values: list[Union[str, int]] = []
    seen: set[Union[str, int]] = set()
    kinds: set[str] = set()
    for item in items:
        value = item.value if isinstance(item, ScalarNode) else object()
        if value is None:
            nullable = True
        elif isinstance(value, bool):
            kinds.add("boolean")
        elif isinstance(value, (str, int)):
            kinds.add("string" if isinstance(value, str) else "integer")
            if value not in seen:
                seen.add(value)
                values.append(value)
        else:
            lw.diags.error(item.pos, "enum values must be strings or integers")
            return any_value(nullable)
    if kinds == {"boolean"}:
        return Lowered(ir.Primitive("boolean"), nullable)
    if len(kinds) > 1:
        lw.diags.error(node.pos, "enums mixing value types are not supported")
        return any_value(nullable)
    if not values:
        return Lowered(None, True)
    json_kind = "string" if kinds == {"string"} else "integer"
    if types and json_kind not in types and not (json_kind == "integer" and "number" in types):
        lw.diags.error(node.pos, f"enum values are {json_kind}s but the type says {'/'.join(types)}")
    enum = ir.EnumType(json_kind, tuple(values), alias=component)  # type: ignore[arg-type]
    if component is not None:
        lw.declare_alias(side, component, enum, lw.view.description(node))
    return Lowered(enum, nullable)
