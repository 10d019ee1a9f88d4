"""`$ref` with company: keywords beside it (3.1), `$recursiveRef` and `$dynamicRef`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ..source import MapNode, Node, ScalarNode, SeqNode
from . import objects
from .state import Lowered, Side, any_value
from .view import STRUCTURAL_KEYWORDS

if TYPE_CHECKING:
    from .schemas import SchemaLowerer


def lower_dynamic_ref(lw: SchemaLowerer, node: MapNode, keyword: str, hint: str, side: Side) -> Lowered:
    """`$recursiveRef: '#'` (2019-09) and `$dynamicRef: '#name'` (2020-12): the outermost
    component being lowered that declares the matching anchor, else the innermost one
    (the schema resource the reference is written in)."""
    ref = node.get(keyword)
    text = ref.value if isinstance(ref, ScalarNode) and isinstance(ref.value, str) else None
    assert ref is not None
    if text is not None and text.startswith("#/"):
        return lw.lower_ref(MapNode(node.pos, {"$ref": ref}, {"$ref": node.key_pos[keyword]}), hint, side)
    anchor_key, anchor = ("$recursiveAnchor", True) if keyword == "$recursiveRef" else ("$dynamicAnchor", (text or "#")[1:])
    stack = lw.component_stack
    chosen = next(
        ((k, n) for k, n in stack if isinstance(n, MapNode) and _scalar(n.get(anchor_key)) == anchor),
        stack[-1] if stack else None,
    )
    if text is None or not text.startswith("#") or chosen is None:
        lw.diags.error(ref.pos, f"unsupported construct: {keyword} {text!r} outside a component schema")
        return any_value()
    lowered = lw.lower_component(chosen[0], chosen[1], side, ref.pos)
    return Lowered(lowered.type, lowered.nullable or lw.view.nullable(node))

def lower_ref_with_siblings(lw: SchemaLowerer, node: MapNode, hint: str, side: Side, component: Optional[str]) -> Lowered:
    """3.1 allows keywords beside `$ref`: they apply too, as `allOf: [$ref, siblings]`."""
    ref_part = MapNode(node.pos, {"$ref": node.entries["$ref"]}, {"$ref": node.key_pos["$ref"]})
    keep = {k: v for k, v in node.items() if k in STRUCTURAL_KEYWORDS and k not in ("$ref", "nullable")}
    sibling = MapNode(node.pos, keep, {k: node.key_pos[k] for k in keep})
    rest = {k: v for k, v in node.items() if k not in keep and k != "$ref"}
    combined = MapNode(node.pos, {**rest, "allOf": SeqNode(node.pos, [ref_part, sibling])}, dict(node.key_pos))
    return objects.lower_all_of(lw, combined, hint, side, component, lw.view.nullable(node))


def _scalar(node: Optional[Node]) -> object:
    return node.value if isinstance(node, ScalarNode) else None
