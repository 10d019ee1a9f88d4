"""`allOf` of one union and objects: the union's arms each combined with the objects.

`allOf: [{oneOf: [A, B]}, C]` is `oneOf: [allOf: [A, C], allOf: [B, C]]` (JSON Schema: a
value valid against the union and C is valid against one arm and C). TGI's `Message`
(`allOf` of a `oneOf` of message bodies and an object with `role`) is one. Arms that are
objects merge as any `allOf` of objects does; the union is then told apart as any union.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ..source import MapNode, Node, ScalarNode, SeqNode
from .view import is_modifier

if TYPE_CHECKING:
    from .schemas import SchemaLowerer

UNION_KEYS = ("oneOf", "anyOf")
OWN_KEYS = ("properties", "required", "additionalProperties")


def distributed_union(lw: SchemaLowerer, node: MapNode, structural: list[Node]) -> Optional[MapNode]:
    """`node` (an `allOf` whose parts are `structural`) as a union of `allOf`s when exactly
    one part is a union (`oneOf` / `anyOf` without properties of its own) and the others are
    objects; None otherwise (the `allOf` is lowered as it is)."""
    unions: list[tuple[int, str, MapNode]] = []
    for index, part in enumerate(structural):
        target = through_refs(lw, part)
        if not isinstance(target, MapNode):
            return None
        key = next((k for k in UNION_KEYS if k in target), None)
        if key is not None and not any(k in target for k in OWN_KEYS) and isinstance(target.get(key), SeqNode):
            unions.append((index, key, target))
        elif not (lw.view.is_object(target) or "allOf" in target):
            return None
    if len(unions) != 1:
        return None
    index, key, union = unions[0]
    others = structural[:index] + structural[index + 1 :]
    own = {k: v for k, v in node.items() if k in OWN_KEYS}
    if own:
        others.append(MapNode(node.pos, {"type": _object_type(node), **own}, {k: node.key_pos[k] for k in own}))
    arms_node = union.get(key)
    assert isinstance(arms_node, SeqNode)
    arms: list[Node] = []
    for arm in arms_node.items:
        if is_modifier(arm):
            arms.append(arm)  # `{type: 'null'}`-like arms stay as they are
            continue
        arms.append(MapNode(arm.pos, {"allOf": SeqNode(arm.pos, [arm, *others])}, {"allOf": arm.pos}))
    return MapNode(node.pos, {key: SeqNode(arms_node.pos, arms)}, {key: node.pos})


def through_refs(lw: SchemaLowerer, node: Node, limit: int = 20) -> Optional[Node]:
    """`node` through its chain of `$ref`s (quietly: what does not resolve is reported where
    it is lowered)."""
    target: Optional[Node] = node
    for _ in range(limit):
        if not (isinstance(target, MapNode) and "$ref" in target):
            break
        target = lw.resolver.quietly(target)
    return target


def _object_type(node: MapNode) -> Node:
    return ScalarNode(node.pos, "object")
