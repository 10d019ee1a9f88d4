"""The transport of the pydantic target's clients: httpx2, sync and async.

`SyncAPIClient` and `AsyncAPIClient` drive the shared request loop (`_loop`) over an
httpx2 client (one connection pool per client, shared by its `with_options` copies).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable
from typing import TYPE_CHECKING, Callable, List, Mapping, Optional, TypeVar, Union

import httpx2

from . import _raw_response, _retry
from ._content import BodyError, DeadlineExceeded, collect, inflate
from ._core import ApiKey, BaseClient, ClientConfig
from ._loop import Attempt, Content, Failed, Outcome, Received, RequestLoop, run_sync
from ._response import APIResponse
from ._types import NOT_GIVEN, Body, Headers, NotGiven, Query

if TYPE_CHECKING:
    from ._content import RequestContent
    from ._streaming import AsyncStream, ServerSentEvent, Stream

__all__ = ["AsyncAPIClient", "Response", "ResponseHeaders", "SyncAPIClient", "Timeout", "run_async"]

Response = httpx2.Response
ResponseHeaders = httpx2.Headers
Timeout = Union[float, httpx2.Timeout, None]
"""Seconds for each network operation of an attempt, or an httpx2.Timeout; None: no limit."""

_T = TypeVar("_T")


def _failed(exc: httpx2.RequestError) -> Failed:
    """What an httpx2 error before the response's status means for the retry loop."""
    if isinstance(exc, httpx2.TimeoutException):
        return Failed(exc, retryable=True, timed_out=True)
    if isinstance(exc, (httpx2.LocalProtocolError, httpx2.UnsupportedProtocol)):
        return Failed(exc, retryable=False)  # this request cannot be sent
    return Failed(exc, retryable=True)


def _after_status(exc: Exception) -> Failed:
    """The body of a response whose status arrived could not be read: not sent again."""
    timed_out = isinstance(exc, (httpx2.TimeoutException, DeadlineExceeded))
    message = str(exc) if isinstance(exc, BodyError) else None
    return Failed(exc, retryable=False, timed_out=timed_out, message=message)


_C = TypeVar("_C", httpx2.Client, httpx2.AsyncClient)


def _lean(client: _C) -> _C:
    """A client made here, without the default headers each request replaces: httpx2 lays
    a request's headers over its client's one by one, and replacing one costs more than
    adding it (these three: about a seventh of `build_request`). What is sent is the same,
    in the same order."""
    for name in _retry.STANDARD_HEADERS:
        del client.headers[name]
    return client


def _async_content(content: Content) -> Union[bytes, AsyncIterator[bytes], None]:
    """httpx2's async client sends a multipart body from an async iterator (a new one for
    each attempt)."""
    if content is None or isinstance(content, bytes):
        return content
    return content.aiter()


def _received(response: httpx2.Response, raw: bytes) -> Outcome:
    try:
        content = inflate(raw, response.headers.get("content-encoding"))
    except BodyError as exc:
        return _after_status(exc)
    # what Response.read() sets (httpx2 has no public way to): the body, decoded by inflate
    response._content = content  # pyright: ignore[reportPrivateUsage]
    return Received(response)


