"""Server-sent event streams: `Stream[Event]` and `AsyncStream[Event]`.

`SSEDecoder` turns network chunks into `ServerSentEvent`s as the SSE specification says
(https://html.spec.whatwg.org/multipage/server-sent-events.html): events may be split across
chunks anywhere, lines end in CRLF, LF or CR, `data:` lines of one event are joined with LF,
comments (`:`) are skipped, `id:` and `retry:` are kept, an event without `data:` is not
dispatched, and an unfinished event at the end of the stream is dropped.

A stream is transport-neutral: the clients hand it an iterator of body chunks and a way to
close the response (httpx2's `iter_bytes` / `close`, or `iter_http_client` for http.client),
plus the function that turns one event into the operation's event model. `data: [DONE]` or
an event named `done` ends the iteration (not yielded); an event named `error` (or an
unnamed one whose JSON has an `error` object) raises `APIError` with the server's message.
Leaving early (`close()`, the end of a `with` block) closes the response; a finished stream
has read its body to the end, so the connection goes back to the pool.
"""

from __future__ import annotations

import codecs
import json
import zlib
from types import TracebackType
from typing import (
    TYPE_CHECKING,
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Dict,
    Generator,
    Generic,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Protocol,
    Type,
    TypeVar,
)

from ._errors import APIError
from ._types import json_object

if TYPE_CHECKING:
    import http.client

__all__ = [
    "AsyncStream",
    "HTTPClientBody",
    "SSEDecoder",
    "ServerSentEvent",
    "Stream",
    "parse_data",
    "parse_envelope",
    "parse_named",
]

_T = TypeVar("_T")

_CHUNK_SIZE = 65536


class ServerSentEvent:
    """One dispatched event: `event` is None when the server named none (the spec's
    "message"), `data` its `data:` lines joined with LF, `id` the last event ID seen so far
    (None before any), `retry` the reconnection time in ms the stream asked for (or None)."""

    __slots__ = ("data", "event", "id", "retry")

    def __init__(
        self,
        data: str,
        event: Optional[str] = None,
        id: Optional[str] = None,
        retry: Optional[int] = None,
    ) -> None:
        self.data = data
        self.event = event
        self.id = id
        self.retry = retry

    def json(self) -> object:
        """`data` parsed as JSON."""
        return json.loads(self.data)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServerSentEvent):
            return NotImplemented
        mine = (self.data, self.event, self.id, self.retry)
        return mine == (other.data, other.event, other.id, other.retry)

    def __repr__(self) -> str:
        return (
            f"ServerSentEvent(data={self.data!r}, event={self.event!r}, id={self.id!r}, "
            f"retry={self.retry!r})"
        )


class SSEDecoder:
    """Incremental SSE parser: `feed(chunk)` returns the events the chunk completes."""

    __slots__ = ("_data", "_decode", "_event", "_pending", "_skip_lf", "last_event_id", "retry")

    def __init__(self) -> None:
        # UTF-8 with replacement, one leading BOM dropped (the spec's decoding)
        self._decode = codecs.getincrementaldecoder("utf-8-sig")(errors="replace").decode
        self._pending = ""  # the start of a line whose end has not arrived
        self._skip_lf = False  # the last chunk ended in CR: a LF starting the next one ends nothing
        self._data: List[str] = []
        self._event: Optional[str] = None
        self.last_event_id: Optional[str] = None
        self.retry: Optional[int] = None

    def feed(self, chunk: bytes) -> List[ServerSentEvent]:
        text = self._decode(chunk)
        if self._skip_lf and text:
            self._skip_lf = False
            if text[0] == "\n":
                text = text[1:]
        if "\r" in text:
            self._skip_lf = text[-1] == "\r"
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        end = text.rfind("\n")
        if end < 0:
            self._pending += text
            return []
        lines = (self._pending + text[:end]).split("\n")
        self._pending = text[end + 1 :]
        return self._lines(lines)

    def _lines(self, lines: List[str]) -> List[ServerSentEvent]:
        events: List[ServerSentEvent] = []
        data = self._data
        event = self._event
        for line in lines:  # the common fields inline: this loop is the per-event cost
            if not line:  # a blank line dispatches the event
                if data:
                    joined = data[0] if len(data) == 1 else "\n".join(data)
                    events.append(ServerSentEvent(joined, event, self.last_event_id, self.retry))
                    data = self._data = []
                event = None
            elif line.startswith("data:"):
                data.append(line[6:] if line[5:6] == " " else line[5:])
            elif line.startswith("event:"):
                event = line[7:] if line[6:7] == " " else line[6:]
            elif line[0] != ":":  # not a comment (often a keep-alive)
                if line == "event":
                    event = ""
                else:
                    self._field(line)
        self._event = event
        return events

    def _field(self, line: str) -> None:
        """`id`, `retry`, a `data` line without colon, and fields the spec ignores."""
        name, colon, value = line.partition(":")
        if colon and value[:1] == " ":
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "id":
            if "\0" not in value:
                self.last_event_id = value
        elif name == "retry":
            if value.isascii() and value.isdigit():
                self.retry = int(value)
        # any other field is ignored, as the spec says


