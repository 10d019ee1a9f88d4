"""Mutations of the real spec/openapi.yaml and spec/config.yaml: break one thing, run
`python -m generator generate` (default paths) in a copy of the project, and check the
problem is reported at the right FILE:LINE:COL while generated/ stays exactly as it was.

Expected positions are computed from the mutated text itself (the line and column where
the offending text sits), so the tests follow the spec as it evolves.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

import pytest
from harness.cli import assert_invalid_input, copy_tree, run_cli, snapshot
from harness.paths import CONFIG, GENERATED, SPEC

SPEC_TEXT = SPEC.read_text(encoding="utf-8")
CONFIG_TEXT = CONFIG.read_text(encoding="utf-8")
S, C = "spec/openapi.yaml", "spec/config.yaml"
PATH_KEY = "/threads/{thread_id}/runs/{run_id}/cancel:"


def position(text: str, needle: str, occurrence: int = 0, offset: int = 0) -> str:
    """`LINE:COL` (1-based) of the `occurrence`-th `needle` in `text`, plus `offset` columns."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    start += offset
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return f"{line}:{col}"


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def schema_block(text: str, name: str) -> str:
    """The lines of components.schemas.`name` (key line included, up to the next key at
    the same indentation or a comment line before it)."""
    match = re.search(rf"^    {re.escape(name)}:\n(?:(?:      .*|\s*)\n)*", text, re.MULTILINE)
    assert match, name
    return match.group(0)


@pytest.fixture(scope="module")
def committed() -> Path:
    """The committed generated/ folder: a folder the generator owns (its content does not
    matter here: every run below fails before writing)."""
    return GENERATED


def run_mutated(
    tmp_path: Path, committed: Path, spec: Optional[str] = None, config: Optional[str] = None, command: str = "generate"
):  # type: ignore[no-untyped-def]
    (tmp_path / "spec").mkdir()
    (tmp_path / S).write_text(SPEC_TEXT if spec is None else spec, encoding="utf-8")
    (tmp_path / C).write_text(CONFIG_TEXT if config is None else config, encoding="utf-8")
    copy_tree(committed, tmp_path / "generated")
    before = snapshot(tmp_path / "generated")
    result = run_cli(tmp_path, command)
    if result.returncode != 0 or command == "check":
        assert snapshot(tmp_path / "generated") == before, "generated/ changed"
    return result


def test_deleted_ref_target(tmp_path: Path, committed: Path) -> None:
    spec = SPEC_TEXT.replace(schema_block(SPEC_TEXT, "RunStatus"), "")
    result = run_mutated(tmp_path, committed, spec)
    where = position(spec, "'#/components/schemas/RunStatus'")
    assert_invalid_input(result, f"{S}:{where}", "dangling $ref '#/components/schemas/RunStatus'")


def test_renamed_ref_target(tmp_path: Path, committed: Path) -> None:
    spec = replace_once(SPEC_TEXT, "\n    Usage:\n", "\n    TokenUsage:\n")
    result = run_mutated(tmp_path, committed, spec)
    where = position(spec, "'#/components/schemas/Usage'")
    assert_invalid_input(result, f"{S}:{where}", "dangling $ref '#/components/schemas/Usage'")


def test_deleted_root_schema(tmp_path: Path, committed: Path) -> None:
    spec = SPEC_TEXT.replace(schema_block(SPEC_TEXT, "Run"), "")
    result = run_mutated(tmp_path, committed, spec)
    where = position(spec, "'#/components/schemas/Run'")
    assert_invalid_input(result, f"{S}:{where}", "dangling $ref")


def test_ref_cycle(tmp_path: Path, committed: Path) -> None:
    block = schema_block(SPEC_TEXT, "RunStatus")
    spec = SPEC_TEXT.replace(block, "    RunStatus:\n      $ref: '#/components/schemas/RunStatus'\n\n")
    result = run_mutated(tmp_path, committed, spec)
    where = position(spec, "'#/components/schemas/RunStatus'", occurrence=1)
    assert_invalid_input(result, f"{S}:{where}", "$ref cycle")


def _tab_lines() -> list[int]:
    """Indented lines spread over the file (operation, parameters, examples, schemas)."""
    lines = SPEC_TEXT.split("\n")
    indented = [i + 1 for i, line in enumerate(lines) if line.startswith("    ") and line.strip() and not line.lstrip().startswith("#")]
    return [indented[int(len(indented) * f)] for f in (0.0, 0.3, 0.6, 0.999)]


