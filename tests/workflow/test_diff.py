"""`diff`: each change named, classified for callers (request vs response side), exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NamedTuple

import pytest

from generator.cli import main

from .inputs import SPEC, edit, write

POSITION = re.compile(r"^[^:\n]+:\d+:\d+: \S", re.M)


class Result(NamedTuple):
    code: int
    out: str
    err: str

    def line(self, location: str) -> str:
        """The one report line about `location` (which must exist)."""
        found = [line for line in self.out.splitlines() if line.startswith(f"- {location}:")]
        assert len(found) == 1, f"{location!r} in:\n{self.out}"
        return found[0]

    def section(self, location: str) -> str:
        """'Breaking' or 'Compatible': the group the line about `location` is listed under."""
        title = ""
        for line in self.out.splitlines():
            if line.startswith(("Breaking (", "Compatible (")):
                title = line.split(" ")[0]
            if line.startswith(f"- {location}:"):
                return title
        raise AssertionError(f"{location!r} not in:\n{self.out}")


def diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], new: str, base: str = SPEC, *extra: str
) -> Result:
    base_path, spec_path, config_path = write(tmp_path, base, new)
    code = main(
        ["diff", "--base", str(base_path), "--spec", str(spec_path), "--config", str(config_path), *extra]
    )
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def test_unchanged_is_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = diff(tmp_path, capsys, SPEC)
    assert result.code == 0
    assert result.out.startswith("No change to the generated API")
    assert result.err == ""


def test_new_optional_response_field_is_compatible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = edit(
        SPEC,
        "        title: {type: string}\n",
        "        title: {type: string}\n        color: {type: string}\n",
    )
    result = diff(tmp_path, capsys, new)
    assert result.code == 0, result.out
    assert result.line("Thing.color") == "- Thing.color: optional field added"
    assert result.section("Thing.color") == "Compatible"
    assert "0 breaking, 1 compatible" in result.out


def test_removed_response_field_breaks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = diff(tmp_path, capsys, edit(SPEC, "        title: {type: string}\n", ""))
    assert result.code == 1
    assert result.line("Thing.title") == "- Thing.title: field removed"
    assert result.section("Thing.title") == "Breaking"


def test_changed_type_breaks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = diff(tmp_path, capsys, edit(SPEC, "count: {type: integer}", "count: {type: string}"))
    assert result.code == 1
    assert result.line("Thing.count") == "- Thing.count: type changed: int -> str"
    assert result.section("Thing.count") == "Breaking"


def test_new_required_parameter_breaks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = edit(
        SPEC,
        "        - {name: limit, in: query, required: false, schema: {type: integer}}\n",
        "        - {name: limit, in: query, required: false, schema: {type: integer}}\n"
        "        - {name: expand, in: query, required: true, schema: {type: string}}\n",
    )
    result = diff(tmp_path, capsys, new)
    assert result.code == 1
    assert result.line("client.things.get(expand)") == "- client.things.get(expand): required argument added"
    assert result.section("client.things.get(expand)") == "Breaking"


def test_new_value_in_an_open_enum_is_compatible(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = diff(
        tmp_path, capsys, edit(SPEC, "enum: [active, archived]", "enum: [active, archived, deleted]")
    )
    assert result.code == 0, result.out
    assert result.line("ThingStatus") == "- ThingStatus: enum value 'deleted' added"
    assert result.section("ThingStatus") == "Compatible"


def test_invalid_new_spec_is_exit_2_with_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = edit(
        SPEC,
        "status: {$ref: '#/components/schemas/ThingStatus'}",
        "status: {$ref: '#/components/schemas/Nope'}",
    )
    result = diff(tmp_path, capsys, new)
    assert result.code == 2
    assert result.out == ""
    lines = result.err.splitlines()
    assert lines and all(POSITION.match(line) for line in lines), result.err
    assert any(
        line.startswith(f"{tmp_path / 'openapi.yaml'}:") or line.startswith("openapi.yaml:") for line in lines
    )
    assert "Traceback" not in result.err


def test_invalid_base_is_reported_against_the_base(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = diff(tmp_path, capsys, SPEC, edit(SPEC, "count: {type: integer}", "count: {$ref: '#/nowhere'}"))
    assert result.code == 2
    assert result.err.startswith("base.yaml:") or result.err.startswith(f"{tmp_path / 'base.yaml'}:")
    assert POSITION.match(result.err) and "Traceback" not in result.err


def test_json_lists_every_change_for_tools(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = edit(SPEC, "        title: {type: string}\n", "        color: {type: string}\n")
    result = diff(tmp_path, capsys, new, SPEC, "--json")
    assert result.code == 1
    document = json.loads(result.out)
    assert document["breaking"] is True
    assert document["changes"] == [
        {
            "breaking": True,
            "kind": "field-removed",
            "location": "Thing.title",
            "side": "response",
            "message": "field removed",
        },
        {
            "breaking": False,
            "kind": "field-added",
            "location": "Thing.color",
            "side": "response",
            "message": "optional field added",
        },
    ]


def test_one_line_per_change_whatever_the_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = edit(
        SPEC,
        "        title: {type: string}\n",
        '        title: {type: string}\n        "a\\nb\\u2028c": {type: string}\n',
    )
    result = diff(tmp_path, capsys, new)
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == "- Thing.a\\x0ab\\x2028c: optional field added"
    assert len(result.out.splitlines()) == 4
