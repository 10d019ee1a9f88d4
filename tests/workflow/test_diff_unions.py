"""`diff` on the unions a tag does not settle: untagged object arms and several array arms
are described arm by arm, added and removed, each judged by its side."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

from .inputs import SPEC, edit, write

SQUARE_ARM = "        - $ref: '#/components/schemas/Square'\n"
# Shape without its discriminator, Square's tag no longer telling it apart from Circle
UNTAGGED = edit(
    edit(SPEC, "      discriminator: {propertyName: type}\n", ""),
    "type: {type: string, enum: [square]}",
    "type: {type: string, enum: [circle]}",
)
TRIANGLE = """\
    Triangle:
      type: object
      required: [type, corners]
      properties:
        type: {type: string, enum: [circle]}
        corners: {type: integer}
"""
THING_INPUT = "        title: {type: string}\n"
BODY_NOTE = "                note: {type: string}\n"
ARMS = "{type: string}, {type: array, items: {type: string}}, {type: array, items: {type: integer}}"
ARRAYS = "{oneOf: [" + ARMS + "]}"
ARRAYS_MORE = "{oneOf: [" + ARMS + ", {type: array, items: {type: array, items: {type: integer}}}]}"


def run(tmp: Path, old: str, new: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    base, spec, config = write(tmp, old, new)
    code = main(["diff", "--base", str(base), "--spec", str(spec), "--config", str(config)])
    return code, capsys.readouterr().out


def test_untagged_object_arms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Readers of an untagged union may meet a new class (breaking); writers may send it."""
    three = (
        edit(UNTAGGED, SQUARE_ARM, SQUARE_ARM + "        - $ref: '#/components/schemas/Triangle'\n")
        + TRIANGLE
    )
    code, out = run(tmp_path / "added", UNTAGGED, three, capsys)
    assert code == 1, out
    breaking, compatible = out.split("Compatible (")
    assert "- Shape: may now be Triangle\n" in breaking, out
    assert "- ShapeParam: may now be TriangleParam\n" in compatible, out
    code, out = run(tmp_path / "removed", three, UNTAGGED, capsys)
    assert code == 1, out
    breaking, compatible = out.split("Compatible (")
    assert "- ShapeParam: may no longer be TriangleParam\n" in breaking, out
    assert "- Shape: may no longer be Triangle\n" in compatible, out


def test_from_tagged_to_untagged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(tmp_path, SPEC, UNTAGGED, capsys)
    assert "tag 'square' removed" in out and "Traceback" not in out, out
    assert code == 1, out  # the tag property changed: readers branch on it


def test_several_array_arms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = edit(
        edit(SPEC, THING_INPUT, THING_INPUT + f"        input: {ARRAYS}\n"),
        BODY_NOTE,
        BODY_NOTE + f"                input: {ARRAYS}\n",
    )
    new = old.replace(ARRAYS, ARRAYS_MORE)
    code, out = run(tmp_path / "added", old, new, capsys)
    assert code == 1, out
    breaking, compatible = out.split("Compatible (")
    assert "- Thing.input: may now be list[list[int]]\n" in breaking, out
    assert "- client.things.create(input): may now be list[list[int]]\n" in compatible, out
    code, out = run(tmp_path / "removed", new, old, capsys)
    breaking, compatible = out.split("Compatible (")
    assert "- client.things.create(input): may no longer be list[list[int]]\n" in breaking, out
    assert "- Thing.input: may no longer be list[list[int]]\n" in compatible, out
    # the other arms are paired by their shape: nothing else changed
    assert out.count("may no longer be") == 2 and "may now be" not in out, out
