"""A server on 127.0.0.1 that answers each request with scripted raw bytes, for the faults an
http.server cannot make: bytes past Content-Length, a body dripped byte by byte, more than 100
headers, a 204 with a body.

Each connection reads one request (head + Content-Length body), then sends the next scripted
answer: a list of byte chunks, each written after `pause` seconds. Connections are kept open
until the client closes them (or an answer says `close`), so a second request on the same
connection gets the next answer.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import deque

JSON_RUN = (
    b'{"id":"run_abc123","object":"thread.run","created_at":1699076126,"assistant_id":"asst_abc123",'
    b'"thread_id":"thread_abc123","status":"cancelling","started_at":1699076126,"expires_at":1699076726,'
    b'"cancelled_at":null,"failed_at":null,"completed_at":null,"last_error":null,"model":"gpt-4o",'
    b'"instructions":"You summarize books.","tools":[{"type":"file_search"}],"metadata":{},"usage":null,'
    b'"temperature":1.0,"top_p":1.0,"response_format":"auto","tool_choice":"auto","parallel_tool_calls":true}'
)


def response(body: bytes = JSON_RUN, status: str = "200 OK", headers: tuple[str, ...] = ()) -> bytes:
    """A whole HTTP/1.1 response with Content-Length."""
    head = [f"HTTP/1.1 {status}", "Content-Type: application/json", f"Content-Length: {len(body)}"]
    head.extend(headers)
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


class RawServer:
    def __init__(self) -> None:
        self.answers: deque[tuple[list[bytes], float, bool]] = deque()
        self.requests: list[bytes] = []
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.05)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accept = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def answer(self, *chunks: bytes, pause: float = 0.0, close: bool = False) -> None:
        """Script the next answer: `chunks` written one by one, `pause` seconds before each;
        `close`: the connection is closed after them."""
        self.answers.append((list(chunks), pause, close))

    def start(self) -> RawServer:
        self._accept.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._accept.join()
        for thread in self._threads:
            thread.join(5)
        self._sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            thread = threading.Thread(target=self._connection, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _connection(self, conn: socket.socket) -> None:
        conn.settimeout(0.05)
        buffer = b""
        with conn:
            while not self._stop.is_set():
                request, buffer = self._read_request(conn, buffer)
                if request is None:
                    return
                self.requests.append(request)
                chunks, pause, close = self.answers.popleft() if self.answers else ([response()], 0.0, False)
                for chunk in chunks:
                    if pause and self._stop.wait(pause):
                        return
                    try:
                        conn.sendall(chunk)
                    except OSError:
                        return
                if close:
                    return

    def _read_request(self, conn: socket.socket, buffer: bytes) -> tuple[bytes | None, bytes]:
        while b"\r\n\r\n" not in buffer:
            data = self._recv(conn)
            if not data:
                return None, b""
            buffer += data
        head, _, rest = buffer.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(rest) < length:
            data = self._recv(conn)
            if not data:
                return None, b""
            rest += data
        return head + b"\r\n\r\n" + rest[:length], rest[length:]

    def _recv(self, conn: socket.socket) -> bytes:
        deadline = time.monotonic() + 30
        while not self._stop.is_set() and time.monotonic() < deadline:
            try:
                return conn.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return b""
        return b""
