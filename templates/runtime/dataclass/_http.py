"""The transport of the standard-library client: one keep-alive connection, reused.

`Connection` sends each request on the same HTTP(S) connection to the base URL's host and
reads the whole response; when the connection fails it is closed, and the next request
opens a new one. An idle connection the server has closed is noticed before it is reused,
so a request is never sent twice behind the client's retry count. Timeouts are per socket
operation (connect, send, each read). `SyncAPIClient` drives the shared request loop
(`_loop`) over it.
"""

from __future__ import annotations

import email.parser
import http.client
import re
import select
import socket
import ssl
import threading
from collections.abc import Iterator, Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    BinaryIO,
    Callable,
    Dict,
    List,
    NamedTuple,
    Optional,
    Tuple,
    TypeVar,
    Union,
    overload,
)
from urllib.parse import urlsplit

from . import _raw_response
from ._content import BodyError, DeadlineExceeded, collect, inflate
from ._core import ApiKey, BaseClient, ClientConfig
from ._loop import Attempt, Content, Failed, Outcome, Received, run_sync
from ._response import APIResponse
from ._types import NOT_GIVEN, Body, Headers, NotGiven, Query

if TYPE_CHECKING:
    from ._content import RequestContent
    from ._streaming import ServerSentEvent, Stream

__all__ = ["AfterStatus", "Connection", "Response", "ResponseHeaders", "SyncAPIClient", "Timeout"]

Timeout = Optional[float]
"""Seconds for each socket operation (connect, send, each read); None: no limit."""

_T = TypeVar("_T")


class ResponseHeaders(Mapping[str, str]):
    """Response headers, looked up case-insensitively; a repeated header reads as its
    values joined with ", " (`raw` keeps them as sent)."""

    def __init__(self, raw: List[Tuple[str, str]]) -> None:
        self.raw = raw
        self._values: Dict[str, str] = {}
        for name, value in raw:
            key = name.lower()
            self._values[key] = f"{self._values[key]}, {value}" if key in self._values else value

    def __getitem__(self, name: str) -> str:
        return self._values[name.lower()]

    @overload
    def get(self, key: str, /) -> Optional[str]: ...
    @overload
    def get(self, key: str, /, default: Union[str, _T]) -> Union[str, _T]: ...
    def get(self, key: str, /, default: object = None) -> object:
        """As Mapping.get, without raising and catching KeyError for a missing header."""
        return self._values.get(key.lower(), default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"ResponseHeaders({self.raw!r})"


class Response:
    """A whole HTTP response: status, headers and body."""

    def __init__(
        self,
        method: str,
        url: str,
        status_code: int,
        reason_phrase: str,
        headers: ResponseHeaders,
        content: bytes,
        raw: Optional[http.client.HTTPResponse] = None,
    ) -> None:
        self.method = method
        self.url = url
        self.status_code = status_code
        self.reason_phrase = reason_phrase
        self.headers = headers
        self.content = content
        self.raw = raw
        """A streamed 2xx response's body, unread (`content` is then empty)."""

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def __repr__(self) -> str:
        return f"<Response [{self.status_code} {self.reason_phrase}]>"


class Connection:
    """One HTTP(S) connection to the host of `base_url`, kept open between requests.

    `connection` replaces the one made from `base_url` (an HTTPSConnection with your own
    ssl context, or one tunnelling through a proxy with `set_tunnel`); requests still use
    the path of `base_url`.
    """

    def __init__(
        self, base_url: str, connection: Optional[http.client.HTTPConnection] = None
    ) -> None:
        parts = urlsplit(base_url)
        if connection is None:
            hostname = parts.hostname or ""
            if parts.scheme == "https":
                context = ssl.create_default_context()
                connection = http.client.HTTPSConnection(hostname, parts.port, context=context)
            else:
                connection = http.client.HTTPConnection(hostname, parts.port)
        self._connection = connection
        self._streaming = False

    def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: Content,
        timeout: Optional[float],
        deadline: Optional[float] = None,
        stream: bool = False,
    ) -> Response:
        """Send one request and read the whole response (within `deadline`, a
        time.monotonic() value), its body inflated as `_content.inflate` does; with `stream`,
        a 2xx body is left unread (`Response.raw`) and the connection is its own until
        `release`. Raises AfterStatus once the status has arrived, else what http.client and
        the socket raise (OSError, http.client.HTTPException; socket.timeout on a timeout);
        RuntimeError while a streamed body is still open on the connection."""
        if self._streaming:
            raise RuntimeError(
                "the client's connection is still reading a stream:"
                " read it to the end or close it first"
            )
        sock = self._connection.sock
        if sock is not None and _dropped(sock):
            self._connection.close()  # the next request opens a new connection
        return self._exchange(method, url, headers, body, timeout, deadline, stream)

    def release(self, finished: bool) -> None:
        """A streamed body is done with: read to its end (`finished`), the connection takes
        the next request; left early, it is closed (unread bytes are on it)."""
        self._streaming = False
        if not finished:
            self._connection.close()

    def _exchange(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: Content,
        timeout: Optional[float],
        deadline: Optional[float],
        stream: bool = False,
    ) -> Response:
        parts = urlsplit(url)
        target = f"{parts.path}?{parts.query}" if parts.query else parts.path
        connection = self._connection
        connection.timeout = timeout
        connection.response_class = _StatusAwareResponse
        if connection.sock is not None:
            connection.sock.settimeout(timeout)
        try:
            connection.request(method, target or "/", body=body, headers=dict(headers))
            raw = connection.getresponse()
            pairs = raw.pairs if isinstance(raw, _StatusAwareResponse) else raw.getheaders()
            headers_in = ResponseHeaders(pairs)
            if stream and 200 <= raw.status < 300:
                self._streaming = True
                return Response(method, url, raw.status, raw.reason, headers_in, b"", raw)
            try:
                content = _read_body(raw, deadline, headers_in.get("content-encoding"))
            except (OSError, http.client.HTTPException, BodyError) as exc:
                raise AfterStatus(exc) from exc
        except BaseException:
            connection.close()
            raise
        return Response(method, url, raw.status, raw.reason, headers_in, content)

    def close(self) -> None:
        self._connection.close()


