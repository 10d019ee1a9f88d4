"""The transport of the pydantic target's clients: httpx2, sync and async.

`SyncAPIClient` and `AsyncAPIClient` drive the shared request loop (`_loop`) over an
httpx2 client (one connection pool per client, shared by its `with_options` copies).
"""

from __future__ import annotations

from collections.abc import Awaitable, Generator
from typing import Callable, Optional, TypeVar, Union

import httpx2

from . import _retry
from ._core import ApiKey, BaseClient, ClientConfig
from ._loop import Attempt, Failed, Outcome, Received, Step, run_sync
from ._response import APIResponse
from ._types import NOT_GIVEN, Body, Headers, NotGiven, Query

__all__ = ["AsyncAPIClient", "Response", "ResponseHeaders", "SyncAPIClient", "Timeout", "run_async"]

Response = httpx2.Response
ResponseHeaders = httpx2.Headers
Timeout = Union[float, httpx2.Timeout, None]
"""Seconds for each network operation of an attempt, or an httpx2.Timeout; None: no limit."""

_T = TypeVar("_T")


def _failed(exc: httpx2.RequestError) -> Failed:
    """What an httpx2 error means for the retry loop."""
    if isinstance(exc, httpx2.TimeoutException):
        return Failed(exc, retryable=True, timed_out=True)
    if isinstance(exc, (httpx2.LocalProtocolError, httpx2.UnsupportedProtocol)):
        return Failed(exc, retryable=False)  # this request cannot be sent
    return Failed(exc, retryable=True)


class SyncAPIClient(BaseClient):
    """The synchronous client over an httpx2.Client."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        api_key: Optional[ApiKey],
        base_url: Optional[str],
        timeout: Timeout,
        max_retries: int,
        default_headers: Optional[Headers],
        http_client: Optional[httpx2.Client],
    ) -> None:
        super().__init__(
            config,
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
        )
        self._owns_http_client = http_client is None
        self._http_client = httpx2.Client(timeout=timeout) if http_client is None else http_client
        self._bind_resources()

    def _share_transport(self) -> None:
        self._owns_http_client = False

    def _send(self, attempt: Attempt) -> Outcome:
        try:
            response = self._http_client.request(
                attempt.method,
                attempt.url,
                headers=attempt.headers,
                content=attempt.content,
                timeout=attempt.timeout,
            )
        except httpx2.RequestError as exc:
            return _failed(exc)
        return Received(response)

    def _request(
        self,
        method: str,
        path: str,
        *,
        parse: Callable[[bytes], _T],
        query: Optional[Query] = None,
        body: Optional[Body] = None,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
    ) -> APIResponse[_T]:
        """Send a request, retrying as `_retry` says; raise the APIError that fits."""
        loop = self._request_loop(
            method,
            path,
            query=query,
            body=body,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        return APIResponse(run_sync(loop, self._send), parse)

    def close(self) -> None:
        """Close the connection pool (not an http_client you passed in: that one is yours)."""
        if self._owns_http_client:
            self._http_client.close()


async def run_async(
    loop: Generator[Step, Optional[Outcome], Response],
    send: Callable[[Attempt], Awaitable[Outcome]],
) -> Response:
    """Drive `loop` as `_loop.run_sync` does, awaiting each send and `_retry.async_sleep`."""
    step = next(loop)
    while True:
        if isinstance(step, Attempt):
            outcome: Optional[Outcome] = await send(step)
        else:
            await _retry.async_sleep(step)
            outcome = None
        try:
            step = loop.send(outcome)
        except StopIteration as stop:
            response: Response = stop.value
            return response


class AsyncAPIClient(BaseClient):
    """The asynchronous client over an httpx2.AsyncClient."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        api_key: Optional[ApiKey],
        base_url: Optional[str],
        timeout: Timeout,
        max_retries: int,
        default_headers: Optional[Headers],
        http_client: Optional[httpx2.AsyncClient],
    ) -> None:
        super().__init__(
            config,
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
        )
        self._owns_http_client = http_client is None
        self._http_client = (
            httpx2.AsyncClient(timeout=timeout) if http_client is None else http_client
        )
        self._bind_resources()

    def _share_transport(self) -> None:
        self._owns_http_client = False

    async def _send(self, attempt: Attempt) -> Outcome:
        try:
            response = await self._http_client.request(
                attempt.method,
                attempt.url,
                headers=attempt.headers,
                content=attempt.content,
                timeout=attempt.timeout,
            )
        except httpx2.RequestError as exc:
            return _failed(exc)
        return Received(response)

    async def _request(
        self,
        method: str,
        path: str,
        *,
        parse: Callable[[bytes], _T],
        query: Optional[Query] = None,
        body: Optional[Body] = None,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
    ) -> APIResponse[_T]:
        """Send a request, retrying as `_retry` says; raise the APIError that fits."""
        loop = self._request_loop(
            method,
            path,
            query=query,
            body=body,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        return APIResponse(await run_async(loop, self._send), parse)

    async def close(self) -> None:
        """Close the connection pool (not an http_client you passed in: that one is yours)."""
        if self._owns_http_client:
            await self._http_client.aclose()
