"""Fixtures of the upstream suite: OpenAI's official document generated once per session.

The package is not committed: it is generated into a temporary folder from
spec/upstream/openai-runs.openapi.yaml and spec/upstream/config.yaml. `api` runs a
test once per client of it (sync, async, standard library); `server` is the scripted server
of tests/clients.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, Optional

import pytest
from harness.generate import import_package, run_generator

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


# --- the clients: one helper per client kind (sync and async pydantic, the dataclass one) ---

ScriptedServer: Any = importlib.import_module("harness.server").ScriptedServer

CLIENT_KINDS = ("sync", "async", "stdlib")


class UpstreamApi:
    """One client kind of the upstream packages behind one calling convention: awaitables
    are run to completion on the helper's own event loop, pages are listed whole, so a test
    reads the same for the three clients. DeprecationWarnings (every operation is
    deprecated) are silenced by the tests' `filterwarnings`."""

    def __init__(self, kind: str, packages: tuple[ModuleType, ModuleType]) -> None:
        self.kind = kind
        self.pkg = packages[1] if kind == "stdlib" else packages[0]
        self.client_class: Any = self.pkg.AsyncOpenAI if kind == "async" else self.pkg.OpenAI
        self.loop: Optional[asyncio.AbstractEventLoop] = asyncio.new_event_loop() if kind == "async" else None
        self._clients: list[Any] = []

    @property
    def is_async(self) -> bool:
        return self.loop is not None

    def resolve(self, value: Any) -> Any:
        """The value, or what it gives when awaited (a coroutine, an AsyncPaginator)."""
        if inspect.isawaitable(value):
            assert self.loop is not None
            return self.loop.run_until_complete(_await(value))
        return value

    def items(self, pages: Any) -> list[Any]:
        """Every item across pages, as `for` / `async for` yields them."""
        if self.is_async:
            assert self.loop is not None

            async def collect() -> list[Any]:
                return [item async for item in pages]

            return self.loop.run_until_complete(collect())
        return list(pages)

    def make(self, base_url: str, **kwargs: Any) -> Any:
        """A client for `base_url`, key `sk-test`, no retries unless asked; closed at the end."""
        kwargs.setdefault("api_key", "sk-test")
        kwargs.setdefault("max_retries", 0)
        client = self.client_class(base_url=base_url, **kwargs)
        self._clients.append(client)
        return client

    def finish(self) -> None:
        for client in self._clients:
            self.resolve(client.close())
        if self.loop is not None:
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.close()


async def _await(value: Any) -> Any:
    return await value


@pytest.fixture(params=CLIENT_KINDS)
def api(request: pytest.FixtureRequest, upstream_packages: tuple[ModuleType, ModuleType]) -> Iterator[UpstreamApi]:
    helper = UpstreamApi(request.param, upstream_packages)
    yield helper
    helper.finish()


@pytest.fixture
def server() -> Iterator[Any]:
    scripted = ScriptedServer().start()
    yield scripted
    scripted.stop()