class AfterStatus(Exception):
    """The response's status arrived, then reading the rest failed (`error`): the server may
    have acted on the request, so it is not sent again."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class _StatusAwareResponse(http.client.HTTPResponse):
    """An HTTPResponse that tells a failure after its status line (too many headers, a
    broken header) from one before it (no answer at all), and reads plain header lines
    itself (`_header_message`): the standard library hands them to the email package's
    parser, which costs more than the rest of a small request together."""

    pairs: List[Tuple[str, str]]
    """The headers as received, names as sent (what getheaders() would return)."""

    def begin(self) -> None:
        try:
            if _HTTP_CLIENT is not None:
                self._begin(_HTTP_CLIENT)
            else:  # an http.client without the parts `_begin` uses: its own way
                super().begin()
                self.pairs = self.getheaders()
        except (OSError, http.client.HTTPException) as exc:
            # `status` is the string "UNKNOWN" (typed int) until the status line is read
            if isinstance(self.status, int):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise AfterStatus(exc) from exc
            raise

    def _begin(self, own: _Parts) -> None:
        """`HTTPResponse.begin` (the same in Python 3.9 to 3.13, step for step, calling the
        same parts of http.client), with the header lines parsed by `_header_message`."""
        if self.headers is not None:  # pyright: ignore[reportUnnecessaryComparison]
            return
        while True:
            version, status, reason = own.read_status(self)
            if status != http.client.CONTINUE:
                break
            own.read_headers(self.fp)  # the headers of a 100 Continue: skipped
        self.code = self.status = status
        self.reason = reason.strip()
        if version in ("HTTP/1.0", "HTTP/0.9"):
            self.version = 10
        elif version.startswith("HTTP/1."):
            self.version = 11
        else:
            raise http.client.UnknownProtocol(version)
        self.headers = self.msg = _header_message(self, own.read_headers(self.fp))
        transfer_encoding = self.headers.get("transfer-encoding")
        self.chunked = transfer_encoding is not None and transfer_encoding.lower() == "chunked"
        if self.chunked:
            self.chunk_left = None
        self.will_close = own.check_close(self)
        self.length = _content_length(self.headers.get("content-length"), self.chunked)
        if status in (204, 304) or 100 <= status < 200 or getattr(self, "_method", None) == "HEAD":
            self.length = 0
        if not self.will_close and not self.chunked and self.length is None:
            self.will_close = True


class _Parts(NamedTuple):
    """The parts of http.client `HTTPResponse.begin` calls (private ones)."""

    read_status: Callable[[http.client.HTTPResponse], Tuple[str, int, str]]
    check_close: Callable[[http.client.HTTPResponse], bool]
    read_headers: Callable[[BinaryIO], List[bytes]]
    """The header lines up to and with the blank one, within http.client's limits."""


def _own_parts() -> Optional[_Parts]:
    """http.client's parts, or None when this Python lacks one (then `begin` runs as is)."""
    read_status: Any = getattr(http.client.HTTPResponse, "_read_status", None)
    check_close: Any = getattr(http.client.HTTPResponse, "_check_close", None)
    read_headers: Any = getattr(http.client, "_read_headers", None)
    if read_status is None or check_close is None or read_headers is None:
        return None
    return _Parts(read_status, check_close, read_headers)


_HTTP_CLIENT = _own_parts()
_PLAIN_LINE = re.compile(rb"([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*([^\r\n]*)\r?\n")
"""A header line the email parser reads as `name: value` and nothing else (a token name;
no folding, no stray CR)."""


