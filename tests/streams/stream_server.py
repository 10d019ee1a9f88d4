"""A loopback HTTP/1.1 server for the stream, upload and download tests.

`server.serve(path, chunks, ...)` scripts what a path answers: the body goes out in the given
pieces, each written and flushed on its own (chunked transfer encoding unless `length`), so
events split across network reads reach the client split. Every request is recorded with its
peer address: two requests on one kept-alive connection share a peer.
"""

from __future__ import annotations

import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List, Optional, Sequence, Tuple


@dataclass
class Script:
    chunks: Sequence[bytes]
    status: int = 200
    content_type: str = "text/event-stream"
    length: bool = False  # send Content-Length instead of chunked transfer encoding
    pause: float = 0.0  # seconds between pieces
    encoding: str = ""  # "gzip" / "deflate" / "raw-deflate": the pieces are of the compressed body
    gate: Optional[threading.Event] = None  # the pieces after the first wait until it is set


@dataclass
class Received:
    method: str
    path: str
    headers: Dict[str, str]
    body: bytes
    peer: Tuple[str, int]


@dataclass
class _State:
    scripts: Dict[str, Script] = field(default_factory=dict)
    received: List[Received] = field(default_factory=list)
    sent: Dict[str, int] = field(default_factory=dict)  # path -> pieces written so far


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            out = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return out
                out += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _answer(self) -> None:
        body = self._body()
        path = self.path.split("?", 1)[0]
        state = self.server.state
        state.received.append(
            Received(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body,
                     self.client_address)
        )
        script = state.scripts.get(path)
        if script is None:
            script = Script([b'{"echo": %d}' % len(body)], content_type="application/json", length=True)
        chunks = _encoded(script)
        self.send_response(script.status)
        self.send_header("Content-Type", script.content_type)
        if script.encoding:
            self.send_header("Content-Encoding", script.encoding.replace("raw-", ""))
        self.send_header("x-request-id", "req_stream")
        if script.length:
            self.send_header("Content-Length", str(sum(len(c) for c in chunks)))
        else:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for index, chunk in enumerate(chunks):
                if script.pause:
                    time.sleep(script.pause)
                if index == 1 and script.gate is not None:
                    script.gate.wait(5)
                if script.length:
                    self.wfile.write(chunk)
                elif chunk:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
                state.sent[path] = index + 1
            if not script.length:
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    do_GET = do_POST = _answer


def _encoded(script: Script) -> Sequence[bytes]:
    """The body's pieces, compressed as the script says (cut into pieces of 7 bytes)."""
    if not script.encoding:
        return script.chunks
    body = b"".join(script.chunks)
    wbits = {"gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS, "raw-deflate": -zlib.MAX_WBITS}
    compressor = zlib.compressobj(wbits=wbits[script.encoding])
    data = compressor.compress(body) + compressor.flush()
    return [data[i : i + 7] for i in range(0, len(data), 7)]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: _State

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up mid-stream is what some tests do


class StreamServer:
    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = _State()
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def serve(self, path: str, chunks: Sequence[bytes], **options: object) -> None:
        self._server.state.scripts[path] = Script(chunks, **options)  # type: ignore[arg-type]

    @property
    def received(self) -> List[Received]:
        return self._server.state.received

    def last(self, path: Optional[str] = None) -> Received:
        for item in reversed(self.received):
            if path is None or item.path.split("?", 1)[0] == path:
                return item
        raise AssertionError(f"no request to {path}")

    def sent(self, path: str) -> int:
        """How many pieces of `path`'s script the last answer to it has written."""
        return self._server.state.sent.get(path, 0)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
