"""Fixtures of the client suites: the scripted server, instant retries, and `api`, one test
run per client (sync and async over httpx2, the standard-library one)."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import warnings
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from harness.server import ScriptedServer

CLIENT_KINDS = ("sync", "async", "stdlib")
PACKAGES = {"sync": "openai_runs", "async": "openai_runs", "stdlib": "openai_runs_dataclass"}
RUN_ID = "run_abc123"
THREAD_ID = "thread_abc123"


class Api:
    """One client kind behind one calling convention: coroutines are run to completion on
    the fixture's event loop, so each test reads the same for the three clients."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.pkg: ModuleType = importlib.import_module(PACKAGES[kind])
        self.retry: ModuleType = importlib.import_module(PACKAGES[kind] + "._retry")
        self.client_class: Any = self.pkg.AsyncOpenAI if kind == "async" else self.pkg.OpenAI
        self.loop: asyncio.AbstractEventLoop | None = asyncio.new_event_loop() if kind == "async" else None
        self._clients: list[Any] = []

    @property
    def is_async(self) -> bool:
        return self.loop is not None

    def resolve(self, value: Any) -> Any:
        if inspect.isawaitable(value):
            assert self.loop is not None
            return self.loop.run_until_complete(value)
        return value

    def make(self, server: ScriptedServer | None = None, **kwargs: Any) -> Any:
        """A client for `server` (base URL with a /v1 prefix), key `sk-test`, no retries
        unless asked; closed when the test ends."""
        if server is not None:
            kwargs.setdefault("base_url", server.url + "/v1")
        kwargs.setdefault("api_key", "sk-test")
        kwargs.setdefault("max_retries", 0)
        client = self.client_class(**kwargs)
        self._clients.append(client)
        return client

    def cancel(
        self, client: Any, run_id: Any = RUN_ID, *, raw: bool = False, warn: bool = False, **kwargs: Any
    ) -> Any:
        """`client.beta.threads.runs[.with_raw_response].cancel(run_id, thread_id=..., **kwargs)`,
        with the DeprecationWarning silenced unless `warn`."""
        kwargs.setdefault("thread_id", THREAD_ID)
        runs = client.beta.threads.runs
        method = runs.with_raw_response.cancel if raw else runs.cancel
        if warn:
            return self.resolve(method(run_id, **kwargs))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return self.resolve(method(run_id, **kwargs))

    def close(self, client: Any) -> None:
        self.resolve(client.close())

    def finish(self) -> None:
        for client in self._clients:
            self.close(client)
        if self.loop is not None:
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.close()


@pytest.fixture(params=CLIENT_KINDS)
def api(request: pytest.FixtureRequest) -> Iterator[Api]:
    helper = Api(request.param)
    yield helper
    helper.finish()


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    scripted = ScriptedServer().start()
    yield scripted
    scripted.stop()


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retry waits recorded instead of slept, in every generated package."""
    waited: list[float] = []

    def sleep(seconds: float) -> None:
        waited.append(seconds)

    async def async_sleep(seconds: float) -> None:
        waited.append(seconds)

    for name in set(PACKAGES.values()):
        retry = importlib.import_module(name + "._retry")
        monkeypatch.setattr(retry, "sleep", sleep)
        if hasattr(retry, "async_sleep"):
            monkeypatch.setattr(retry, "async_sleep", async_sleep)
    return waited


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Tests start without the client's environment variables."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return {}
