"""Fixtures of the upstream suite: OpenAI's official document generated once per session.

The package is not committed: it is generated into a temporary folder from
spec/upstream/openai-runs.openapi.yaml and spec/upstream/config.yaml. `api` runs a
test once per client of it (sync, async, standard library).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from harness.driver import CLIENT_KINDS, Api
from harness.generate import generate_files, import_package

from .documents import PACKAGES, UPSTREAM_CONFIG, UPSTREAM_SPEC, load_upstream


@pytest.fixture(scope="session")
def upstream_doc() -> dict[str, Any]:
    return load_upstream()


@pytest.fixture(scope="session")
def upstream_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_files(UPSTREAM_SPEC, UPSTREAM_CONFIG, tmp_path_factory.mktemp("upstream") / "out")


@pytest.fixture(scope="session")
def upstream_packages(upstream_out: Path) -> tuple[ModuleType, ModuleType]:
    pydantic_pkg, dataclass_pkg = (import_package(upstream_out, name) for name in PACKAGES)
    return pydantic_pkg, dataclass_pkg


@pytest.fixture(params=CLIENT_KINDS)
def api(request: pytest.FixtureRequest, upstream_packages: tuple[ModuleType, ModuleType]) -> Iterator[Api]:
    """The upstream packages, once per client kind."""
    helper = Api(request.param, upstream_packages)
    yield helper
    helper.finish()
