"""A scripted HTTP/1.1 server on 127.0.0.1 for the client tests.

Each request gets the next scripted `Reply` (a valid Run when the script is empty) and is
recorded as received: method, raw request target, headers, body and the peer address (the
same peer for requests on one kept-alive connection).
"""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

RUN: dict[str, Any] = {
    "id": "run_abc123",
    "object": "thread.run",
    "created_at": 1699076126,
    "assistant_id": "asst_abc123",
    "thread_id": "thread_abc123",
    "status": "cancelling",
    "started_at": 1699076126,
    "expires_at": 1699076726,
    "cancelled_at": None,
    "failed_at": None,
    "completed_at": None,
    "last_error": None,
    "model": "gpt-4o",
    "instructions": "You summarize books.",
    "tools": [{"type": "file_search"}],
    "metadata": {},
    "usage": None,
    "temperature": 1.0,
    "top_p": 1.0,
    "response_format": "auto",
    "tool_choice": "auto",
    "parallel_tool_calls": True,
}


@dataclass
class Reply:
    status: int = 200
    body: bytes = field(default_factory=lambda: json.dumps(RUN).encode())
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (released when the server stops)
    drop_connection: bool = False  # close the connection after answering, without saying so
    hang_up: bool = False  # read the request, then close the connection without answering


@dataclass
class Recorded:
    method: str
    target: str  # the request target exactly as sent: path and query, still percent-encoded
    headers: list[tuple[str, str]]
    body: bytes
    peer: tuple[str, int]

    def header(self, name: str) -> str | None:
        values = self.header_values(name)
        return values[0] if values else None

    def header_values(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def query(self) -> str:
        return self.target.split("?", 1)[1] if "?" in self.target else ""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms stalls
    server: _Server

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.owner.requests.append(
            Recorded(self.command, self.path, list(self.headers.items()), body, self.client_address)
        )
        reply = self.server.owner.next_reply()
        if reply.hang_up:
            self.close_connection = True
            return
        if reply.delay and self.server.owner.stopping.wait(reply.delay):
            self.close_connection = True
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)
        if reply.drop_connection:
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: ScriptedServer

    def handle_error(self, request: Any, client_address: Any) -> None:  # a client gave up
        pass


class ScriptedServer:
    """Start with `start()`, script with `reply(...)`, read `requests`, `stop()` at the end."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.script: deque[Reply] = deque()
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01})

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ScriptedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def reply(
        self, status: int = 200, body: Any = None, headers: dict[str, str] | None = None, **kw: Any
    ) -> None:
        """Script the next reply; `body` may be bytes, str or a JSON value (default: a Run)."""
        if body is None:
            data = json.dumps(RUN).encode()
        elif isinstance(body, bytes):
            data = body
        elif isinstance(body, str):
            data = body.encode()
        else:
            data = json.dumps(body).encode()
        all_headers = {"Content-Type": "application/json"}
        all_headers.update(headers or {})
        self.script.append(Reply(status, data, all_headers, **kw))

    def next_reply(self) -> Reply:
        with self._lock:
            return (
                self.script.popleft() if self.script else Reply(headers={"Content-Type": "application/json"})
            )