@pytest.mark.parametrize("line", _tab_lines())
@pytest.mark.parametrize("where", ["start", "inside"])
def test_tab_in_indentation(tmp_path: Path, committed: Path, line: int, where: str) -> None:
    lines = SPEC_TEXT.split("\n")
    original = lines[line - 1]
    indent = len(original) - len(original.lstrip(" "))
    col = 1 if where == "start" else indent - 1
    lines[line - 1] = original[: col - 1] + "\t" + original[col:]
    result = run_mutated(tmp_path, committed, "\n".join(lines))
    assert_invalid_input(result, f"{S}:{line}:{col}", "tab")


def test_duplicate_key(tmp_path: Path, committed: Path) -> None:
    spec = replace_once(SPEC_TEXT, "      operationId: cancelRun\n", "      operationId: cancelRun\n      operationId: cancelRun\n")
    result = run_mutated(tmp_path, committed, spec)
    where = position(spec, "operationId: cancelRun", occurrence=1)
    assert_invalid_input(result, f"{S}:{where}", "duplicate key 'operationId'")


def test_duplicate_property(tmp_path: Path, committed: Path) -> None:
    block = "        id:\n          type: string\n"
    spec = replace_once(SPEC_TEXT, "        thread_id:\n", block + "        thread_id:\n")
    result = run_mutated(tmp_path, committed, spec)
    where = position(spec, "        id:\n          type: string\n", occurrence=1, offset=8)
    assert_invalid_input(result, f"{S}:{where}", "duplicate key 'id'")


def test_renamed_path_placeholder(tmp_path: Path, committed: Path) -> None:
    spec = replace_once(SPEC_TEXT, PATH_KEY, PATH_KEY.replace("{run_id}", "{runid}"))
    result = run_mutated(tmp_path, committed, spec)
    path_at = position(spec, PATH_KEY.replace("{run_id}", "{runid}"))
    assert_invalid_input(result, f"{S}:{path_at}", "placeholder {runid}")
    name_at = position(spec, "name: run_id", offset=len("name: "))
    assert_invalid_input(result, f"{S}:{name_at}", "'run_id' is not in the path template")


def test_renamed_path_parameter(tmp_path: Path, committed: Path) -> None:
    spec = replace_once(SPEC_TEXT, "name: thread_id", "name: thread")
    result = run_mutated(tmp_path, committed, spec)
    assert_invalid_input(result, f"{S}:{position(spec, PATH_KEY)}", "placeholder {thread_id}")
    assert_invalid_input(result, f"{S}:{position(spec, 'name: thread', offset=6)}", "'thread' is not in the path template")


def test_unknown_type(tmp_path: Path, committed: Path) -> None:
    spec = replace_once(SPEC_TEXT, "        created_at:\n          type: integer", "        created_at:\n          type: int")
    result = run_mutated(tmp_path, committed, spec)
    where = position(spec, "created_at:\n          type: int", offset=len("created_at:\n          type: "))
    assert_invalid_input(result, f"{S}:{where}", "unknown type 'int'")


def test_enum_not_a_list(tmp_path: Path, committed: Path) -> None:
    block = schema_block(SPEC_TEXT, "RunStatus")
    enum_at = block.index("      enum:\n")
    mutated = block[:enum_at] + "      enum: queued\n\n"
    spec = SPEC_TEXT.replace(block, mutated)
    result = run_mutated(tmp_path, committed, spec)
    assert_invalid_input(result, f"{S}:{position(spec, 'enum: queued', offset=6)}", "'enum' must be a non-empty list")


def test_required_names_a_missing_property_is_a_warning(tmp_path: Path, committed: Path) -> None:
    """Valid JSON Schema (OpenAI's own 3.0 editions carry such entries): the entry is
    dropped with a positioned warning, and the key it names reads as an unknown key."""
    block = schema_block(SPEC_TEXT, "Usage")
    mutated = block.replace("- total_tokens", "- all_tokens")
    assert mutated != block
    spec = SPEC_TEXT.replace(block, mutated)
    result = run_mutated(tmp_path, committed, spec)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"{S}:{position(spec, '- all_tokens', offset=2)}: warning: required property 'all_tokens' is not in"
        " 'properties'; the entry is ignored"
    ]
    models = (tmp_path / "generated" / "openai_runs_dataclass" / "models.py").read_text(encoding="utf-8")
    assert "total_tokens: Optional[int]" in models


