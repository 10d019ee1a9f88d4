"""Functional tests in the style of openapi-python-client: one tiny inline spec per
feature, generated into a temporary folder, imported and exercised in both targets."""

from __future__ import annotations

import copy
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from harness.generate import (
    generate_inline,
    import_package,
    mypy_strict,
    run_generator,
    spec_with_schemas,
    write_inputs,
)


def build(tmp_path: Path, schemas: str, root: str = "Thing") -> tuple[ModuleType, ModuleType]:
    out, names = generate_inline(tmp_path, spec_with_schemas(schemas, root))
    return import_package(out, names["pydantic"]), import_package(out, names["dataclass"])


def both(pkgs: tuple[ModuleType, ModuleType], name: str, data: Any) -> list[Any]:
    """Parse `data` with the model `name` of both targets; check round trip and parity."""
    parsed = []
    for pkg in pkgs:
        obj = getattr(pkg, name).from_dict(copy.deepcopy(data))
        assert obj.to_dict() == data, pkg.__name__
        parsed.append(obj)
    assert parsed[0].to_dict() == parsed[1].to_dict()
    return parsed


def rejects(pkgs: tuple[ModuleType, ModuleType], name: str, data: Any, path: str) -> None:
    for pkg in pkgs:
        with pytest.raises(ValueError) as info:
            getattr(pkg, name).from_dict(data)
        assert info.value.path == path, (pkg.__name__, str(info.value))


def test_nullable_and_required_vs_optional(tmp_path: Path) -> None:
    pkgs = build(
        tmp_path,
        """
        Thing:
          type: object
          required: [id, maybe, legacy, nullable_list]
          properties:
            id: {type: string}
            maybe: {type: [integer, 'null']}
            legacy: {type: integer, nullable: true}
            nullable_list: {anyOf: [{type: array, items: {type: string}}, {type: 'null'}]}
            optional: {type: boolean}
        """,
    )
    both(pkgs, "Thing", {"id": "a"})  # nullable required fields may be absent
    both(pkgs, "Thing", {"id": "a", "maybe": None, "legacy": None, "nullable_list": None})
    for p in both(pkgs, "Thing", {"id": "a", "maybe": 1, "legacy": 2, "nullable_list": ["x"], "optional": False}):
        assert (p.maybe, p.legacy, p.nullable_list, p.optional) == (1, 2, ["x"], False)
    for p in both(pkgs, "Thing", {"id": "a"}):
        assert p.maybe is None and p.optional is None
    rejects(pkgs, "Thing", {}, "id")
    rejects(pkgs, "Thing", {"id": None}, "id")
    # an optional field may be sent as null too (kept as sent): its attribute is Optional
    # either way, so accepting what real servers send costs no type safety
    both(pkgs, "Thing", {"id": "a", "optional": None})
    rejects(pkgs, "Thing", {"id": "a", "maybe": "1"}, "maybe")
    rejects(pkgs, "Thing", {"id": "a", "nullable_list": [1]}, "nullable_list[0]")


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


def test_unions_by_kind_and_by_tag(tmp_path: Path) -> None:
    pkgs = build(
        tmp_path,
        """
        Cat: {type: object, required: [kind], properties: {kind: {type: string, enum: [cat]}, lives: {type: integer}}}
        Dog: {type: object, required: [kind], properties: {kind: {type: string, enum: [dog]}, good: {type: boolean}}}
        Pet:
          oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
        Thing:
          type: object
          properties:
            pet: {$ref: '#/components/schemas/Pet'}
            pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}
            mode: {oneOf: [{type: string, enum: [auto]}, {$ref: '#/components/schemas/Dog'}]}
            number_or_text: {oneOf: [{type: number}, {type: string}]}
            tagged:
              oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
              discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}}
        """,
    )
    data = {
        "pet": {"kind": "cat", "lives": 9},
        "pets": [{"kind": "dog", "good": True}, {"kind": "parrot", "words": 3}],
        "mode": "auto",
        "number_or_text": 1.5,
        "tagged": {"kind": "dog"},
    }
    for p in both(pkgs, "Thing", data):
        assert type(p.pet).__name__ == "Cat"
        assert type(p.pets[0]).__name__ == "Dog"
        assert p.pets[1].kind == "parrot"  # unknown tag kept
        assert p.mode == "auto"
    both(pkgs, "Thing", {"mode": {"kind": "dog"}, "number_or_text": "x"})
    both(pkgs, "Thing", {"number_or_text": 3})
    rejects(pkgs, "Thing", {"pet": {"kind": "cat", "lives": "9"}}, "pet.lives")
    rejects(pkgs, "Thing", {"pets": [{"kind": "dog"}, "dog"]}, "pets[1]")
    rejects(pkgs, "Thing", {"number_or_text": True}, "number_or_text")


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


