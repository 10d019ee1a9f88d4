"""The pointer codec, following `$ref`s and the one walk (generator/lower/refs.py)."""

from __future__ import annotations

from generator.diagnostics import Diagnostics, Pos
from generator.lower.refs import (
    Resolver,
    component_key,
    escape,
    follow_pointer,
    pointer_parts,
    unescape,
    walk,
)
from generator.source import MapNode, Node, ScalarNode, SeqNode

from .support import document


def test_escape_and_unescape_are_inverse_and_order_sensitive() -> None:
    assert escape("a/b~c") == "a~1b~0c"
    assert unescape("a~1b~0c") == "a/b~c"
    # `~01` is an escaped `~` followed by `1`, never a `/`
    assert unescape("~01") == "~1"
    for key in ("plain", "a/b", "~", "~1", "/~0/"):
        assert unescape(escape(key)) == key


def test_pointer_parts_and_component_key() -> None:
    assert pointer_parts("#/components/schemas/a~1b") == ["components", "schemas", "a/b"]
    assert component_key("#/components/schemas/a~1b") == "a/b"
    assert component_key("#/components/schemas/A/properties/x") is None
    assert component_key("#/paths/~1things") is None
    assert component_key("other.yaml#/A") is None


def test_follow_pointer_through_maps_and_lists() -> None:
    doc = document(
        """
        paths:
          /things/{id}:
            parameters:
              - name: id
              - name: other
        """
    )
    found = follow_pointer(doc.root, "#/paths/~1things~1{id}/parameters/1/name")
    assert isinstance(found, ScalarNode) and found.value == "other"
    assert follow_pointer(doc.root, "#/paths/~1things~1{id}/parameters/2") is None
    assert follow_pointer(doc.root, "#/paths/missing") is None
    assert follow_pointer(doc.root, "#/paths/~1things~1{id}/parameters/x") is None


def test_resolver_reports_dangling_and_remote_refs_at_the_ref() -> None:
    doc = document(
        """
        a: {$ref: '#/nowhere'}
        b: {$ref: 'other.yaml#/X'}
        c: {$ref: 3}
        d: {$ref: '#/a'}
        """
    )
    diags = Diagnostics()
    resolver = Resolver(doc.root, diags)
    for key in ("a", "b", "c"):
        node = doc.root.get(key)
        assert isinstance(node, MapNode)
        assert resolver.resolve(node) == (None, None)
    d = doc.root.get("d")
    assert isinstance(d, MapNode)
    assert resolver.resolve(d) == (doc.root.get("a"), None)
    messages = sorted((p.pos.line, p.message.split(":")[0]) for p in diags.problems)
    assert messages == [(2, "dangling $ref '#/nowhere'"), (3, "unsupported $ref 'other.yaml#/X'"), (4, "$ref must be a string")]
    assert all(p.pos.col > 4 for p in diags.problems)  # at the value, not at the mapping


def test_walk_visits_each_node_once_in_the_given_order() -> None:
    pos = Pos("f", 1, 1)
    a, b, c = SeqNode(pos), SeqNode(pos), SeqNode(pos)
    a.items.extend([b, c])
    b.items.extend([c, a])  # a cycle and a shared node
    c.items.append(b)
    visited = list(walk([a], lambda n: n.items if isinstance(n, SeqNode) else []))
    assert visited == [a, b, c]


def test_walk_children_decide_what_is_followed() -> None:
    doc = document("x: {$ref: '#/y'}\ny: {$ref: '#/x'}\n")
    resolver = Resolver(doc.root, Diagnostics())

    def follow(node: Node) -> list[Node]:
        target = resolver.target(node)
        return [target] if target is not None else []

    x = doc.root.get("x")
    assert x is not None
    assert list(walk([x], follow)) == [x, doc.root.get("y")]  # a $ref cycle ends
