"""Fixtures of the client suites: the scripted server, instant retries, and `api`, one test
run per client of the committed packages (sync and async over httpx2, the standard-library
one)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from harness.driver import CLIENT_KINDS, Api
from harness.paths import PACKAGES


@pytest.fixture(params=CLIENT_KINDS)
def api(request: pytest.FixtureRequest) -> Iterator[Api]:
    """The committed packages, once per client kind."""
    pydantic_pkg, dataclass_pkg = (importlib.import_module(name) for name in PACKAGES)
    helper = Api(request.param, (pydantic_pkg, dataclass_pkg))
    yield helper
    helper.finish()


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retry waits recorded instead of slept, in every generated package."""
    waited: list[float] = []

    def sleep(seconds: float) -> None:
        waited.append(seconds)

    async def async_sleep(seconds: float) -> None:
        waited.append(seconds)

    for name in PACKAGES:
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
