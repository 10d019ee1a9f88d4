"""Objects, enums, maps and arrays, generated from inline specs into both targets (one tiny
spec per feature, in the style of openapi-python-client's functional tests): open enums,
nesting and recursion, allOf, long $ref chains, a spec without models."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from harness.generate import generate_inline, import_package, spec_with_schemas
from harness.generate import generate_models as build
from harness.models import both, rejects


def test_enums_are_open(tmp_path: Path) -> None:
    pkgs = build(
        tmp_path,
        """
        Color: {type: string, enum: [red, green, "it's \\"blue\\""]}
        Thing:
          type: object
          required: [color]
          properties:
            color: {$ref: '#/components/schemas/Color'}
            level: {type: integer, enum: [1, 2, 3]}
            const_kind: {type: string, const: fixed}
            stainless: {type: string, enum: [only], x-stainless-const: true}
        """,
    )
    both(pkgs, "Thing", {"color": "red", "level": 2, "const_kind": "fixed", "stainless": "only"})
    both(pkgs, "Thing", {"color": "ultraviolet", "level": 9, "const_kind": "other"})
    both(pkgs, "Thing", {"color": "it's \"blue\""})
    rejects(pkgs, "Thing", {"color": 3}, "color")
    rejects(pkgs, "Thing", {"color": "red", "level": "2"}, "level")


def test_maps_and_arrays(tmp_path: Path) -> None:
    pkgs = build(
        tmp_path,
        """
        Point: {type: object, required: [x], properties: {x: {type: number}}}
        Thing:
          type: object
          properties:
            labels: {type: object, additionalProperties: {type: string}}
            points: {type: object, additionalProperties: {$ref: '#/components/schemas/Point'}}
            free: {type: object, additionalProperties: true}
            matrix: {type: array, items: {type: array, items: {type: integer}}}
            grid: {type: array, items: {type: array, items: {$ref: '#/components/schemas/Point'}}}
            anything: {}
        """,
    )
    data = {
        "labels": {"a": "b"},
        "points": {"p": {"x": 1}, "q": {"x": 2.5, "extra": "kept"}},
        "free": {"nested": {"deep": [1, {"x": None}]}},
        "matrix": [[1, 2], [], [3]],
        "grid": [[{"x": 0}], [{"x": 1}, {"x": 2}]],
        "anything": [None, "x", 1],
    }
    for p in both(pkgs, "Thing", data):
        assert p.points["q"].x == 2.5
        assert p.grid[1][1].x == 2
    rejects(pkgs, "Thing", {"labels": {"a": 1}}, "labels.a")
    rejects(pkgs, "Thing", {"points": {"p": {"x": "1"}}}, "points.p.x")
    rejects(pkgs, "Thing", {"matrix": [[1], [2, "3"]]}, "matrix[1][1]")
    rejects(pkgs, "Thing", {"grid": [[{"x": 0}], [{"y": 1}]]}, "grid[1][0].x")


def test_nested_and_recursive_objects(tmp_path: Path) -> None:
    pkgs = build(
        tmp_path,
        """
        Node:
          type: object
          required: [name]
          properties:
            name: {type: string}
            children: {type: array, items: {$ref: '#/components/schemas/Node'}}
            parent: {anyOf: [{$ref: '#/components/schemas/Node'}, {type: 'null'}]}
            info:
              type: object
              properties:
                depth: {type: integer}
                owner: {type: object, properties: {id: {type: string}}}
        """,
        root="Node",
    )
    tree = {"name": "root", "children": [{"name": "a", "children": [{"name": "b", "parent": None}]}],
            "info": {"depth": 0, "owner": {"id": "o"}}}
    for p in both(pkgs, "Node", tree):
        assert p.children[0].children[0].name == "b"
        assert type(p.info).__name__ == "NodeInfo"
        assert type(p.info.owner).__name__ == "NodeInfoOwner"
    rejects(pkgs, "Node", {"name": "r", "children": [{"name": "a", "children": [{"name": 1}]}]}, "children[0].children[0].name")


def test_all_of_merges_objects_and_keeps_unknown_keys(tmp_path: Path) -> None:
    pkgs = build(
        tmp_path,
        """
        Base: {type: object, required: [id], properties: {id: {type: string}}}
        Thing:
          allOf:
            - $ref: '#/components/schemas/Base'
            - type: object
              properties: {size: {type: integer}}
        """,
    )
    for p in both(pkgs, "Thing", {"id": "x", "size": 3, "unknown": {"k": [1]}}):
        assert p.id == "x" and p.size == 3
    rejects(pkgs, "Thing", {"size": 3}, "id")


def test_a_long_chain_of_components(tmp_path: Path) -> None:
    """Each component is named where it is used, so a chain of $refs is as deep as its
    deepest link, not as the sum of them."""
    links = "".join(
        f"C{i}:\n  type: object\n  properties:\n    n: {{type: integer}}\n    next: {{$ref: '#/components/schemas/C{i + 1}'}}\n"
        for i in range(80)
    )
    pkgs = build(tmp_path, links + "C80:\n  type: object\n  properties:\n    end: {type: boolean}\n", root="C0")
    deep: dict[str, Any] = {"end": True}
    for i in reversed(range(80)):
        deep = {"n": i, "next": deep}
    both(pkgs, "C0", deep)
    bad = copy.deepcopy(deep)
    node = bad
    for _ in range(79):
        node = node["next"]
    node["next"]["end"] = "no"
    rejects(pkgs, "C0", bad, ".".join(["next"] * 80) + ".end")


def test_a_spec_without_models(tmp_path: Path) -> None:
    """An operation that returns a plain string: no model at all, still a working package."""
    spec = spec_with_schemas("Thing: {type: string}\n")
    out, names = generate_inline(tmp_path, spec)
    for name in names.values():
        pkg = import_package(out, name)
        assert pkg.Client(api_key="k").things.get is not None
