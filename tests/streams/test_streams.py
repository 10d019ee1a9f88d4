"""Streams over a loopback server in the three transports: typed events in order, the end
markers, error events, leaving early, and the connection afterwards."""

from __future__ import annotations

import json
from typing import Any, Dict, List

import pytest

RUN: Dict[str, Any] = {
    "id": "run_abc123",
    "object": "thread.run",
    "created_at": 1699076126,
    "assistant_id": "asst_abc123",
    "thread_id": "thread_abc123",
    "status": "queued",
    "model": "gpt-4o",
    "instructions": "You summarize books.",
    "tools": [{"type": "file_search"}],
    "metadata": {},
    "parallel_tool_calls": True,
}
STATUSES = ["queued", "in_progress", "requires_action", "completed"]


def run(status: str) -> str:
    return json.dumps({**RUN, "status": status})


def pieces(data: bytes, size: int) -> List[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def models(harness: Any) -> Any:
    return harness.package.models


def test_data_only_events_typed_in_order_until_done(harness: Any) -> None:
    body = "".join(f"data: {run(s)}\n\n" for s in STATUSES) + "data: [DONE]\n\n"
    harness.server.serve("/chat", pieces(body.encode(), 7))
    Run = models(harness).Run
    events = harness.events("/chat", harness.streaming.parse_data(Run.from_json))
    assert [type(e) for e in events] == [Run] * 4
    assert [e.status for e in events] == STATUSES
    assert events[0].tools[0].type == "file_search"


def test_named_events_unknown_kept_done_ends(harness: Any) -> None:
    body = (
        f"event: thread.run.created\ndata: {run('queued')}\n\n"
        ": keep-alive\n\n"
        'event: thread.run.brand_new\ndata: {"x": 1}\n\n'
        f"event: thread.run.completed\r\ndata: {run('completed')}\r\n\r\n"
        "event: done\ndata: [DONE]\n\n"
        f"event: thread.run.created\ndata: {run('queued')}\n\n"  # after done: never read as an event
    )
    harness.server.serve("/runs", pieces(body.encode(), 5))
    Run = models(harness).Run

    def run_event(text: str) -> Any:
        envelope = json.loads(text)
        return (envelope["event"], Run.from_dict(envelope["data"]))

    def unknown(text: str) -> Any:
        return ("unknown", json.loads(text))

    arms = {"thread.run.created": run_event, "thread.run.completed": run_event}
    events = harness.events("/runs", harness.streaming.parse_envelope(arms, unknown))
    assert [kind for kind, _ in events] == ["thread.run.created", "unknown", "thread.run.completed"]
    assert events[1][1] == {"event": "thread.run.brand_new", "data": {"x": 1}}
    assert events[2][1].status == "completed"


def test_named_arms_parse_their_data(harness: Any) -> None:
    body = f"event: queued\ndata: {run('queued')}\n\nevent: other\ndata: [1]\n\ndata: [2]\n\n"
    harness.server.serve("/named", [body.encode()])
    arms = {"queued": models(harness).Run.from_json}
    events = harness.events("/named", harness.streaming.parse_named(arms, json.loads))
    assert [type(e).__name__ for e in events] == ["Run", "list", "list"]
    assert events[1:] == [[1], [2]]


@pytest.mark.parametrize(
    "frame",
    [
        'event: error\ndata: {"code": "server_error", "message": "The server had an error"}\n\n',
        'event: error\ndata: {"error": {"message": "The server had an error", "type": "server_error"}}\n\n',
        'data: {"error": {"message": "The server had an error", "type": "server_error"}}\n\n',
    ],
)
def test_error_event_raises_api_error_with_its_message(harness: Any, frame: str) -> None:
    harness.server.serve("/err", [f"data: {run('queued')}\n\n{frame}data: [DONE]\n\n".encode()])
    seen: List[Any] = []
    parse = harness.streaming.parse_data(models(harness).Run.from_json)
    with pytest.raises(harness.package.APIError) as info:
        harness.events("/err", lambda sse: seen.append(parse(sse)))
    assert info.value.message == "The server had an error"
    assert isinstance(info.value.body, dict)
    assert len(seen) == 1
    assert harness.response_closed()


def test_an_event_with_a_null_error_is_an_event(harness: Any) -> None:
    harness.server.serve("/ok", [b'data: {"error": null, "n": 1}\n\ndata: [DONE]\n\n'])
    assert harness.events("/ok", lambda sse: sse.json()) == [{"error": None, "n": 1}]


def test_an_invalid_event_raises_validation_error_naming_the_field(harness: Any) -> None:
    harness.server.serve("/bad", [f"data: {run('queued')}\n\n".encode(), b'data: {"id": 5}\n\n'])
    with pytest.raises(ValueError) as info:
        harness.events("/bad", harness.streaming.parse_data(models(harness).Run.from_json))
    assert "id" in str(info.value)


def test_leaving_early_closes_the_response_and_the_client_stays_usable(harness: Any) -> None:
    endless = [f"data: {run('in_progress')}\n\n".encode()] * 2000
    harness.server.serve("/long", endless, pause=0.001)
    Run = models(harness).Run
    events = harness.events("/long", harness.streaming.parse_data(Run.from_json), stop_after=2)
    assert len(events) == 2
    assert harness.response_closed()
    assert harness.plain() == b'{"echo": 0}'


def test_a_finished_stream_leaves_its_connection_for_the_next_request(harness: Any) -> None:
    harness.server.serve("/short", [f"data: {run('queued')}\n\ndata: [DONE]\n\n".encode()])
    harness.server.serve("/content-length", [b"data: {}\n\n"], length=True)
    parse = harness.streaming.parse_data(models(harness).Run.from_json)
    assert len(harness.events("/short", parse)) == 1
    assert harness.events("/content-length", lambda sse: sse.data) == ["{}"]
    harness.plain()
    peers = {r.peer for r in harness.server.received}
    assert len(peers) == 1, peers


def test_status_and_headers(harness: Any) -> None:
    harness.server.serve("/h", [b"data: [DONE]\n\n"])
    stream = harness.open_stream("/h", lambda sse: sse)
    assert stream.status_code == 200
    assert stream.request_id == "req_stream"
    assert stream.headers["Content-Type"] == "text/event-stream"
    if harness.loop is not None:
        harness.run(stream.aclose())
    else:
        stream.close()
        stream.close()  # idempotent
    assert harness.response_closed()


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate"])
def test_compressed_streams(harness: Any, encoding: str) -> None:
    body = "".join(f"data: {run(s)}\n\n" for s in STATUSES) + "data: [DONE]\n\n"
    harness.server.serve("/gz", [body.encode()], encoding=encoding)
    events = harness.events("/gz", harness.streaming.parse_data(models(harness).Run.from_json))
    assert [e.status for e in events] == STATUSES
