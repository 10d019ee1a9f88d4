"""The loopback server of the client benchmarks: a separate process, as cheap per request as
asyncio allows, so that what the client rows measure is the client.

Every request, whatever its method and path, is answered `200` with the fullest documented
Run example. HTTP/1.1 keep-alive: a connection carries any number of requests, pipelined or
not; the request head is parsed up to its blank line and a `Content-Length` body is skipped,
however the bytes arrive (one read may hold half a request or several).

Run as `python -m bench.server`: it prints its port on the first line of stdout, then
answers each `cpu` line on stdin with its own CPU seconds so far (`time.process_time`),
and exits at the end of stdin. `Server` in the benchmark process drives that.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
from typing import IO, Optional

from bench.common import ROOT, fullest_document

MAX_HEAD = 64 * 1024


def response_bytes(body: bytes) -> bytes:
    head = (
        "HTTP/1.1 200 OK\r\n"
        "content-type: application/json\r\n"
        f"content-length: {len(body)}\r\n"
        "x-request-id: req_bench\r\n"
        "\r\n"
    )
    return head.encode("ascii") + body


class HTTPProtocol(asyncio.Protocol):
    """One keep-alive connection: answers every complete request in the buffer, in order."""

    def __init__(self, response: bytes) -> None:
        self.response = response
        self.buffer = bytearray()
        self.transport: Optional[asyncio.Transport] = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        assert self.transport is not None
        buffer = self.buffer
        buffer += data
        answers = 0
        close = False
        while True:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(buffer) > MAX_HEAD:
                    close = True
                break
            length = 0
            for line in bytes(buffer[:end]).split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"transfer-encoding":  # no client here sends chunked bodies
                    close = True
                elif name == b"connection" and value.strip().lower() == b"close":
                    close = True
            total = end + 4 + length
            if len(buffer) < total:
                break  # the body is still on its way
            del buffer[:total]
            answers += 1
            if close:
                break
        if answers:
            self.transport.write(self.response * answers)
        if close:
            self.transport.close()


async def serve(response: bytes, ready: IO[str]) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: HTTPProtocol(response), "127.0.0.1", 0, backlog=1024
    )
    port = server.sockets[0].getsockname()[1]
    done = asyncio.Event()

    def control() -> None:
        # a thread blocked in readline costs no CPU; it answers between the measurements
        for line in sys.stdin:
            if line.strip() == "cpu":
                print(f"{time.process_time():.6f}", file=ready, flush=True)
        loop.call_soon_threadsafe(done.set)

    print(port, file=ready, flush=True)
    threading.Thread(target=control, daemon=True).start()
    async with server:
        await done.wait()


class Server:
    """The server process, seen from the benchmark: `url`, `cpu()`, `close()`."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.server"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the benchmark server did not start")
        self.port = int(line)
        self.url = f"http://127.0.0.1:{self.port}/v1"

    def cpu(self) -> float:
        """The server's CPU seconds so far."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("cpu\n")
        self.process.stdin.flush()
        return float(self.process.stdout.readline())

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


if __name__ == "__main__":
    asyncio.run(serve(response_bytes(fullest_document()), sys.stdout))
