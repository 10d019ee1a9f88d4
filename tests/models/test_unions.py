"""Unions, generated from inline specs into both targets: by JSON kind, by tag (with or
without a discriminator), unknown tags kept, recursion through a union, and the unions that
cannot be typed reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness.generate import generate_models as build
from harness.generate import run_generator, spec_with_schemas, write_inputs
from harness.models import both, rejects
from harness.processes import mypy_strict


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