async def _collect_async(chunks: AsyncIterator[bytes], deadline: Optional[float]) -> bytes:
    """`_content.collect` for an async iterator."""
    parts: List[bytes] = []
    async for chunk in chunks:
        parts.append(chunk)
        if deadline is not None and time.monotonic() > deadline:
            raise DeadlineExceeded("the response took longer than the attempt_timeout")
    return b"".join(parts)


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
        attempt_timeout: Optional[float] = None,
        strict_response_validation: bool = True,
        options: Optional[Mapping[str, Optional[str]]] = None,
    ) -> None:
        super().__init__(
            config,
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            attempt_timeout=attempt_timeout,
            strict_response_validation=strict_response_validation,
            options=options,
        )
        self._owns_http_client = http_client is None
        self._http_client = (
            _lean(httpx2.Client(timeout=timeout)) if http_client is None else http_client
        )
        self._bind_resources()

    def _share_transport(self, original: BaseClient) -> None:
        self._owns_http_client = False

    def _send(self, attempt: Attempt, stream: bool = False) -> Outcome:
        """Send one attempt and read its body (`stream`: a 2xx body is left unread, for a
        stream to read as it is iterated)."""
        client = self._http_client
        request = client.build_request(
            attempt.method,
            attempt.url,
            headers=attempt.headers,
            content=attempt.content,
            timeout=attempt.timeout,
        )
        try:
            response = client.send(request, stream=True)
        except httpx2.RequestError as exc:
            return _failed(exc)
        # a transport that answered with its body read (httpx2.MockTransport): nothing to collect
        if response.is_stream_consumed or (stream and response.is_success):
            return Received(response)
        try:
            raw = collect(response.iter_raw(), attempt.deadline)
        except (httpx2.RequestError, BodyError) as exc:
            response.close()
            return _after_status(exc)
        return _received(response, raw)

    def _send_streamed(self, attempt: Attempt) -> Outcome:
        """`_send`, leaving a 2xx body unread."""
        return self._send(attempt, stream=True)

    def _request(
        self,
        method: str,
        path: str,
        *,
        parse: Callable[[bytes], _T],
        query: Optional[Query] = None,
        body: Optional[Body] = None,
        form: Optional[RequestContent] = None,
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
            form=form,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        if _raw_response.streaming():  # `with_streaming_response`: the body is read on demand
            streamed = run_sync(loop, self._send_streamed)
            return APIResponse(
                streamed, parse, self.strict_response_validation, streamed.iter_bytes(), streamed.close
            )
        return APIResponse(run_sync(loop, self._send), parse, self.strict_response_validation)

    def _stream(
        self,
        method: str,
        path: str,
        *,
        parse_event: Callable[[ServerSentEvent], _T],
        query: Optional[Query] = None,
        body: Optional[Body] = None,
        form: Optional[RequestContent] = None,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
    ) -> Stream[_T]:
        """Send a request whose 2xx answer is a stream of server-sent events, read as they
        are iterated; retries and errors as `_request`."""
        from ._streaming import Stream

        loop = self._request_loop(
            method,
            path,
            query=query,
            body=body,
            form=form,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        response = run_sync(loop, self._send_streamed)
        return Stream(
            response.iter_bytes(),
            response.close,
            parse_event,
            status_code=response.status_code,
            headers=response.headers,
        )

    def close(self) -> None:
        """Close the connection pool (not an http_client you passed in: that one is yours)."""
        if self._owns_http_client:
            self._http_client.close()


async def run_async(loop: RequestLoop, send: Callable[[Attempt], Awaitable[Outcome]]) -> Response:
    """Drive `loop` as `_loop.run_sync` does, awaiting each send and `_retry.async_sleep`."""
    while True:
        settled = loop.settle(await send(loop.attempt()))
        if not isinstance(settled, (int, float)):  # else: the seconds to wait
            return settled
        await _retry.async_sleep(settled)


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
        attempt_timeout: Optional[float] = None,
        strict_response_validation: bool = True,
        options: Optional[Mapping[str, Optional[str]]] = None,
    ) -> None:
        super().__init__(
            config,
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            attempt_timeout=attempt_timeout,
            strict_response_validation=strict_response_validation,
            options=options,
        )
        self._owns_http_client = http_client is None
        self._http_client = (
            _lean(httpx2.AsyncClient(timeout=timeout)) if http_client is None else http_client
        )
        self._bind_resources()

    def _share_transport(self, original: BaseClient) -> None:
        self._owns_http_client = False

    async def _send(self, attempt: Attempt, stream: bool = False) -> Outcome:
        """Send one attempt and read its body (`stream`: a 2xx body is left unread, for a
        stream to read as it is iterated)."""
        client = self._http_client
        request = client.build_request(
            attempt.method,
            attempt.url,
            headers=attempt.headers,
            content=_async_content(attempt.content),
            timeout=attempt.timeout,
        )
        try:
            response = await client.send(request, stream=True)
        except httpx2.RequestError as exc:
            return _failed(exc)
        # a transport that answered with its body read (httpx2.MockTransport): nothing to collect
        if response.is_stream_consumed or (stream and response.is_success):
            return Received(response)
        try:
            raw = await _collect_async(response.aiter_raw(), attempt.deadline)
        except (httpx2.RequestError, BodyError) as exc:
            await response.aclose()
            return _after_status(exc)
        return _received(response, raw)

    async def _stream(
        self,
        method: str,
        path: str,
        *,
        parse_event: Callable[[ServerSentEvent], _T],
        query: Optional[Query] = None,
        body: Optional[Body] = None,
        form: Optional[RequestContent] = None,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
    ) -> AsyncStream[_T]:
        """Send a request whose 2xx answer is a stream of server-sent events, read as they
        are iterated; retries and errors as `_request`."""
        from ._streaming import AsyncStream

        loop = self._request_loop(
            method,
            path,
            query=query,
            body=body,
            form=form,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        response = await run_async(loop, self._send_streamed)
        return AsyncStream(
            response.aiter_bytes(),
            response.aclose,
            parse_event,
            status_code=response.status_code,
            headers=response.headers,
        )

    async def _send_streamed(self, attempt: Attempt) -> Outcome:
        """`_send`, leaving a 2xx body unread."""
        return await self._send(attempt, stream=True)

    async def _request(
        self,
        method: str,
        path: str,
        *,
        parse: Callable[[bytes], _T],
        query: Optional[Query] = None,
        body: Optional[Body] = None,
        form: Optional[RequestContent] = None,
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
            form=form,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        if _raw_response.streaming():  # `with_streaming_response`: the body is read on demand
            streamed = await run_async(loop, self._send_streamed)
            return APIResponse(
                streamed, parse, self.strict_response_validation, streamed.aiter_bytes(), streamed.aclose
            )
        return APIResponse(
            await run_async(loop, self._send), parse, self.strict_response_validation
        )

    async def close(self) -> None:
        """Close the connection pool (not an http_client you passed in: that one is yours)."""
        if self._owns_http_client:
            await self._http_client.aclose()