def _header_message(
    response: _StatusAwareResponse, lines: List[bytes]
) -> http.client.HTTPMessage:
    """What http.client's `parse_headers` makes of `lines`, built directly when every line
    is plain (each is then `name: value`, leading blanks of the value dropped); else
    parsed by the email package, as http.client does."""
    pairs: List[Tuple[str, str]] = []
    match = _PLAIN_LINE.fullmatch
    for line in lines[:-1]:
        found = match(line)
        if found is None:
            text = b"".join(lines).decode("iso-8859-1")
            message = email.parser.Parser(_class=http.client.HTTPMessage).parsestr(text)
            response.pairs = list(message.items())
            return message
        pairs.append((found[1].decode("ascii"), found[2].decode("iso-8859-1")))
    message = http.client.HTTPMessage()
    for name, value in pairs:
        message.set_raw(name, value)
    response.pairs = pairs
    return message


def _content_length(value: Optional[str], chunked: bool) -> Optional[int]:
    """The body's length as `Content-Length` says (None: not said, not a number, negative,
    or chunked)."""
    if not value or chunked:
        return None
    try:
        length = int(value)
    except ValueError:
        return None
    return length if length >= 0 else None


def _read_body(
    raw: http.client.HTTPResponse, deadline: Optional[float], encoding: Optional[str]
) -> bytes:
    """The whole body, read to its end (the connection is then free for the next request)
    and inflated as `encoding` (Content-Encoding) says; IncompleteRead when the connection
    ends first."""
    if deadline is None:
        received = raw.read()
    else:  # in pieces, to look at the clock between them
        received = collect(iter(lambda: raw.read1(65536), b""), deadline)
        raw.close()
        if raw.length:  # read1 stops quietly where the connection ended
            raise http.client.IncompleteRead(received, raw.length)
    return inflate(received, encoding) if encoding else received


def _dropped(sock: socket.socket) -> bool:
    """Whether an idle kept-alive connection is unusable: readable without blocking means
    the server closed it (or sent bytes nobody asked for)."""
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        return bool(poller.poll(0))
    return bool(select.select([sock], [], [], 0)[0])


class SyncAPIClient(BaseClient):
    """The client over one kept-alive http.client connection; a lock makes calls from
    several threads take turns on it."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        api_key: Optional[ApiKey],
        base_url: Optional[str],
        timeout: Timeout,
        max_retries: int,
        default_headers: Optional[Headers],
        http_client: Optional[http.client.HTTPConnection],
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
        self._owns_connection = http_client is None
        self._connection = Connection(self.base_url, http_client)
        self._lock = threading.Lock()
        self._bind_resources()

    def _share_transport(self, original: BaseClient) -> None:
        """A `with_options` copy: the original's connection, unless the copy's base_url is
        on another host (then its own)."""
        if urlsplit(self.base_url)[:2] == urlsplit(original.base_url)[:2]:
            self._owns_connection = False
        else:
            self._owns_connection = True
            self._connection = Connection(self.base_url)
            self._lock = threading.Lock()

    def _send(self, attempt: Attempt, stream: bool = False) -> Outcome:
        try:
            with self._lock:
                response = self._connection.request(
                    attempt.method,
                    attempt.url,
                    attempt.headers,
                    attempt.content,
                    attempt.timeout,
                    attempt.deadline,
                    stream,
                )
        except AfterStatus as exc:  # not sent again
            error = exc.error
            timed_out = isinstance(error, (socket.timeout, DeadlineExceeded))
            message = str(error) if isinstance(error, BodyError) else None
            return Failed(error, retryable=False, timed_out=timed_out, message=message)
        except socket.timeout as exc:  # TimeoutError on 3.10+
            return Failed(exc, retryable=True, timed_out=True)
        except (OSError, http.client.HTTPException) as exc:
            return Failed(exc, retryable=True)
        return Received(response)

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
            from ._streaming import HTTPClientBody

            streamed = run_sync(loop, self._send_streamed)
            if streamed.raw is not None:
                chunks = HTTPClientBody(streamed.raw, self._connection.release)
                return APIResponse(streamed, parse, self.strict_response_validation, chunks, chunks.close)
            return APIResponse(streamed, parse, self.strict_response_validation)
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
        are iterated (the connection is the stream's until it ends or is closed)."""
        from ._streaming import HTTPClientBody, Stream

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
        assert response.raw is not None
        chunks = HTTPClientBody(response.raw, self._connection.release)
        return Stream(
            chunks, chunks.close, parse_event, status_code=response.status_code, headers=response.headers
        )

    def close(self) -> None:
        """Close the connection (not an http_client you passed in: that one is yours)."""
        if self._owns_connection:
            with self._lock:
                self._connection.close()