def test_names_that_are_not_python(tmp_path: Path) -> None:
    pkgs = build(
        tmp_path,
        """
        Thing:
          type: object
          properties:
            from: {type: string}
            class: {type: integer}
            1st-place: {type: string}
            a b: {type: string}
            to_dict: {type: string}
            self: {type: string}
            model_config: {type: string}
        """,
    )
    data = {"from": "x", "class": 1, "1st-place": "gold", "a b": "c", "to_dict": "t", "self": "s", "model_config": "m"}
    for p in both(pkgs, "Thing", data):
        assert p.from_ == "x" and p.class_ == 1 and p.n1st_place == "gold" and p.a_b == "c"
        assert p.to_dict_ == "t" and p.self_ == "s" and p.model_config_ == "m"


def test_schema_named_like_a_generated_resource_class(tmp_path: Path) -> None:
    """Resource classes (`Things`, `AsyncThings`, `ThingsWithRawResponse`) are named in the IR's
    namespace, so a schema that takes one of those names keeps it and both still work."""
    pkgs = build(
        tmp_path,
        """
        ThingsWithRawResponse:
          type: object
          required: [id]
          properties: {id: {type: string}}
        """,
        root="ThingsWithRawResponse",
    )
    both(pkgs, "ThingsWithRawResponse", {"id": "x"})
    client = pkgs[0].Client(api_key="k")
    assert type(client.things.with_raw_response).__name__ != "ThingsWithRawResponse"
    assert callable(client.things.with_raw_response.get)


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


def test_recursion_through_a_union(tmp_path: Path) -> None:
    """A union reached again through a property of one of its arms (an expression tree,
    markup whose children are text or elements): the alias names the finished union."""
    pkgs = build(
        tmp_path,
        """
        Doc:
          type: object
          properties:
            expr: {$ref: '#/components/schemas/Expr'}
            body: {type: array, items: {$ref: '#/components/schemas/Node'}}
        Expr:
          oneOf: [{$ref: '#/components/schemas/Lit'}, {$ref: '#/components/schemas/Neg'}]
          discriminator: {propertyName: op}
        Lit: {type: object, required: [op, value], properties: {op: {const: lit}, value: {type: integer}}}
        Neg: {type: object, required: [op, arg], properties: {op: {const: neg}, arg: {$ref: '#/components/schemas/Expr'}}}
        Node:
          anyOf: [{type: string}, {$ref: '#/components/schemas/Element'}]
        Element:
          type: object
          required: [tag]
          properties:
            tag: {type: string}
            children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        """,
        root="Doc",
    )
    result = mypy_strict(*(Path(pkg.__file__).parent for pkg in pkgs))
    assert result.returncode == 0, result.stdout
    deep = {"op": "neg", "arg": {"op": "neg", "arg": {"op": "lit", "value": 3}}}
    body = ["text", {"tag": "p", "children": ["a", {"tag": "b", "children": ["bold"]}]}]
    for p in both(pkgs, "Doc", {"expr": deep, "body": body}):
        assert p.expr.arg.arg.value == 3
        assert p.body[1].children[1].tag == "b"
    both(pkgs, "Doc", {"expr": {"op": "neg", "arg": {"op": "pow", "x": 2}}})  # unknown tag, deep
    rejects(pkgs, "Doc", {"expr": {"op": "neg", "arg": {"op": "lit", "value": "3"}}}, "expr.arg.value")
    rejects(pkgs, "Doc", {"body": [{"tag": "p", "children": [1]}]}, "body[0].children[0]")


@pytest.mark.parametrize(
    "schemas, message",
    [
        ("Expr:\n  oneOf: [{$ref: '#/components/schemas/Expr'}, {type: string}]\n", "$ref cycle"),
        (
            "Expr:\n  oneOf: [{$ref: '#/components/schemas/Neg'}, {type: string}]\n"
            "Neg:\n  type: object\n  properties:\n"
            "    arg: {oneOf: [{$ref: '#/components/schemas/Expr'}, {type: integer}]}\n",
            "inside 'Expr' itself",
        ),
        ("Expr:\n  oneOf: [{type: string}, {type: array, items: {$ref: '#/components/schemas/Expr'}}]\n", "$ref cycle"),
    ],
)
def test_a_union_containing_itself_without_an_object_is_reported(
    tmp_path: Path, schemas: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = spec_with_schemas("Thing:\n  type: object\n  properties:\n    e: {$ref: '#/components/schemas/Expr'}\n" + schemas)
    spec_path, config_path, _ = write_inputs(tmp_path, spec)
    assert run_generator("generate", "--spec", str(spec_path), "--config", str(config_path), "--out", str(tmp_path / "o")) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err, err
    assert not (tmp_path / "o").exists()