def test_unsupported_construct(tmp_path: Path, committed: Path) -> None:
    spec = replace_once(SPEC_TEXT, "        thread_id:\n          type: string\n", "        thread_id:\n          type: string\n          prefixItems: [{type: string}]\n")
    result = run_mutated(tmp_path, committed, spec)
    assert_invalid_input(result, f"{S}:{position(spec, 'prefixItems:')}", "unsupported construct: 'prefixItems'")


def test_missing_openapi_field(tmp_path: Path, committed: Path) -> None:
    spec = replace_once(SPEC_TEXT, "openapi: 3.1.0\n", "")
    result = run_mutated(tmp_path, committed, spec)
    # the top-level mapping (which lacks the key) starts at its first key
    assert_invalid_input(result, f"{S}:{position(spec, 'info:')}", "'openapi'")


def test_broken_quote(tmp_path: Path, committed: Path) -> None:
    spec = replace_once(SPEC_TEXT, "$ref: '#/components/schemas/RunStatus'", "$ref: '#/components/schemas/RunStatus")
    result = run_mutated(tmp_path, committed, spec)
    assert_invalid_input(result)
    assert "invalid YAML" in result.stderr


def _truncation_points() -> list[int]:
    """Offsets in the first 85% of the file (before the last schemas, which nothing
    references), at line starts and in the middle of lines."""
    points = []
    for fraction in (0.02, 0.2, 0.45, 0.65, 0.85):
        at = int(len(SPEC_TEXT) * fraction)
        points.append(SPEC_TEXT.rfind("\n", 0, at) + 1)  # a line start
        points.append(at if SPEC_TEXT[at] != "\n" else at - 3)  # mid-line
    return points


@pytest.mark.parametrize("cut", _truncation_points())
def test_truncated_spec(tmp_path: Path, committed: Path, cut: int) -> None:
    """Exit 2 with well-formed positions inside the file, or (where the cut happens to
    leave a valid document: the end of a schema nothing else needs) a clean generation."""
    spec = SPEC_TEXT[:cut]
    result = run_mutated(tmp_path, committed, spec)
    if result.returncode == 0:
        assert cut > SPEC_TEXT.index("\n    Run:\n"), "a spec without the Run schema generated"
        assert result.stderr == ""
        return
    assert_invalid_input(result)
    last_line = spec.count("\n") + 1
    for line in result.stderr.splitlines():
        file, line_no, col = line.split(":")[:3]
        if file == S:
            assert 1 <= int(line_no) <= last_line and int(col) >= 1, line


def test_truncated_config(tmp_path: Path, committed: Path) -> None:
    config = CONFIG_TEXT[: CONFIG_TEXT.index("targets:")]
    result = run_mutated(tmp_path, committed, config=config)
    # the top-level mapping (which lacks the key) starts at its first key
    assert_invalid_input(result, f"{C}:{position(config, 'version:')}", "config needs 'targets'")


def test_config_names_an_operation_the_spec_lacks(tmp_path: Path, committed: Path) -> None:
    config = replace_once(CONFIG_TEXT, "  cancelRun:", "  cancelRuns:")
    result = run_mutated(tmp_path, committed, config=config)
    assert_invalid_input(result, f"{C}:{position(config, 'cancelRuns:')}", "'cancelRuns' is not in the spec")


def test_config_method_not_an_identifier(tmp_path: Path, committed: Path) -> None:
    config = replace_once(CONFIG_TEXT, "method: beta.threads.runs.cancel", "method: beta.threads.runs.cancel-run")
    result = run_mutated(tmp_path, committed, config=config)
    assert_invalid_input(result, f"{C}:{position(config, 'beta.threads.runs.cancel-run')}", "not a Python identifier")


def test_config_unknown_target_kind(tmp_path: Path, committed: Path) -> None:
    config = replace_once(CONFIG_TEXT, "kind: dataclass", "kind: dataclasses")
    result = run_mutated(tmp_path, committed, config=config)
    assert_invalid_input(result, f"{C}:{position(config, 'dataclasses')}", "unknown target kind")


def test_check_reports_broken_spec_and_writes_nothing(tmp_path: Path, committed: Path) -> None:
    spec = SPEC_TEXT.replace(schema_block(SPEC_TEXT, "RunStatus"), "")
    result = run_mutated(tmp_path, committed, spec, command="check")
    assert_invalid_input(result, f"{S}:{position(spec, chr(39) + '#/components/schemas/RunStatus')}", "dangling")
    assert result.stdout == ""
