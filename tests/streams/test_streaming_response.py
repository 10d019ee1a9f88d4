"""`client.x.with_streaming_response.method(...)`: a context manager whose response reads its
body only when asked (`.iter_bytes()`, `.read()`, `.text`, `.parse()`), closed when the block
is left; sync, async and stdlib clients of OpenAI's whole document (issue 11, Deliver 3)."""

from __future__ import annotations

import json
import threading
from types import ModuleType
from typing import Any, Dict, Iterator, List

import pytest
from stream_clients import KINDS, Clients
from stream_server import StreamServer

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

CONTENT = "/v1/files/file-1/content"
FILE = {"id": "file-1", "object": "file", "bytes": 5, "created_at": 1, "filename": "a.jsonl",
        "purpose": "batch", "status": "uploaded"}


@pytest.fixture(params=KINDS)
def clients(request: pytest.FixtureRequest, whole: Dict[str, ModuleType], server: StreamServer) -> Iterator[Clients]:
    c = Clients(request.param, whole, server)
    yield c
    c.close()


def _enter_and(clients: Clients, context: Any, use: Any) -> Any:
    """Enter the context (`with` / `async with`), call `use(response)` inside it (awaited
    for the async client) and return what it gave, with the response."""
    if clients.loop is None:
        with context as response:
            return use(response), response

    async def run() -> Any:
        async with context as response:
            result = use(response)
            return (await result if hasattr(result, "__await__") else result), response

    return clients.loop.run_until_complete(run())


def _read_all(clients: Clients, response: Any) -> Any:
    if clients.kind != "async":
        return b"".join(response.iter_bytes())

    async def collect() -> bytes:
        return b"".join([piece async for piece in response.aiter_bytes()])

    return collect()


def test_the_body_is_not_read_before_the_caller_reads_it(clients: Clients) -> None:
    gate = threading.Event()
    pieces = [b"first piece;", b"second piece;", b"third piece"]
    clients.server.serve(CONTENT, pieces, content_type="application/octet-stream", gate=gate)
    client = clients.client("whole")
    seen: List[int] = []

    def use(response: Any) -> Any:
        # the headers are here, and the server is still holding back all but its first piece
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/octet-stream"
        seen.append(clients.server.sent(CONTENT))
        gate.set()
        return _read_all(clients, response)

    body, _ = _enter_and(clients, client.files.with_streaming_response.content("file-1"), use)
    # a client that read the body on entering would have waited out the gate (5 s) and seen
    # every piece sent; the headers may reach it before the server has counted its first piece
    assert len(seen) == 1 and seen[0] <= 1, seen
    assert body == b"".join(pieces)


def test_leaving_the_block_closes_the_response_and_the_client_goes_on(clients: Clients) -> None:
    gate = threading.Event()
    clients.server.serve(CONTENT, [b"x" * 1000] * 20, content_type="application/octet-stream", gate=gate)
    clients.server.serve("/v1/files/file-1", [json.dumps(FILE).encode()], content_type="application/json",
                         length=True)
    client = clients.client("whole")
    _, response = _enter_and(clients, client.files.with_streaming_response.content("file-1"), lambda r: None)
    gate.set()
    raw = response.http_response
    if clients.kind == "stdlib":
        assert raw.raw.isclosed()
    else:
        assert raw.is_closed
    assert clients.server.sent(CONTENT) < 20  # the rest of the body was never read
    again = clients.call(client.files.retrieve("file-1"))
    assert again.id == "file-1"


def test_parse_read_and_text_on_demand(clients: Clients) -> None:
    clients.server.serve("/v1/files/file-1", [json.dumps(FILE)[:20].encode(), json.dumps(FILE)[20:].encode()],
                         content_type="application/json")
    client = clients.client("whole")
    models = clients.package("whole").models

    def use(response: Any) -> Any:
        if clients.kind != "async":
            return response.parse(), response.read(), response.text

        async def both() -> Any:
            return await response.parse(), await response.read(), await response.text()

        return both()

    (parsed, body, text), _ = _enter_and(clients, client.files.with_streaming_response.retrieve("file-1"), use)
    assert isinstance(parsed, models.OpenAIFile) and parsed.id == "file-1"
    assert body == json.dumps(FILE).encode() and text == json.dumps(FILE)


def test_an_error_status_raises_on_entering(clients: Clients) -> None:
    error = {"error": {"message": "No such file", "type": "invalid_request_error", "code": "not_found"}}
    clients.server.serve("/v1/files/nope", [json.dumps(error).encode()], status=404, content_type="application/json",
                         length=True)
    client = clients.client("whole")
    errors = clients.package("whole")
    with pytest.raises(errors.NotFoundError) as caught:
        _enter_and(clients, client.files.with_streaming_response.retrieve("nope"), lambda r: None)
    assert caught.value.message == "No such file"


@pytest.mark.parametrize("kind", ["sync", "stdlib"])  # the async response has `aiter_bytes()`, unsized
def test_iter_bytes_in_sized_pieces(kind: str, whole: Dict[str, ModuleType], server: StreamServer) -> None:
    clients = Clients(kind, whole, server)
    server.serve(CONTENT, [b"abc", b"defgh", b"ij"], content_type="application/octet-stream")
    client = clients.client("whole")
    try:
        pieces, _ = _enter_and(clients, client.files.with_streaming_response.content("file-1"),
                               lambda r: list(r.iter_bytes(4)))
    finally:
        clients.close()
    assert pieces == [b"abcd", b"efgh", b"ij"]


def test_a_stream_has_no_raw_response_and_leaves_the_client_usable(clients: Clients) -> None:
    from test_generated import run_stream_frames

    clients.server.serve("/v1/threads/thread_1/runs", [run_stream_frames()] * 20, pause=0.002)
    clients.server.serve("/v1/files/file-1", [json.dumps(FILE).encode()], content_type="application/json",
                         length=True)
    client = clients.client("whole")
    with pytest.raises(RuntimeError, match="a stream has no raw response"):
        clients.call(client.threads.runs.with_raw_response.create("thread_1", assistant_id="a", stream=True))
    assert clients.call(client.files.retrieve("file-1")).id == "file-1"
