"""Fixtures of the stream, upload and download suites: the runtime modules inside a copy of
each committed package (until the generator ships them), the packages generated from OpenAI's
whole document (once per session), and the loopback server."""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, Iterator

import pytest
from harness.generate import generate_once, import_package
from stream_server import StreamServer

ROOT = Path(__file__).resolve().parent.parent.parent
RUNTIME = ROOT / "templates" / "runtime"
FILES = ("_streaming.py", "_multipart.py", "_binary.py")
PACKAGES = {"pydantic": "openai_runs", "dataclass": "openai_runs_dataclass"}


def _package(tmp: Path, kind: str) -> ModuleType:
    """The committed package of `kind`, with the stream runtime copied in when it lacks it."""
    name = PACKAGES[kind]
    source = ROOT / "generated" / name
    if all((source / f).exists() for f in FILES):
        return importlib.import_module(name)
    copy_name = f"streams_{kind}"
    shutil.copytree(source, tmp / copy_name)
    for file in FILES:
        shutil.copy(RUNTIME / file, tmp / copy_name / file)
    if str(tmp) not in sys.path:
        sys.path.insert(0, str(tmp))
    importlib.invalidate_caches()
    return importlib.import_module(copy_name)


@pytest.fixture(scope="session")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    tmp = tmp_path_factory.mktemp("stream_packages")
    return {kind: _package(tmp, kind) for kind in PACKAGES}


@pytest.fixture(scope="session")
def whole_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packages of OpenAI's whole document (specs/whole.config.yaml), generated once."""
    spec = ROOT / "spec" / "upstream" / "openai-openapi.yaml"
    return generate_once(spec, Path(__file__).resolve().parent / "specs" / "whole.config.yaml", tmp_path_factory)


@pytest.fixture(scope="session")
def whole(whole_out: Path) -> Dict[str, ModuleType]:
    """Both targets of the whole document: `whole_p` (pydantic) and `whole_d` (dataclass)."""
    return {name: import_package(whole_out, name) for name in ("whole_p", "whole_d")}


@pytest.fixture(params=sorted(PACKAGES))
def pkg(request: pytest.FixtureRequest, packages: dict[str, ModuleType]) -> ModuleType:
    """One package per target (both carry the same runtime modules)."""
    return packages[request.param]


def runtime(package: ModuleType, module: str) -> ModuleType:
    return importlib.import_module(f"{package.__name__}.{module}")


@pytest.fixture
def server() -> Iterator[StreamServer]:
    srv = StreamServer()
    yield srv
    srv.close()


@pytest.fixture(params=["sync", "async", "stdlib"])
def harness(request: pytest.FixtureRequest, packages: dict[str, ModuleType], server: StreamServer) -> Iterator[Any]:
    """One transport per run: httpx2 sync, httpx2 async, http.client."""
    from stream_clients import TARGET, Harness

    h = Harness(request.param, packages[TARGET[request.param]], server)
    yield h
    h.close()
