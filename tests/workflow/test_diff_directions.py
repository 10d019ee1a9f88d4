"""Direction decides: on the request side callers write (widening is compatible, narrowing
breaks), on the response side callers read (the reverse), and enums are open."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

from .inputs import SPEC, edit, write

BODY_NOTE = "                note: {type: string}\n"
QUERY_LIMIT = "        - {name: limit, in: query, required: false, schema: {type: integer}}\n"

# (id, old text, new text, location, message, breaking)
CASES = [
    # response side: what callers read
    (
        "response-required-now-nullable",
        "count: {type: integer}",
        "count: {type: [integer, 'null']}",
        "Thing.count",
        "field now nullable (may now read None)",
        True,
    ),
    (
        "response-optional-now-nullable",
        "title: {type: string}",
        "title: {type: [string, 'null']}",
        "Thing.title",
        "field now nullable (already read None when absent)",
        False,
    ),
    (
        "response-no-longer-required",
        "required: [id, status, count]",
        "required: [id, status]",
        "Thing.count",
        "field no longer required (may now read None)",
        True,
    ),
    (
        "response-now-required",
        "required: [id, status, count]",
        "required: [id, status, count, title]",
        "Thing.title",
        "field now required",
        False,
    ),
    (
        "response-enum-value-removed",
        "enum: [active, archived]",
        "enum: [active]",
        "ThingStatus",
        "enum value 'archived' removed",
        False,
    ),
    (
        "response-integer-to-number",
        "count: {type: integer}",
        "count: {type: number}",
        "Thing.count",
        "type changed: int -> float",
        True,
    ),
    (
        "response-new-required-field",
        "required: [id, status, count]\n      properties:\n",
        "required: [id, status, count, kind]\n      properties:\n        kind: {type: string}\n",
        "Thing.kind",
        "required field added",
        False,
    ),
    (
        "response-widened-to-a-union",
        "title: {type: string}",
        "title: {type: [string, integer]}",
        "Thing.title",
        "type changed: str -> str | int",
        True,
    ),
    # request side: what callers write
    (
        "request-now-required",
        "required: [name]",
        "required: [name, note]",
        "client.things.create(note)",
        "argument now required",
        True,
    ),
    (
        "request-now-nullable",
        BODY_NOTE,
        "                note: {type: [string, 'null']}\n",
        "client.things.create(note)",
        "argument now accepts None",
        False,
    ),
    (
        "request-enum-value-removed",
        "enum: [small, large]",
        "enum: [small]",
        "client.things.create(size)",
        "enum value 'large' removed",
        True,
    ),
    (
        "request-enum-value-added",
        "enum: [small, large]",
        "enum: [small, large, huge]",
        "client.things.create(size)",
        "enum value 'huge' added",
        False,
    ),
    (
        "request-integer-to-number",
        QUERY_LIMIT,
        QUERY_LIMIT.replace("integer", "number"),
        "client.things.get(limit)",
        "type changed: int -> float",
        False,
    ),
    (
        "request-number-narrowed-to-enum",
        BODY_NOTE,
        "                note: {type: string, enum: [a, b]}\n",
        "client.things.create(note)",
        "type changed: str -> Literal['a', 'b']",
        True,
    ),
    (
        "request-new-optional-body-field",
        BODY_NOTE,
        BODY_NOTE + "                color: {type: string}\n",
        "client.things.create(color)",
        "optional argument added",
        False,
    ),
    (
        "request-typeddict-key-now-required",
        "required: [key]",
        "required: [key, value]",
        "ThingsCreateBodyLabelsItemParam.value",
        "field now required",
        True,
    ),
    ("request-argument-removed", BODY_NOTE, "", "client.things.create(note)", "argument removed", True),
    # operations
    (
        "operation-deprecated",
        "      operationId: getThing\n",
        "      operationId: getThing\n      deprecated: true\n",
        "client.things.get()",
        "now deprecated: The things.get endpoint is deprecated.",
        False,
    ),
]


@pytest.mark.parametrize(
    "old, new, location, message, breaking",
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_direction(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    location: str,
    message: str,
    breaking: bool,
) -> None:
    base, spec, config = write(tmp_path, SPEC, edit(SPEC, old, new))
    code = main(["diff", "--base", str(base), "--spec", str(spec), "--config", str(config)])
    out = capsys.readouterr().out
    assert f"- {location}: {message}\n" in out, out
    listed_under = out.split(f"- {location}: {message}\n")[0].rsplit("\n\n", 1)[-1].split(" ")[0]
    assert listed_under == ("Breaking" if breaking else "Compatible"), out
    assert code == (1 if breaking else 0), out


def test_new_required_body_field_breaks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = edit(SPEC, "required: [name]\n", "required: [name, color]\n")
    new = edit(new, BODY_NOTE, BODY_NOTE + "                color: {type: string}\n")
    base, spec, config = write(tmp_path, SPEC, new)
    assert main(["diff", "--base", str(base), "--spec", str(spec), "--config", str(config)]) == 1
    assert "- client.things.create(color): required argument added\n" in capsys.readouterr().out


def test_operations_added_and_removed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The config maps both operations; a document without one is built without it, so the
    operation shows as added (compatible) or removed (breaking)."""
    one_op = SPEC.split("  /things:\n")[0] + "components:" + SPEC.split("components:")[1]
    base, spec, config = write(tmp_path / "added", one_op, SPEC)
    assert main(["diff", "--base", str(base), "--spec", str(spec), "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "Compatible (" in out and "- client.things.create(): operation added\n" in out, out
    base, spec, config = write(tmp_path / "removed", SPEC, one_op)
    assert main(["diff", "--base", str(base), "--spec", str(spec), "--config", str(config)]) == 1
    out = capsys.readouterr().out
    assert "Breaking (5):\n" in out and "- client.things.create(): operation removed\n" in out, out
    assert "- ThingsCreateBodyLabelsItemParam: params removed (imports of it fail)\n" in out, out


TRIANGLE = """\
    Triangle:
      type: object
      required: [type]
      properties:
        type: {type: string, enum: [triangle]}
"""
SQUARE_ARM = "        - $ref: '#/components/schemas/Square'\n"


def test_tagged_union_arms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A new arm of a tagged union: readers already got unknown tags (as UnknownShape), writers
    may send more. A removed arm: readers get less, writers can no longer send it."""
    three = (
        edit(SPEC, SQUARE_ARM, SQUARE_ARM + "        - $ref: '#/components/schemas/Triangle'\n") + TRIANGLE
    )
    base, spec, config = write(tmp_path / "added", SPEC, three)
    assert main(["diff", "--base", str(base), "--spec", str(spec), "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "- Shape: may now be Triangle\n" in out and "- ShapeParam: may now be TriangleParam\n" in out, out
    base, spec, config = write(tmp_path / "removed", three, SPEC)
    assert main(["diff", "--base", str(base), "--spec", str(spec), "--config", str(config)]) == 1
    out = capsys.readouterr().out
    breaking, compatible = out.split("Compatible (")
    assert "- ShapeParam: may no longer be TriangleParam\n" in breaking, out
    assert "- Shape: may no longer be Triangle\n" in compatible, out
