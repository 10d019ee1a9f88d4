"""The one client driver, `Api`: a client kind (sync or async over httpx2, the standard-library one)
of a pair of generated packages behind one calling convention, so a test reads the same for
the three clients. Coroutines and async paginators are run to completion on the driver's own
event loop; pages are listed whole. Standard library only (the client suites run on 3.9)."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import warnings
from types import ModuleType
from typing import Any, List, Optional, Tuple, Union

from .server import ScriptedServer

CLIENT_KINDS = ("sync", "async", "stdlib")
# the ids the committed clients' tests call with
RUN_ID = "run_abc123"
THREAD_ID = "thread_abc123"


class Api:
    """One client kind of `packages` (the pydantic package, the dataclass package)."""

    def __init__(self, kind: str, packages: Tuple[ModuleType, ModuleType], base_path: str = "/v1") -> None:
        assert kind in CLIENT_KINDS, kind
        self.kind = kind
        self.pkg: ModuleType = packages[1] if kind == "stdlib" else packages[0]
        self.retry: ModuleType = importlib.import_module(self.pkg.__name__ + "._retry")
        self.client_class: Any = self.pkg.AsyncOpenAI if kind == "async" else self.pkg.OpenAI
        self.base_path = base_path
        self.loop: Optional[asyncio.AbstractEventLoop] = asyncio.new_event_loop() if kind == "async" else None
        self._clients: List[Any] = []

    @property
    def is_async(self) -> bool:
        return self.loop is not None

    def resolve(self, value: Any) -> Any:
        """The value, or what it gives when awaited (a coroutine, an AsyncPaginator)."""
        if inspect.isawaitable(value):
            assert self.loop is not None
            return self.loop.run_until_complete(_await(value))
        return value

    def items(self, pages: Any) -> List[Any]:
        """Every item across pages, as `for` / `async for` yields them."""
        if self.loop is not None:

            async def collect() -> List[Any]:
                return [item async for item in pages]

            return self.loop.run_until_complete(collect())
        return list(pages)

    def make(self, target: Union[ScriptedServer, str, None] = None, **kwargs: Any) -> Any:
        """A client for `target` (a scripted server, under `base_path`, or a base URL), key
        `sk-test`, no retries unless asked; closed when the test ends."""
        if isinstance(target, ScriptedServer):
            kwargs.setdefault("base_url", target.url + self.base_path)
        elif target is not None:
            kwargs.setdefault("base_url", target)
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


async def _await(value: Any) -> Any:
    return await value
