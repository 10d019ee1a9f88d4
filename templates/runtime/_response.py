"""`APIResponse`: a 2xx response as received, returned by the `with_raw_response` methods;
with `with_streaming_response` its body is read on demand (`AsyncAPIResponse` in the async
client)."""

from __future__ import annotations

import json
import warnings
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterable,
    AsyncIterator,
    Callable,
    Generic,
    Iterable,
    Iterator,
    List,
    Optional,
    TypeVar,
    cast,
)

from . import _raw_response
from ._base import ModelBase, set_request_id
from ._errors import APIResponseValidationError, ResponseValidationWarning
from ._types import json_object
from ._validation import ValidationError

if TYPE_CHECKING:
    from ._http import Response, ResponseHeaders

__all__ = ["APIResponse", "AsyncAPIResponse"]

_CHUNK_SIZE = 65536

_T = TypeVar("_T")


class APIResponse(Generic[_T]):
    """A 2xx response (errors have been raised already); `parse()` gives the typed result."""

    def __init__(
        self,
        http_response: Response,
        parse: Callable[[bytes], _T],
        strict: bool = True,
        body: Optional[Any] = None,
        close: Optional[Callable[[], Any]] = None,
    ) -> None:
        self.http_response = http_response
        self._parse = parse
        self._strict = strict
        # a streamed response: its body's chunks (an iterable; async: an async iterable) and
        # what closes it, until the body is read or closed
        self._body = body
        self._close = close
        self._content: Optional[bytes] = None

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> ResponseHeaders:
        """The response headers, looked up case-insensitively."""
        return self.http_response.headers

    @property
    def content(self) -> bytes:
        """The body as received (read now when it is streamed and unread)."""
        if self._content is None:
            self._content = b"".join(self.iter_bytes()) if self._body is not None else self.http_response.content
        return self._content

    def read(self) -> bytes:
        """The whole body (`content`)."""
        return self.content

    @property
    def text(self) -> str:
        """The body decoded as UTF-8."""
        return self.content.decode("utf-8", errors="replace")

    def iter_bytes(self, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The body in pieces: as they arrive (a streamed response, read once), else of
        `chunk_size` bytes."""
        body = self.take_body()
        if body is None:
            content = self.content
            size = chunk_size or _CHUNK_SIZE
            for start in range(0, len(content), size):
                yield content[start : start + size]
            return
        try:
            yield from _sized(cast(Iterable[bytes], body), chunk_size)
        finally:
            self.close()

    def close(self) -> None:
        """Close the response without reading the rest of its body (a streamed one)."""
        self._body = None
        close = self.take_close()
        if close is not None:
            close()

    def take_body(self) -> Optional[Any]:
        """The unread body's chunks, handed over once (None: read, closed, or never streamed)."""
        body, self._body = self._body, None
        return body

    def take_close(self) -> Optional[Callable[[], Any]]:
        """What closes the streamed response, handed over once."""
        close, self._close = self._close, None
        return close

    def set_content(self, content: bytes) -> None:
        """The body, read by its async reader (`AsyncAPIResponse`)."""
        self._content = content

    @property
    def request_id(self) -> Optional[str]:
        """The `x-request-id` response header."""
        request_id: Optional[str] = self.headers.get("x-request-id")
        return request_id

    def parse(self) -> _T:
        """The body validated into the operation's result type, a model carrying the
        response's `_request_id`; APIResponseValidationError when it is not JSON or not that
        type (with `strict_response_validation=False`, a model is kept as sent instead, with
        a ResponseValidationWarning naming each bad field)."""
        if _raw_response.capturing():  # a `with_raw_response` call: hand the response over
            raise _raw_response.Captured(self)
        try:
            result = self._parse(self.content)
        except ValidationError as exc:
            lenient = None if self._strict else _lenient(self._parse, self.content, exc)
            if lenient is None:
                raise APIResponseValidationError(self.http_response, exc) from exc
            result = lenient
        if isinstance(result, ModelBase):
            set_request_id(result, self.request_id)
        return result

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}]>"


def _sized(pieces: Iterable[bytes], chunk_size: Optional[int]) -> Iterator[bytes]:
    if chunk_size is None:
        yield from pieces
        return
    buffer = b""
    for piece in pieces:
        buffer += piece
        while len(buffer) >= chunk_size:
            yield buffer[:chunk_size]
            buffer = buffer[chunk_size:]
    if buffer:
        yield buffer


class AsyncAPIResponse(Generic[_T]):
    """A streamed 2xx response of the async client (`with_streaming_response`): its body is
    read when asked, `await read()`, `await text()`, `aiter_bytes()`, `await parse()`."""

    def __init__(self, response: APIResponse[_T]) -> None:
        self._response = response

    @property
    def http_response(self) -> Response:
        return self._response.http_response

    @property
    def status_code(self) -> int:
        return self._response.status_code

    @property
    def headers(self) -> ResponseHeaders:
        """The response headers, looked up case-insensitively."""
        return self._response.headers

    @property
    def request_id(self) -> Optional[str]:
        """The `x-request-id` response header."""
        return self._response.request_id

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        """The body in the pieces that arrive (read once)."""
        response = self._response
        body = response.take_body()
        if body is None:
            yield response.content
            return
        try:
            async for piece in cast(AsyncIterable[bytes], body):
                yield piece
        finally:
            await self.close()

    async def read(self) -> bytes:
        """The whole body."""
        response = self._response
        body = response.take_body()
        if body is None:
            return response.content  # read already (or never streamed)
        pieces: List[bytes] = []
        try:
            async for piece in cast(AsyncIterable[bytes], body):
                pieces.append(piece)
        finally:
            await self.close()
        response.set_content(b"".join(pieces))
        return response.content

    async def text(self) -> str:
        """The body decoded as UTF-8."""
        return (await self.read()).decode("utf-8", errors="replace")

    async def parse(self) -> _T:
        """The body read, then parsed as `APIResponse.parse` does."""
        await self.read()
        return self._response.parse()

    async def close(self) -> None:
        """Close the response without reading the rest of its body."""
        response = self._response
        response.take_body()
        close = response.take_close()
        if close is not None:
            await close()

    def __repr__(self) -> str:
        return f"<AsyncAPIResponse [{self.status_code}]>"


def _lenient(parse: Callable[[bytes], _T], content: bytes, error: ValidationError) -> Optional[_T]:
    """The body as sent in the model `parse` makes (a model's `from_json`), with a warning;
    None when the body is no JSON object or the result is no model."""
    model = getattr(parse, "__self__", None)
    if not (isinstance(model, type) and issubclass(model, ModelBase)):
        return None
    try:
        data = json.loads(content)
    except ValueError:
        return None
    fields = json_object(data)
    if fields is None:
        return None
    warnings.warn(ResponseValidationWarning(error.problems), stacklevel=4)
    return cast(_T, model.construct_as_sent(fields))
