"""The three transports behind one calling convention, for the runtime tests: httpx2 sync,
httpx2 async (run to completion on the harness's loop) and http.client, each keeping one
client (one connection pool, or one connection) across the calls of a test (`Harness`); and
the generated clients of the three kinds on the test's server (`Clients`)."""

from __future__ import annotations

import asyncio
import http.client
from types import ModuleType
from typing import Any, Callable, Dict, List, Optional

import httpx2
from conftest import runtime
from stream_server import StreamServer

KINDS = ("sync", "async", "stdlib")
TARGET = {"sync": "pydantic", "async": "pydantic", "stdlib": "dataclass"}


class Harness:
    def __init__(self, kind: str, package: ModuleType, server: StreamServer) -> None:
        self.kind = kind
        self.package = package
        self.streaming = runtime(package, "_streaming")
        self.binary = runtime(package, "_binary")
        self.server = server
        self.loop = asyncio.new_event_loop() if kind == "async" else None
        self.sync_client = httpx2.Client() if kind == "sync" else None
        self.async_client = httpx2.AsyncClient() if kind == "async" else None
        self.connection = http.client.HTTPConnection("127.0.0.1", server.port) if kind == "stdlib" else None
        self.last_response: Any = None

    def run(self, value: Any) -> Any:
        return self.loop.run_until_complete(value) if self.loop is not None else value

    def _send(self, path: str, method: str = "GET", body: Any = None, headers: Any = None) -> Any:
        url = self.server.url + path
        if self.sync_client is not None:
            request = self.sync_client.build_request(method, url, content=body, headers=headers)
            return self.sync_client.send(request, stream=True)
        if self.async_client is not None:
            request = self.async_client.build_request(method, url, content=body, headers=headers)
            return self.run(self.async_client.send(request, stream=True))
        assert self.connection is not None
        self.connection.request(method, path, body=body, headers=dict(headers or {}))
        return self.connection.getresponse()

    def open_stream(self, path: str, parse: Callable[[Any], Any]) -> Any:
        response = self.last_response = self._send(path)
        s = self.streaming
        if self.kind == "sync":
            return s.Stream(response.iter_bytes(), response.close, parse,
                            status_code=response.status_code, headers=response.headers)
        if self.kind == "async":
            return s.AsyncStream(response.aiter_bytes(), response.aclose, parse,
                                 status_code=response.status_code, headers=response.headers)
        body = s.HTTPClientBody(response, self._release)
        headers = runtime(self.package, "_http").ResponseHeaders(response.getheaders())
        return s.Stream(body, body.close, parse, status_code=response.status, headers=headers)

    def events(self, path: str, parse: Callable[[Any], Any], stop_after: Optional[int] = None) -> List[Any]:
        """Iterate a stream to its end, or leave it after `stop_after` events, in a with block."""
        stream = self.open_stream(path, parse)
        if self.loop is not None:
            return self.run(self._async_events(stream, stop_after))
        out: List[Any] = []
        with stream:
            for event in stream:
                out.append(event)
                if stop_after is not None and len(out) >= stop_after:
                    break
        return out

    async def _async_events(self, stream: Any, stop_after: Optional[int]) -> List[Any]:
        out: List[Any] = []
        async with stream:
            async for event in stream:
                out.append(event)
                if stop_after is not None and len(out) >= stop_after:
                    break
        return out

    def response_closed(self) -> bool:
        response = self.last_response
        return bool(response.is_closed if self.kind != "stdlib" else response.isclosed())

    def plain(self, path: str = "/plain", method: str = "GET", body: Any = None, headers: Any = None) -> bytes:
        """A whole request on the same client; the body it answered."""
        response = self._send(path, method, body, headers)
        if self.kind == "sync":
            return bytes(response.read())
        if self.kind == "async":
            return bytes(self.run(response.aread()))
        return bytes(response.read())

    def upload(self, path: str, body: Any) -> bytes:
        """POST a MultipartBody with its headers (async: its `aiter()`); the answer."""
        content = body.aiter() if self.kind == "async" else body
        return self.plain(path, "POST", content, body.headers())

    def open_binary(self, path: str) -> Any:
        """A streaming BinaryResponse (async: AsyncBinaryResponse) of `path`."""
        response = self.last_response = self._send(path)
        b = self.binary
        if self.kind == "sync":
            return b.BinaryResponse(response.iter_bytes(), response.close,
                                    status_code=response.status_code, headers=response.headers)
        if self.kind == "async":
            return b.AsyncBinaryResponse(response.aiter_bytes(), response.aclose,
                                         status_code=response.status_code, headers=response.headers)
        body = self.streaming.HTTPClientBody(response, self._release)
        return b.BinaryResponse(body, body.close, status_code=response.status,
                                headers=runtime(self.package, "_http").ResponseHeaders(response.getheaders()))

    def _release(self, finished: bool) -> None:
        """http.client: a body left early leaves unread bytes on the connection."""
        assert self.connection is not None
        if not finished:
            self.connection.close()

    def close(self) -> None:
        if self.sync_client is not None:
            self.sync_client.close()
        if self.async_client is not None:
            self.run(self.async_client.aclose())
        if self.loop is not None:
            self.loop.close()
        if self.connection is not None:
            self.connection.close()


class Clients:
    """A client of one kind for a package family ("media" or "runs"), on the test's server;
    `call(...)` runs a coroutine to completion for the async client."""

    def __init__(self, kind: str, generated: Dict[str, ModuleType], server: StreamServer) -> None:
        self.kind = kind
        self.generated = generated
        self.server = server
        self.loop = asyncio.new_event_loop() if kind == "async" else None
        self.made: List[Any] = []

    def package(self, family: str) -> ModuleType:
        return self.generated[family + ("_d" if self.kind == "stdlib" else "_p")]

    def client(self, family: str) -> Any:
        pkg = self.package(family)
        cls = pkg.AsyncOpenAI if self.kind == "async" else pkg.OpenAI
        client = cls(api_key="sk-test", base_url=self.server.url + "/v1", max_retries=0)
        self.made.append(client)
        return client

    def call(self, value: Any) -> Any:
        if self.loop is not None and asyncio.iscoroutine(value):
            return self.loop.run_until_complete(value)
        return value

    def events(self, stream: Any, stop_after: int = 0) -> List[Any]:
        """Iterate a stream in its with block (leaving after `stop_after` events if given)."""
        if self.loop is None:
            out = []
            with stream:
                for event in stream:
                    out.append(event)
                    if len(out) == stop_after:
                        break
            return out

        async def collect() -> List[Any]:
            found = []
            async with stream:
                async for event in stream:
                    found.append(event)
                    if len(found) == stop_after:
                        break
            return found

        return self.loop.run_until_complete(collect())

    def close(self) -> None:
        for client in self.made:
            self.call(client.close())
        if self.loop is not None:
            self.loop.close()
