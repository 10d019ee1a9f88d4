"""Unions a tag does not settle, generated from inline specs into both targets: object arms
told apart by their required keys and const/enum properties, arms sharing a tag value,
ambiguous arms (the first that validates), no arm fitting (an error naming the path), and
several array arms (the first whose items validate). Both targets choose the same arm."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from harness.generate import config_for, generate_inline, import_package, spec_with_schemas
from harness.models import both, rejects
from harness.processes import mypy_strict

SCHEMAS = """
Thing:
  type: object
  properties:
    transcript: {$ref: '#/components/schemas/Transcript'}
    item: {$ref: '#/components/schemas/Item'}
    pair: {$ref: '#/components/schemas/Pair'}
    input: {$ref: '#/components/schemas/Input'}
    items: {type: array, items: {$ref: '#/components/schemas/Item'}}
Transcript:
  oneOf:
    - $ref: '#/components/schemas/Plain'
    - $ref: '#/components/schemas/Diarized'
    - $ref: '#/components/schemas/Verbose'
Plain:
  type: object
  required: [text]
  properties: {text: {type: string}, usage: {type: object}}
Diarized:
  type: object
  required: [task, text, segments]
  properties:
    task: {type: string, enum: [transcribe]}
    text: {type: string}
    segments: {type: array, items: {type: string}}
Verbose:
  type: object
  required: [language, duration, text]
  properties:
    language: {type: string}
    duration: {type: number}
    text: {type: string}
    words: {type: array, items: {type: string}}
Item:
  oneOf:
    - $ref: '#/components/schemas/InputMessage'
    - $ref: '#/components/schemas/OutputMessage'
    - $ref: '#/components/schemas/Call'
    - $ref: '#/components/schemas/Reference'
  discriminator: {propertyName: type}
InputMessage:
  type: object
  required: [role, content]
  properties:
    type: {type: string, enum: [message]}
    role: {type: string, enum: [user, system]}
    content: {type: string}
OutputMessage:
  type: object
  required: [id, type, role, content]
  properties:
    id: {type: string}
    type: {type: string, enum: [message]}
    role: {type: string, enum: [assistant]}
    content: {type: array, items: {type: string}}
Call:
  type: object
  required: [type, name]
  properties: {type: {const: call}, name: {type: string}}
Reference:
  type: object
  required: [id]
  properties: {type: {type: string, enum: [reference]}, id: {type: string}}
Pair:
  anyOf:
    - {$ref: '#/components/schemas/Left'}
    - {$ref: '#/components/schemas/Right'}
Left:
  type: object
  required: [role, content]
  properties: {role: {type: string}, content: {type: string}}
Right:
  type: object
  required: [role, content]
  properties: {role: {type: string}, content: {type: array, items: {type: integer}}}
Input:
  oneOf:
    - {type: string}
    - {type: array, items: {type: string}}
    - {type: array, items: {type: integer}}
    - {type: array, items: {type: array, items: {type: integer}}}
    - {type: array, items: {$ref: '#/components/schemas/Call'}}
"""


# the request side: the same unions as keyword arguments (callers build plain values)
CREATE = """\
  /things:
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                pair: {$ref: '#/components/schemas/Pair'}
                input: {$ref: '#/components/schemas/Input'}
                item: {$ref: '#/components/schemas/Item'}
      responses:
        '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
"""
CALLER = """\
from {package} import Client

client = Client(api_key="k")
client.things.create(pair={{"role": "a", "content": [1]}}, input=[[1, 2]], item={{"id": "r"}})
client.things.create(pair={{"role": "a", "content": "x"}}, input=("a", "b"))
client.things.create(input=[1, 2])
client.things.create(input=[1.5])  # type: ignore[arg-type]
client.things.create(pair={{"role": "a", "content": 1.5}})  # type: ignore[arg-type]
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    spec = spec_with_schemas(SCHEMAS).replace("paths:\n", "paths:\n" + CREATE, 1)
    config = config_for({"getThing": "things.get", "createThing": "things.create"})
    return generate_inline(tmp_path_factory.mktemp("untagged"), spec, config)


@pytest.fixture(scope="module")
def pkgs(generated: tuple[Path, dict[str, str]]) -> Any:
    out, names = generated
    return import_package(out, names["pydantic"]), import_package(out, names["dataclass"])


def kind(p: Any, attr: str) -> str:
    return type(getattr(p, attr)).__name__


def test_both_targets_type_check_and_type_the_request_side(generated: tuple[Path, dict[str, str]]) -> None:
    """Both packages pass mypy --strict, and so does a caller passing each arm of the unions
    as plain values; a value no arm takes is a type error (the ignores must be used)."""
    out, names = generated
    callers = []
    for target, package in names.items():
        caller = out / f"caller_{target}.py"
        caller.write_text(CALLER.format(package=package), encoding="utf-8")
        callers.append(caller)
    result = mypy_strict(*(out / package for package in names.values()), *callers, cwd=out)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    "data, arm",
    [
        ({"text": "hi"}, "Plain"),
        ({"text": "hi", "usage": {}}, "Plain"),
        # every arm has `text`: the arm whose required keys the object has, most keys known
        ({"text": "hi", "language": "en", "duration": 1.5}, "Verbose"),
        ({"text": "hi", "language": "en", "duration": 1.5, "words": ["hi"]}, "Verbose"),
        ({"task": "transcribe", "text": "hi", "segments": []}, "Diarized"),
        # a const contradicted: Diarized ranks last, Plain (all keys it requires) wins
        ({"task": "translate", "text": "hi", "segments": []}, "Plain"),
    ],
)
def test_objects_told_apart_by_required_keys_and_consts(pkgs: Any, data: dict[str, Any], arm: str) -> None:
    for p in both(pkgs, "Thing", {"transcript": data}):
        assert kind(p, "transcript") == arm


