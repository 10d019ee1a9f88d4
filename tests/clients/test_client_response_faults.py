"""Faulty responses, once per client (issue 14, items 8, 9 and 11): once a status has been
received the request is not sent again unless the status says so; gzip is read the same way
by every client, with inflation capped; an overall deadline per attempt; `retry-after`
waits too long to honour raise; bytes a response leaves on the connection never become the
next call's answer."""

from __future__ import annotations

import gzip
import json
import time
import zlib
from collections.abc import Iterator

import pytest
from harness.driver import Api
from harness.raw_server import RawServer, response
from harness.server import RUN, ScriptedServer


@pytest.fixture
def raw() -> Iterator[RawServer]:
    server = RawServer().start()
    yield server
    server.stop()


def test_a_200_with_a_corrupt_gzip_body_is_not_sent_again(api: Api, server: ScriptedServer) -> None:
    corrupt = gzip.compress(json.dumps(RUN).encode())[:20] + b"\x00garbage"
    for _ in range(3):
        server.reply(200, corrupt, {"Content-Encoding": "gzip"})
    client = api.make(server, max_retries=2)
    with pytest.raises(api.pkg.APIConnectionError):
        api.cancel(client)
    assert len(server.requests) == 1


def test_a_200_with_more_than_100_headers_is_not_sent_again(api: Api, server: ScriptedServer) -> None:
    headers = {f"X-Header-{i}": str(i) for i in range(150)}
    for _ in range(3):
        server.reply(200, RUN, headers)
    client = api.make(server, max_retries=2)
    try:
        run = api.cancel(client)
    except api.pkg.APIConnectionError:
        pass  # the standard library refuses more than 100 headers
    else:
        assert run.id == RUN["id"]
    assert len(server.requests) == 1


def test_a_gzip_body_is_read_by_every_client(api: Api, server: ScriptedServer) -> None:
    server.reply(200, gzip.compress(json.dumps(RUN).encode()), {"Content-Encoding": "gzip"})
    server.reply(200, zlib.compress(json.dumps(RUN).encode()), {"Content-Encoding": "deflate"})
    client = api.make(server)
    assert api.cancel(client).to_dict() == RUN
    assert api.cancel(client).to_dict() == RUN
    assert "gzip" in (server.requests[0].header("Accept-Encoding") or "")


def test_a_gzip_bomb_is_refused_not_inflated(api: Api, server: ScriptedServer) -> None:
    bomb = gzip.compress(b" " * (200 * 1024 * 1024), compresslevel=9)  # 200 MiB of spaces
    server.reply(200, bomb, {"Content-Encoding": "gzip"})
    client = api.make(server, max_retries=2)
    with pytest.raises(api.pkg.APIConnectionError) as excinfo:
        api.cancel(client)
    assert "inflate" in str(excinfo.value)
    assert len(server.requests) == 1


@pytest.mark.parametrize("value", ["inf", "1e400", "Infinity"])
def test_a_retry_after_ms_of_infinity_is_not_waited_for(
    api: Api, server: ScriptedServer, sleeps: list[float], value: str
) -> None:
    server.reply(429, {"error": {"message": "slow down"}}, {"retry-after-ms": value})
    client = api.make(server, max_retries=2)
    with pytest.raises(api.pkg.RateLimitError):
        api.cancel(client)
    assert len(server.requests) == 1
    assert sleeps == []


def test_the_attempt_deadline_bounds_a_dripping_response(api: Api, raw: RawServer) -> None:
    """The head at once, then a byte of the body every 0.2 s: each read is within
    `timeout`, the whole (over two minutes) is not within `attempt_timeout`."""
    whole = response()
    head_end = whole.index(b"\r\n\r\n") + 4
    raw.answer(whole[:head_end], *[whole[i : i + 1] for i in range(head_end, len(whole))], pause=0.2)
    client = api.make(base_url=raw.url + "/v1", timeout=2.0, attempt_timeout=1.0, max_retries=2)
    started = time.monotonic()
    with pytest.raises(api.pkg.APITimeoutError):
        api.cancel(client)
    assert time.monotonic() - started < 10  # the deadline and one read, with room for a slow machine
    assert len(raw.requests) == 1  # the status had arrived: not sent again


@pytest.mark.parametrize("attempt_timeout", [None, 30.0])
def test_a_body_cut_short_is_a_connection_error_not_sent_again(
    api: Api, raw: RawServer, attempt_timeout: float | None
) -> None:
    """The connection closes before `Content-Length` bytes of body arrived: every client
    raises APIConnectionError (not a parse error of the bytes that came), and sends once."""
    raw.answer(response()[:-10], close=True)
    client = api.make(base_url=raw.url + "/v1", attempt_timeout=attempt_timeout, max_retries=2)
    with pytest.raises(api.pkg.APIConnectionError):
        api.cancel(client)
    assert len(raw.requests) == 1


def _second_call_answer(api: Api, client: object) -> object:
    """The id the second call on a connection reads: the Run's, or the stray bytes'."""
    try:
        return api.cancel(client).id
    except api.pkg.APIResponseValidationError as exc:
        return exc.body["id"] if isinstance(exc.body, dict) else exc.body


def test_bytes_past_content_length_and_the_next_call(api: Api, raw: RawServer) -> None:
    """The standard-library client drops what a response leaves on the connection. The httpx2
    clients cannot see it (httpcore2 keeps it in its parser's buffer, out of the client's
    reach, and reuses the connection): the next call reads it as its answer, as
    openai-python does over the same transport. Documented in README (Known limits)."""
    raw.answer(response() + response(b'{"id":"stray","object":"bogus"}'))
    raw.answer(response())
    client = api.make(base_url=raw.url + "/v1")
    assert api.cancel(client).id == "run_abc123"
    expected = "run_abc123" if api.kind == "stdlib" else "stray"
    assert _second_call_answer(api, client) == expected


def test_a_204_with_a_body_and_the_next_call(api: Api, raw: RawServer) -> None:
    """As above, for a 204 followed by bytes (a 204 has no body by definition)."""
    raw.answer(b"HTTP/1.1 204 No Content\r\n\r\n" + response(b'{"id":"stray"}'))
    raw.answer(response())
    client = api.make(base_url=raw.url + "/v1")
    assert api.cancel(client, raw=True).status_code == 204
    expected = "run_abc123" if api.kind == "stdlib" else "stray"
    assert _second_call_answer(api, client) == expected
