"""Older (OpenAPI 3.0) editions of OpenAI's document generate with the same config, and the
packages type-check and parse every Runs example the edition carries (tests/upstream/editions)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from harness.generate import fresh_packages, generate_files
from harness.processes import mypy_strict

from .documents import PACKAGES, UPSTREAM_CONFIG, assert_examples_round_trip, documented_examples

EDITIONS = Path(__file__).resolve().parent / "editions"


class Edition:
    def __init__(self, spec: Path, out: Path, packages: list[ModuleType]) -> None:
        self.spec = spec
        self.out = out
        self.packages = packages  # pydantic, dataclass
        with open(spec, encoding="utf-8") as fh:
            self.doc: dict[str, Any] = yaml.safe_load(fh)


@pytest.fixture(scope="module", params=sorted(p.name for p in EDITIONS.glob("*.yaml")))
def edition(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Edition]:
    """The edition generated, its packages imported fresh: other suites (and the other
    edition) import packages of the same names."""
    spec = EDITIONS / request.param
    out = generate_files(spec, UPSTREAM_CONFIG, tmp_path_factory.mktemp("edition") / "out")
    with fresh_packages(out, *PACKAGES) as packages:
        yield Edition(spec, out, packages)


def test_editions_are_3_0_documents() -> None:
    versions = {}
    for path in sorted(EDITIONS.glob("*.yaml")):
        with open(path, encoding="utf-8") as fh:
            versions[path.name] = yaml.safe_load(fh)["openapi"]
    assert len(versions) == 2 and set(versions.values()) == {"3.0.0"}, versions


def test_packages_pass_mypy_strict(edition: Edition) -> None:
    result = mypy_strict(*(edition.out / name for name in PACKAGES), python_version="3.11")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_runs_operation_is_generated(edition: Edition) -> None:
    for pkg in edition.packages:
        runs = pkg.OpenAI(api_key="k", base_url="http://127.0.0.1:9").beta.threads.runs
        for method in ("create", "list", "retrieve", "update", "cancel", "submit_tool_outputs"):
            assert callable(getattr(runs, method)), (pkg.__name__, method)


def test_documented_examples_round_trip(edition: Edition) -> None:
    examples = documented_examples(edition.doc)
    assert len(examples) >= 8, [label for label, _, _ in examples]
    assert_examples_round_trip(examples, edition.packages)


def test_a_wrong_type_is_still_rejected_with_its_path(edition: Edition) -> None:
    examples = [value for _, key, value in documented_examples(edition.doc) if key == "RunObject"]
    bad = copy.deepcopy(examples[0])
    bad["created_at"] = "1699075072"
    for pkg in edition.packages:
        with pytest.raises(ValueError, match="created_at"):
            pkg.Run.from_dict(bad)
