"""Typed, positioned accessors over located nodes (the config and the OpenAPI document).

A `Reader` reads one kind of value out of a `MapNode` and, when the node holds something
else, reports it at the node's own FILE:LINE:COL and returns None: callers get plain typed
values (`Located[str]`, `bool`, `MapNode`...) and never look at node classes themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Optional, TypeVar

from .diagnostics import Diagnostics, Pos
from .source import MapNode, Node, ScalarNode, SeqNode

T = TypeVar("T")


@dataclass(frozen=True)
class Located(Generic[T]):
    """A value read from the input and where it was written."""

    value: T
    pos: Pos


def scalar_text(node: Optional[Node]) -> Optional[str]:
    """The string a scalar node holds, or None (no problem reported)."""
    if isinstance(node, ScalarNode) and isinstance(node.value, str):
        return node.value
    return None


def is_true(node: Optional[Node]) -> bool:
    """Whether a node is the scalar `true` (absent or anything else: False)."""
    return isinstance(node, ScalarNode) and node.value is True


class Reader:
    """Reads typed values out of located nodes, reporting each problem where it is."""

    def __init__(self, diags: Diagnostics) -> None:
        self.diags = diags

    def map(self, node: Optional[Node], what: str) -> Optional[MapNode]:
        """The node as a mapping; None when absent or (reported) not a mapping."""
        if node is None:
            return None
        if not isinstance(node, MapNode):
            self.diags.error(node.pos, f"{what} must be a mapping")
            return None
        return node

    def seq(self, node: Optional[Node], message: str) -> Optional[SeqNode]:
        """The node as a list; None when absent or (reported with `message`) not a list."""
        if node is None:
            return None
        if not isinstance(node, SeqNode):
            self.diags.error(node.pos, message)
            return None
        return node

    def text(self, parent: MapNode, key: str) -> Optional[Located[str]]:
        """`parent[key]` as a non-empty string; None when absent or (reported) not one."""
        node = parent.get(key)
        if node is None:
            return None
        value = scalar_text(node)
        if not value:
            self.diags.error(node.pos, f"'{key}' must be a non-empty string")
            return None
        return Located(value, node.pos)

    def boolean(self, parent: MapNode, key: str, message: str) -> Optional[Located[bool]]:
        """`parent[key]` as true/false; None when absent or (reported) not a boolean."""
        node = parent.get(key)
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or not isinstance(node.value, bool):
            self.diags.error(node.pos, message)
            return None
        return Located(node.value, node.pos)

    def integer(self, parent: MapNode, key: str, message: str) -> Optional[Located[int]]:
        """`parent[key]` as an integer (not a boolean); None when absent or (reported) not one."""
        node = parent.get(key)
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or isinstance(node.value, bool) or not isinstance(node.value, int):
            self.diags.error(node.pos, message)
            return None
        return Located(node.value, node.pos)

    def number(self, parent: MapNode, key: str, message: str) -> Optional[Located[float]]:
        """`parent[key]` as an int or float (not a boolean); None when absent or (reported) not one."""
        node = parent.get(key)
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or isinstance(node.value, bool) or not isinstance(
            node.value, (int, float)
        ):
            self.diags.error(node.pos, message)
            return None
        return Located(node.value, node.pos)  # an int stays exact (10**400 is no float)

    def known_keys(self, node: MapNode, allowed: tuple[str, ...], what: str) -> None:
        for key in node.keys():
            if key not in allowed:
                self.diags.error(
                    node.key_pos[key], f"unknown key '{key}' in {what} (allowed: {', '.join(allowed)})"
                )
