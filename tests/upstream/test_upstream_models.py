"""OpenAI's official document (3.1, info.version 2.3.0) generates models that type-check,
import, and parse every example the document carries, in both targets."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from harness.processes import mypy_strict

from generator.naming import class_name
from generator.pipeline import build_package

from .documents import (
    PACKAGES,
    UPSTREAM_CONFIG,
    UPSTREAM_SPEC,
    assert_examples_round_trip,
    documented_examples,
)


def test_models_pass_mypy_strict(upstream_out: Path) -> None:
    result = mypy_strict(*(upstream_out / name for name in PACKAGES), python_version="3.11")
    assert result.returncode == 0, result.stdout + result.stderr


def test_packages_import_and_export_run(upstream_packages: tuple[ModuleType, ModuleType]) -> None:
    for pkg in upstream_packages:
        assert pkg.Run.__name__ == "Run"
        assert not hasattr(pkg, "RunObject")  # renamed by the config
        for name in ("ListRunsResponse", "AssistantToolsCode", "AssistantToolsFileSearch", "AssistantToolsFunction"):
            assert hasattr(pkg, name), (pkg.__name__, name)


def test_documented_examples_round_trip(
    upstream_doc: dict[str, Any], upstream_packages: tuple[ModuleType, ModuleType]
) -> None:
    examples = documented_examples(upstream_doc)
    # 6 JSON responses of the 7 operations (listRuns' is a list), RunObject's own example,
    # and the run events of the streaming examples
    assert len([e for e in examples if " " not in e[0] or e[0].startswith("RunObject")]) >= 8
    assert any(key == "ListRunsResponse" for _, key, _ in examples)
    assert_examples_round_trip(examples, list(upstream_packages))


def test_examples_read_as_documented(
    upstream_doc: dict[str, Any], upstream_packages: tuple[ModuleType, ModuleType]
) -> None:
    examples = {label: value for label, _, value in documented_examples(upstream_doc)}
    for pkg in upstream_packages:
        page = pkg.ListRunsResponse.from_dict(examples["listRuns[0]"])
        assert [run.id for run in page.data] == ["run_abc123", "run_abc456"]
        assert page.has_more is False and page.last_id == "run_abc456"
        run = pkg.Run.from_dict(examples["RunObject x-oaiMeta.example"])
        assert run.instructions is None  # sent as null: nullable through the config
        assert run.required_action is None  # absent: nullable, so it may be absent
        assert [type(tool).__name__ for tool in run.tools] == ["AssistantToolsFileSearch", "AssistantToolsCode"]
        assert run.response_format == "auto" and run.tool_choice == "auto"
        assert run.usage is not None and run.usage.total_tokens == 579
        assert run.truncation_strategy is not None and run.truncation_strategy.last_messages is None
        # an empty page: no first or last id to name
        empty = pkg.ListRunsResponse.from_dict({"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False})
        assert empty.first_id is None and empty.data == []


def test_strictness_is_kept(upstream_doc: dict[str, Any], upstream_packages: tuple[ModuleType, ModuleType]) -> None:
    label, key, run = documented_examples(upstream_doc)[0]
    assert key == "RunObject", label
    for pkg in upstream_packages:
        bad = copy.deepcopy(run)
        bad["created_at"] = "1699076792"  # format: unixtime stays an integer, never coerced
        with pytest.raises(ValueError) as info:
            pkg.Run.from_dict(bad)
        assert info.value.path == "created_at"
        missing = copy.deepcopy(run)
        del missing["id"]
        with pytest.raises(ValueError):
            pkg.Run.from_dict(missing)
        unknown_tool = copy.deepcopy(run)
        unknown_tool["tools"] = [{"type": "web_browser", "extra": 1}]
        assert pkg.Run.from_dict(unknown_tool).to_dict() == unknown_tool


NUMBERED = re.compile(r"\d+$")


def test_names_are_neither_numbered_nor_title_derived(upstream_doc: dict[str, Any]) -> None:
    package = build_package(UPSTREAM_SPEC, UPSTREAM_CONFIG)
    names = {d.name for d in package.declarations} | {d.name for d in package.params_declarations}
    names |= {u.name for u in package.unions}
    assert "Run" in names and "RunObject" not in names
    assert not sorted(n for n in names if NUMBERED.search(n))
    titles: set[str] = set()

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("title"), str):
                titles.add(class_name(node["title"]))
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(upstream_doc["components"]["schemas"])
    collect(upstream_doc["paths"])
    assert len(titles) > 5
    # a title-derived name would be the title itself, or the title + "Param"
    derived = {t for t in titles} | {t + "Param" for t in titles}
    keys = {class_name(k) for k in upstream_doc["components"]["schemas"]}
    assert not sorted((names & derived) - keys)
    # and no name falls back on numbering or a `Model` suffix to resolve a collision
    assert not sorted(n for n in names if n.endswith(("Model", "_")))
