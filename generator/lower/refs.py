"""References: the one JSON-pointer codec, the one way to follow a `$ref`, the one walk.

`follow_pointer` resolves a local pointer (`#/a/b~1c/0`) in the document tree; `Resolver`
follows the `$ref` of a schema node and reports what cannot be followed at the `$ref`'s
position; `walk` visits a graph of nodes once each (its own seen-set), the caller saying
what the children of a node are (and so whether `$ref`s are followed).
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Optional

from ..diagnostics import Diagnostics, Pos
from ..reader import Located
from ..source import MapNode, Node, ScalarNode, SeqNode

COMPONENT_PREFIX = "#/components/schemas/"


def unescape(part: str) -> str:
    """One JSON-pointer segment as the key it names (`a~1b` -> `a/b`, `~0` -> `~`)."""
    return part.replace("~1", "/").replace("~0", "~")


def escape(key: str) -> str:
    """A key as one JSON-pointer segment (`a/b` -> `a~1b`)."""
    return key.replace("~", "~0").replace("/", "~1")


def pointer_parts(ref: str) -> list[str]:
    """The keys of a local pointer `#/a/b~1c` -> ['a', 'b/c']."""
    return [unescape(p) for p in ref[2:].split("/")]


def component_key(ref: str) -> Optional[str]:
    """The `components/schemas` key a `$ref` names, or None when it points elsewhere."""
    if not ref.startswith("#/"):
        return None
    parts = pointer_parts(ref)
    return parts[2] if len(parts) == 3 and parts[:2] == ["components", "schemas"] else None


def follow_pointer(root: Node, ref: str) -> Optional[Node]:
    """The node a local `$ref` (`#/a/b~1c/0`) points at, or None."""
    if not ref.startswith("#/"):
        return None
    node: Optional[Node] = root
    for part in pointer_parts(ref):
        if isinstance(node, MapNode):
            node = node.get(part)
        elif isinstance(node, SeqNode) and part.isdigit() and int(part) < len(node):
            node = node.items[int(part)]
        else:
            return None
        if node is None:
            return None
    return node


def ref_text(node: Node) -> Optional[Located[str]]:
    """The `$ref` of a schema node when it holds a string, and where it is written."""
    if not isinstance(node, MapNode):
        return None
    ref = node.get("$ref")
    if isinstance(ref, ScalarNode) and isinstance(ref.value, str):
        return Located(ref.value, ref.pos)
    return None


def walk(start: Iterable[Node], children: Callable[[Node], Iterable[Node]]) -> Iterator[Node]:
    """Every node reachable from `start` through `children`, once each, depth first, in
    the order `children` gives (a cycle or a shared node is visited once)."""
    seen: set[int] = set()
    stack: list[Node] = list(reversed(list(start)))
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        stack.extend(reversed(list(children(node))))


class Resolver:
    """Follows `$ref`s in one document; problems are reported where the `$ref` is written."""

    def __init__(self, root: MapNode, diags: Diagnostics) -> None:
        self.root = root
        self.diags = diags

    def lookup(self, ref: str, pos: Pos) -> tuple[Optional[Node], Optional[str]]:
        """The node a `$ref` string points at and, for a component schema, its key."""
        if not ref.startswith("#/"):
            self.diags.error(pos, f"unsupported $ref {ref!r}: only local references ('#/...') are supported")
            return None, None
        node = follow_pointer(self.root, ref)
        if node is None:
            self.diags.error(pos, f"dangling $ref {ref!r}: nothing at that location")
            return None, None
        return node, component_key(ref)

    def resolve(self, node: MapNode) -> tuple[Optional[Node], Optional[str]]:
        """Follow the `$ref` of a schema node; return the target and its component key."""
        ref = node.get("$ref")
        if not isinstance(ref, ScalarNode) or not isinstance(ref.value, str):
            self.diags.error((ref or node).pos, "$ref must be a string")
            return None, None
        return self.lookup(ref.value, ref.pos)

    def target(self, node: Node) -> Optional[Node]:
        """The `$ref` target of a node holding a string `$ref`, reporting what does not resolve."""
        ref = ref_text(node)
        if ref is None:
            return None
        return self.lookup(ref.value, ref.pos)[0]

    def quietly(self, node: Node) -> Optional[Node]:
        """The target of a `$ref`, or None; problems are reported where the schema is lowered."""
        ref = ref_text(node)
        return follow_pointer(self.root, ref.value) if ref is not None else None

    def deref(self, node: Node) -> Optional[Node]:
        """The node itself, or what its `$ref` points at (None: reported)."""
        if isinstance(node, MapNode) and "$ref" in node:
            return self.resolve(node)[0]
        return node
