"""The standard-library client reads a response's status line and headers itself when they
are plain (`_StatusAwareResponse`), instead of through the email package: whatever arrives,
what it makes of them must be what `http.client.HTTPResponse` makes (the headers, the
framing of the body, whether the connection is kept, and the errors), plain or not."""

from __future__ import annotations

import http.client
import importlib
import io
from typing import Any, Optional

import pytest
from harness.paths import PACKAGES

_http: Any = importlib.import_module(PACKAGES[1] + "._http")

CRLF_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"

HEADS: dict[str, bytes] = {
    "plain": CRLF_HEAD,
    "bare LF line ends": CRLF_HEAD.replace(b"\r\n", b"\n"),
    "chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
    "chunked beats length": b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\nTransfer-Encoding: chunked\r\n\r\n",
    "gzip then chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
    "no length: read to close": b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nabc",
    "connection close": b"HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n",
    "HTTP/1.0": b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n",
    "HTTP/1.0 keep-alive": b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n",
    "HTTP/0.9": b"HTTP/0.9 200 OK\r\n\r\n",
    "204 with a length": b"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n",
    "304": b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n",
    "100 Continue first": b"HTTP/1.1 100 Continue\r\nX-A: 1\r\n\r\n" + CRLF_HEAD,
    "repeated headers": b"HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nContent-Length: 0\r\n\r\n",
    "two lengths": b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 7\r\n\r\n",
    "folded value": b"HTTP/1.1 200 OK\r\nX-Long: a\r\n  b\r\nContent-Length: 0\r\n\r\n",
    "first line folded": b"HTTP/1.1 200 OK\r\n X-A: 1\r\nContent-Length: 0\r\n\r\n",
    "stray CR in a value": b"HTTP/1.1 200 OK\r\nX-A: a\rb\r\nContent-Length: 0\r\n\r\n",
    "CR CR LF": b"HTTP/1.1 200 OK\r\nX-A: a\r\r\nContent-Length: 0\r\n\r\n",
    "latin-1 value": b"HTTP/1.1 200 OK\r\nX-A: caf\xe9\r\nContent-Length: 0\r\n\r\n",
    "blank and spaced values": b"HTTP/1.1 200 OK\r\nX-A:\r\nX-B: \t b  \r\nX-C:c\r\n\r\n",
    "value with colons": b"HTTP/1.1 200 OK\r\nLocation: http://h:80/a\r\n\r\n",
    "line without a colon": b"HTTP/1.1 200 OK\r\nGarbage\r\nContent-Length: 0\r\n\r\n",
    "no name": b"HTTP/1.1 200 OK\r\n: x\r\nContent-Length: 0\r\n\r\n",
    "space in a name": b"HTTP/1.1 200 OK\r\nX A: 1\r\nContent-Length: 0\r\n\r\n",
    "space before the colon": b"HTTP/1.1 200 OK\r\nX-A : 1\r\nContent-Length: 0\r\n\r\n",
    "From line": b"HTTP/1.1 200 OK\r\nFrom nobody\r\nContent-Length: 0\r\n\r\n",
    "NUL in a value": b"HTTP/1.1 200 OK\r\nX-A: a\x00b\r\nContent-Length: 0\r\n\r\n",
    "odd lengths": b"HTTP/1.1 200 OK\r\nContent-Length: -4\r\nX-A: 1\r\n\r\n",
    "length with blanks": b"HTTP/1.1 200 OK\r\nContent-Length:  +2 \r\n\r\n{}",
    "length not a number": b"HTTP/1.1 200 OK\r\nContent-Length: two\r\n\r\n",
    "multipart type": b"HTTP/1.1 200 OK\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n",
    "ends without a blank line": b"HTTP/1.1 200 OK\r\nX-A: 1\r\n",
    "101 headers": b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(101)) + b"\r\n",
    "100 headers": b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(99)) + b"\r\n",
    "a header line too long": b"HTTP/1.1 200 OK\r\nX-A: " + b"a" * 70000 + b"\r\n\r\n",
    "no status line": b"",
    "not HTTP": b"SMTP 220 hello\r\n\r\n",
    "HTTP/2.0": b"HTTP/2.0 200 OK\r\n\r\n",
    "status out of range": b"HTTP/1.1 1000 Big\r\n\r\n",
}


class _Socket:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def makefile(self, mode: str) -> io.BytesIO:
        return io.BytesIO(self.data)


def _read(cls: type[http.client.HTTPResponse], data: bytes, method: str) -> dict[str, Any]:
    """What a response of `cls` makes of `data`: its fields and headers, or its error."""
    response = cls(_Socket(data), method=method)  # type: ignore[arg-type]
    try:
        response.begin()
    except Exception as exc:  # noqa: BLE001 - the error is what is compared
        error = exc.error if isinstance(exc, _http.AfterStatus) else exc
        return {"error": (type(error), str(error))}
    message = response.msg
    return {
        "status": response.status,
        "reason": response.reason,
        "version": response.version,
        "chunked": response.chunked,
        "length": response.length,
        "will_close": response.will_close,
        "headers": response.getheaders(),
        "get_all": {name.lower(): message.get_all(name) for name, _ in response.getheaders()},
        "body": _body(response),
    }


def _body(response: http.client.HTTPResponse) -> object:
    try:
        return response.read()
    except http.client.HTTPException as exc:
        return type(exc), str(exc)


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("name", list(HEADS))
def test_a_head_reads_as_http_client_reads_it(name: str, method: str) -> None:
    data = HEADS[name]
    expected = _read(http.client.HTTPResponse, data, method)
    assert _read(_http._StatusAwareResponse, data, method) == expected


@pytest.mark.parametrize("name", list(HEADS))
def test_pairs_are_the_headers_as_received(name: str) -> None:
    """`pairs` (what the client's ResponseHeaders are made of) equals getheaders()."""
    response = _http._StatusAwareResponse(_Socket(HEADS[name]), method="GET")
    try:
        response.begin()
    except Exception:  # noqa: BLE001 - no headers to compare
        return
    assert response.pairs == response.getheaders()


def test_an_error_after_the_status_line_is_told_apart() -> None:
    """Too many headers arrive after the status: AfterStatus (not sent again); no status
    line at all: the error itself (the request may be retried)."""
    after: Optional[BaseException] = None
    try:
        _http._StatusAwareResponse(_Socket(HEADS["101 headers"]), method="GET").begin()
    except _http.AfterStatus as exc:
        after = exc.error
    assert isinstance(after, http.client.HTTPException)
    with pytest.raises(http.client.RemoteDisconnected):
        _http._StatusAwareResponse(_Socket(HEADS["no status line"]), method="GET").begin()