def parse_data(from_json: Callable[[str], _T]) -> Callable[[ServerSentEvent], _T]:
    """Events whose `data` is the event model itself (chat completion chunks)."""

    def parse(sse: ServerSentEvent) -> _T:
        return from_json(sse.data)

    return parse


def parse_envelope(
    arms: Mapping[str, Callable[[str], _T]], unknown: Callable[[str], _T]
) -> Callable[[ServerSentEvent], _T]:
    """Events modelled as `{"event": name, "data": payload}` whose union is told apart by
    `event` (the Assistants run events): the arm named by the frame's event parses the
    envelope, `unknown` (the union's fallback model) any other name.

    The envelope is built as JSON text around `data` (models parse text in one pass);
    `data` that is not one JSON value makes it invalid or adds keys to the envelope, which
    the models keep as unknown keys."""
    prefixes: Dict[Optional[str], str] = {}

    def parse(sse: ServerSentEvent) -> _T:
        event = sse.event
        prefix = prefixes.get(event)
        if prefix is None:
            prefix = prefixes[event] = '{"event":' + json.dumps(event) + ',"data":'
        return arms.get(event or "", unknown)(prefix + sse.data + "}")

    return parse


def parse_named(
    arms: Mapping[str, Callable[[str], _T]], unknown: Callable[[str], _T]
) -> Callable[[ServerSentEvent], _T]:
    """Events whose `data` is one arm of a union, named by the frame's event (the arm's tag
    value): that arm parses `data`, `unknown` (the union's fallback model) any other name."""

    def parse(sse: ServerSentEvent) -> _T:
        return arms.get(sse.event or "", unknown)(sse.data)

    return parse


def _raise_error_event(sse: ServerSentEvent) -> None:
    """APIError for an `error` event (or an unnamed event carrying an `error` object)."""
    try:
        payload = json.loads(sse.data)
    except ValueError:
        if sse.event == "error":
            raise APIError(
                sse.data or "An error occurred during streaming", body=sse.data
            ) from None
        return
    fields = json_object(payload)
    if fields is None:
        if sse.event == "error":
            raise APIError("An error occurred during streaming", body=payload)
        return
    error = json_object(fields.get("error"))
    if error is None:
        if sse.event != "error":
            return  # an ordinary event that merely has an `error` key (e.g. null)
        error = fields  # the Error object itself
    message = error.get("message")
    if not isinstance(message, str) or not message:
        message = "An error occurred during streaming"
    raise APIError(message, body=error)


def _is_end(sse: ServerSentEvent) -> bool:
    return sse.data == "[DONE]" or sse.event == "done"


def _is_error(sse: ServerSentEvent) -> bool:
    event = sse.event
    return event == "error" or (event is None and '"error"' in sse.data)


class Stream(Generic[_T]):
    """The events of a streaming response, parsed as they arrive: iterate it once, in a
    `with` block or `close()` it when leaving early."""

    def __init__(
        self,
        chunks: Iterable[bytes],
        close: Callable[[], None],
        parse: Callable[[ServerSentEvent], _T],
        *,
        status_code: int,
        headers: Mapping[str, str],
    ) -> None:
        self.status_code = status_code
        self.headers = headers
        self._chunks = iter(chunks)
        self._close = close
        self._parse = parse
        self._iterator = self._events()

    def __iter__(self) -> Iterator[_T]:
        return self._iterator

    def __next__(self) -> _T:
        return next(self._iterator)

    def _events(self) -> Generator[_T, None, None]:
        parse = self._parse
        decoder = SSEDecoder()
        try:
            for chunk in self._chunks:
                for sse in decoder.feed(chunk):
                    if _is_end(sse):
                        for _ in self._chunks:  # read to the end: the connection is reusable
                            pass
                        return
                    if _is_error(sse):
                        _raise_error_event(sse)
                    yield parse(sse)
        finally:
            self._close()

    @property
    def request_id(self) -> Optional[str]:
        """The `x-request-id` response header."""
        return self.headers.get("x-request-id")

    def close(self) -> None:
        """Stop reading and close the response (idempotent)."""
        self._iterator.close()  # runs the generator's `finally` when it was started
        self._close()

    def __enter__(self) -> Stream[_T]:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Stream [{self.status_code}]>"