@pytest.mark.parametrize(
    "data, arm",
    [
        # two arms tagged `message`: told apart by their required keys, then their enums
        ({"type": "message", "role": "user", "content": "hi"}, "InputMessage"),
        ({"type": "message", "id": "m1", "role": "assistant", "content": ["hi"]}, "OutputMessage"),
        # both have every key they require: `role` contradicts OutputMessage's enum
        ({"type": "message", "id": "m1", "role": "user", "content": "hi"}, "InputMessage"),
        # ... and InputMessage's (the first to validate wins; enums are open)
        ({"type": "message", "id": "m1", "role": "tool", "content": ["x"]}, "OutputMessage"),
        # no tag: the arms whose tag is optional
        ({"role": "user", "content": "hi"}, "InputMessage"),
        ({"id": "r1"}, "Reference"),
        ({"type": "call", "name": "f"}, "Call"),
        ({"type": "later", "x": 1}, "UnknownItem"),  # an unknown tag is kept
    ],
)
def test_arms_sharing_a_tag(pkgs: Any, data: dict[str, Any], arm: str) -> None:
    for p in both(pkgs, "Thing", {"item": data, "items": [data, data]}):
        assert kind(p, "item") == arm
        assert [type(i).__name__ for i in p.items] == [arm, arm]


@pytest.mark.parametrize(
    "data, arm",
    [
        ({"role": "a", "content": "text"}, "Left"),  # both fit the keys: the first valid
        ({"role": "a", "content": [1, 2]}, "Right"),  # Left does not validate
        ({"role": "a", "content": "x", "more": 1}, "Left"),
    ],
)
def test_ambiguous_arms_first_valid_in_document_order(pkgs: Any, data: dict[str, Any], arm: str) -> None:
    for p in both(pkgs, "Thing", {"pair": data}):
        assert kind(p, "pair") == arm


@pytest.mark.parametrize(
    "data, path",
    [
        ({"pair": {"role": "a"}}, "pair.content"),  # no arm has its required keys
        ({"pair": {"role": "a", "content": 3}}, "pair.content"),  # none validates: the first's error
        ({"transcript": {"language": "en"}}, "transcript.text"),
        ({"item": {"type": "message", "role": "user", "content": 1}}, "item.content"),
        ({"items": [{"type": "call", "name": "f"}, {"id": 5}]}, "items[1].id"),
        ({"pair": []}, "pair"),
    ],
)
def test_no_arm_fits_names_the_path(pkgs: Any, data: dict[str, Any], path: str) -> None:
    rejects(pkgs, "Thing", data, path)


@pytest.mark.parametrize(
    "value, first",
    [
        ("text", str),
        (["a", "b"], str),
        ([1, 2], int),
        ([[1], [2, 3]], list),
        ([], None),  # an empty array: the first array arm
    ],
)
def test_several_array_arms_first_whose_items_validate(pkgs: Any, value: Any, first: Any) -> None:
    for p in both(pkgs, "Thing", {"input": value}):
        assert p.input == value
        if first is not None and isinstance(value, list):
            assert type(p.input[0]) is first


def test_an_array_of_models_among_array_arms(pkgs: Any) -> None:
    calls = [{"type": "call", "name": "f"}, {"type": "call", "name": "g", "extra": [1]}]
    for p in both(pkgs, "Thing", {"input": calls}):
        assert [type(c).__name__ for c in p.input] == ["Call", "Call"]
        assert p.input[1].name == "g"


@pytest.mark.parametrize(
    "value, path",
    [([1, "a"], "input[0]"), ([True], "input[0]"), ([{"type": "call"}], "input[0]"), (3, "input")],
)
def test_no_array_arm_fits_names_the_path(pkgs: Any, value: Any, path: str) -> None:
    rejects(pkgs, "Thing", {"input": value}, path)


def test_from_json_chooses_the_same_arm(pkgs: Any) -> None:
    """pydantic's dispatch sees the parsed JSON there (one pass in pydantic-core): the same
    verdicts as from a dict, in both targets."""
    data = {
        "transcript": {"text": "hi", "language": "en", "duration": 1},
        "item": {"type": "message", "id": "m1", "role": "assistant", "content": ["hi"]},
        "pair": {"role": "a", "content": [1]},
        "input": [[1]],
        "items": [{"role": "user", "content": "hi"}, {"id": "r"}],
    }
    for pkg in pkgs:
        p = pkg.Thing.from_json(json.dumps(data))
        assert (kind(p, "transcript"), kind(p, "item"), kind(p, "pair")) == ("Verbose", "OutputMessage", "Right")
        assert [type(i).__name__ for i in p.items] == ["InputMessage", "Reference"]
        assert p.to_dict() == data
