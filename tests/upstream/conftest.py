"""Fixtures of the upstream suite: OpenAI's official document generated once per session.

The package is not committed: it is generated into a temporary folder from
/work/shared/upstream/openai-runs.openapi.yaml and spec/upstream/config.yaml.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from support import import_package, run_generator

from .documents import PACKAGES, UPSTREAM_CONFIG, UPSTREAM_SPEC, load_upstream


@pytest.fixture(scope="session")
def upstream_doc() -> dict[str, Any]:
    return load_upstream()


@pytest.fixture(scope="session")
def upstream_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("upstream") / "out"
    code = run_generator("generate", "--spec", str(UPSTREAM_SPEC), "--config", str(UPSTREAM_CONFIG), "--out", str(out))
    assert code == 0, f"generator exited {code}"
    return out


@pytest.fixture(scope="session")
def upstream_packages(upstream_out: Path) -> tuple[ModuleType, ModuleType]:
    pydantic_pkg, dataclass_pkg = (import_package(upstream_out, name) for name in PACKAGES)
    return pydantic_pkg, dataclass_pkg