class AsyncStream(Generic[_T]):
    """The events of a streaming response in the async client: `async for` it once, in an
    `async with` block or `await aclose()` when leaving early."""

    def __init__(
        self,
        chunks: AsyncIterator[bytes],
        aclose: Callable[[], Awaitable[None]],
        parse: Callable[[ServerSentEvent], _T],
        *,
        status_code: int,
        headers: Mapping[str, str],
    ) -> None:
        self.status_code = status_code
        self.headers = headers
        self._chunks = chunks
        self._aclose = aclose
        self._parse = parse
        self._iterator = self._events()

    def __aiter__(self) -> AsyncIterator[_T]:
        return self._iterator

    async def __anext__(self) -> _T:
        return await self._iterator.__anext__()

    async def _events(self) -> AsyncGenerator[_T, None]:
        parse = self._parse
        decoder = SSEDecoder()
        try:
            async for chunk in self._chunks:
                for sse in decoder.feed(chunk):
                    if _is_end(sse):
                        async for _ in self._chunks:  # read to the end: the connection is reusable
                            pass
                        return
                    if _is_error(sse):
                        _raise_error_event(sse)
                    yield parse(sse)
        finally:
            await self._aclose()

    @property
    def request_id(self) -> Optional[str]:
        """The `x-request-id` response header."""
        return self.headers.get("x-request-id")

    async def aclose(self) -> None:
        """Stop reading and close the response (idempotent)."""
        await self._iterator.aclose()
        await self._aclose()

    async def close(self) -> None:
        """The same as `aclose()`."""
        await self.aclose()

    async def __aenter__(self) -> AsyncStream[_T]:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"<AsyncStream [{self.status_code}]>"


class HTTPClientBody:
    """The body of an http.client response as the chunks that arrive (`read1`), inflated
    as its Content-Encoding says (gzip, deflate), for a `Stream` or a `BinaryResponse`.

    `close()` closes the response and calls `release(finished)` once: `finished` is True
    when the body was read to its end (the connection can take the next request), False
    when it was left early (the connection must be closed: unread bytes are on it)."""

    def __init__(self, response: http.client.HTTPResponse, release: Callable[[bool], None]) -> None:
        self._response = response
        self._release: Optional[Callable[[bool], None]] = release
        self._finished = False

    def __iter__(self) -> Iterator[bytes]:
        read1 = self._response.read1
        inflaters = _inflaters(self._response.getheader("content-encoding"))
        while True:
            chunk = read1(_CHUNK_SIZE)
            if not chunk:
                break
            for inflater in inflaters:
                chunk = inflater.decompress(chunk)
            if chunk:
                yield chunk
        tail = b""
        for inflater in inflaters:
            tail = inflater.decompress(tail) + inflater.flush()
        self._finished = True
        if tail:
            yield tail

    def close(self) -> None:
        release, self._release = self._release, None
        if release is not None:
            self._response.close()
            release(self._finished)


class _Inflater(Protocol):
    """What `zlib.decompressobj()` gives (its class is private to zlib) and `_Deflate` is."""

    def decompress(self, data: bytes, /) -> bytes: ...

    def flush(self) -> bytes: ...


class _Deflate:
    """`deflate` as specified (zlib-wrapped), or raw, as some servers send it."""

    def __init__(self) -> None:
        self._inflater: Optional[_Inflater] = None

    def decompress(self, data: bytes) -> bytes:
        if self._inflater is None:
            if not data:
                return b""
            wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] * 256 + data[1]) % 31 == 0
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        return self._inflater.decompress(data)

    def flush(self) -> bytes:
        return self._inflater.flush() if self._inflater is not None else b""


def _inflaters(encoding: Optional[str]) -> List[_Inflater]:
    """Decoders for a Content-Encoding, in the order to apply them; ValueError for a coding
    the client does not decode."""
    out: List[_Inflater] = []
    for coding in reversed([c.strip().lower() for c in (encoding or "").split(",") if c.strip()]):
        if coding in ("gzip", "x-gzip"):
            out.append(zlib.decompressobj(16 + zlib.MAX_WBITS))
        elif coding == "deflate":
            out.append(_Deflate())
        elif coding != "identity":
            raise ValueError(
                f"the response body is encoded as {coding!r}, which the client does not decode"
            )
    return out
