"""The Clients section of CONTRACT.md, once per client (sync, async, standard library),
against a scripted server on 127.0.0.1."""

from __future__ import annotations

import email.utils
import json
import socket
import time
import warnings
from typing import Any

import pytest
from harness import driver
from harness.driver import RUN_ID, THREAD_ID, Api
from harness.server import RUN, ScriptedServer

CANCEL_PATH = f"/v1/threads/{THREAD_ID}/runs/{RUN_ID}/cancel"
ERROR_BODY = {
    "error": {
        "message": "No run found with id 'run_x'.",
        "type": "invalid_request_error",
        "param": None,
        "code": None,
    }
}


# --- the request ---------------------------------------------------------------------------


def test_cancel_sends_the_documented_request_and_returns_the_run(api: Api, server: ScriptedServer) -> None:
    client = api.make(server)
    run = api.cancel(client)
    assert isinstance(run, api.pkg.Run)
    assert run.to_dict() == RUN
    (request,) = server.requests
    assert request.method == "POST"
    assert request.target == CANCEL_PATH
    assert request.body == b""
    assert request.header("Authorization") == "Bearer sk-test"
    assert request.header("OpenAI-Beta") == "assistants=v2"
    assert request.header("Accept") == "application/json"
    assert request.header("User-Agent") == f"{api.pkg.__name__}/{api.pkg.__version__}"
    assert request.header("x-retry-count") == "0"
    assert request.header("Content-Type") is None
    for name in ("Authorization", "OpenAI-Beta", "Accept", "User-Agent", "x-retry-count"):
        assert len(request.header_values(name)) == 1, name


def test_api_key_and_base_url_come_from_the_environment(
    api: Api, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    monkeypatch.setenv("OPENAI_BASE_URL", server.url + "/env")
    client = api.client_class()
    try:
        assert client.base_url == server.url + "/env"
        api.cancel(client)
    finally:
        api.close(client)
    (request,) = server.requests
    assert request.header("Authorization") == "Bearer sk-from-env"
    assert request.path == f"/env/threads/{THREAD_ID}/runs/{RUN_ID}/cancel"


def test_arguments_win_over_the_environment(
    api: Api, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/unused")
    client = api.make(server, api_key="sk-arg")
    api.cancel(client)
    assert server.requests[0].header("Authorization") == "Bearer sk-arg"


def test_the_default_base_url_is_the_spec_server(api: Api) -> None:
    client = api.make()
    assert client.base_url == "https://api.openai.com/v1"
    assert client.timeout == 600.0
    assert client.max_retries == 0  # api.make's default; the client's own default is 2
    assert api.client_class(api_key="k").max_retries == 2


@pytest.mark.parametrize("env", [None, ""])
def test_a_missing_api_key_raises_at_construction(
    api: Api, monkeypatch: pytest.MonkeyPatch, env: Any
) -> None:
    if env is not None:
        monkeypatch.setenv("OPENAI_API_KEY", env)
    with pytest.raises(api.pkg.MissingAPIKeyError, match="OPENAI_API_KEY") as caught:
        api.client_class()
    assert isinstance(caught.value, api.pkg.APIError)


def test_default_headers_win_over_the_generated_ones(api: Api, server: ScriptedServer) -> None:
    client = api.make(
        server, default_headers={"openai-beta": "assistants=v1", "User-Agent": "mine/1", "X-Team": "a"}
    )
    api.cancel(client)
    (request,) = server.requests
    assert request.header_values("OpenAI-Beta") == ["assistants=v1"]
    assert request.header_values("User-Agent") == ["mine/1"]
    assert request.header("X-Team") == "a"
    assert request.header("Authorization") == "Bearer sk-test"


def test_extra_headers_win_over_everything_including_auth(api: Api, server: ScriptedServer) -> None:
    client = api.make(server, default_headers={"X-Team": "a", "OpenAI-Beta": "assistants=v1"})
    api.cancel(
        client,
        extra_headers={
            "authorization": "Bearer sk-other",
            "x-team": "b",
            "OPENAI-BETA": "assistants=v3",
            "X-Retry-Count": "9",
        },
    )
    (request,) = server.requests
    assert request.header_values("Authorization") == ["Bearer sk-other"]
    assert request.header_values("X-Team") == ["b"]
    assert request.header_values("OpenAI-Beta") == ["assistants=v3"]
    assert request.header_values("x-retry-count") == ["9"]


def test_omit_removes_a_header(api: Api, server: ScriptedServer) -> None:
    client = api.make(server)
    api.cancel(client, extra_headers={"Authorization": api.pkg.Omit()})
    assert server.requests[0].header("Authorization") is None


@pytest.mark.parametrize("name", ["Accept", "Accept-Encoding", "User-Agent"])
def test_omit_removes_a_header_the_transport_would_add(
    api: Api, server: ScriptedServer, name: str
) -> None:
    """Removed, not replaced by the HTTP library's default (httpx2 has one for each);
    http.client says `Accept-Encoding: identity` (no coding) when a request names none."""
    client = api.make(server)
    api.cancel(client)
    api.cancel(client, extra_headers={name: api.pkg.Omit()})
    first, second = server.requests
    assert first.header(name) is not None
    left = "identity" if api.kind == "stdlib" and name == "Accept-Encoding" else None
    assert second.header(name) == left


def test_extra_query_and_extra_body(api: Api, server: ScriptedServer) -> None:
    client = api.make(server)
    api.cancel(client, extra_query={"a": "1 2", "b": ["x", "y"], "flag": True, "skipped": None, "n": 3})
    (request,) = server.requests
    assert request.target == CANCEL_PATH + "?a=1%202&b=x&b=y&flag=true&n=3"
    assert request.body == b""
    # cancel sends no body: extra_body is refused before any I/O (issue 12, item 7)
    with pytest.raises(ValueError, match="extra_body"):
        api.cancel(client, extra_body={"reason": "test", "n": [1, None]})
    assert len(server.requests) == 1


def test_a_query_in_the_base_url_is_kept(api: Api, server: ScriptedServer) -> None:
    client = api.make(server, base_url=server.url + "/v1/?api-version=2")
    api.cancel(client, extra_query={"x": "1"})
    assert server.requests[0].target == CANCEL_PATH + "?api-version=2&x=1"


@pytest.mark.parametrize(
    "run_id, thread_id, path",
    [
        ("a/b", "t", "/v1/threads/t/runs/a%2Fb/cancel"),
        ("a?b#c", "t", "/v1/threads/t/runs/a%3Fb%23c/cancel"),
        ("100% done", "t h", "/v1/threads/t%20h/runs/100%25%20done/cancel"),
        ("../x", "./y", "/v1/threads/.%2Fy/runs/..%2Fx/cancel"),
        ("été", "t", "/v1/threads/t/runs/%C3%A9t%C3%A9/cancel"),
        (42, "t", "/v1/threads/t/runs/42/cancel"),
    ],
)
def test_path_values_are_percent_encoded_as_one_segment(
    api: Api, server: ScriptedServer, run_id: Any, thread_id: str, path: str
) -> None:
    client = api.make(server)
    api.cancel(client, run_id, thread_id=thread_id)
    assert server.requests[0].target == path


@pytest.mark.parametrize("bad", ["", ".", ".."])
@pytest.mark.parametrize("where", ["run_id", "thread_id"])
def test_empty_dot_and_dotdot_raise_before_any_io(
    api: Api, server: ScriptedServer, bad: str, where: str
) -> None:
    client = api.make(server)
    ids = {"run_id": RUN_ID, "thread_id": THREAD_ID, where: bad}
    with pytest.raises(ValueError, match=where):
        api.cancel(client, ids["run_id"], thread_id=ids["thread_id"])
    assert server.requests == []


@pytest.mark.parametrize(
    "where",
    ["extra_headers", "default_headers", "api_key", "header_name"],
)
def test_headers_that_would_split_the_request_raise_before_any_io(
    api: Api, server: ScriptedServer, sleeps: list[float], where: str
) -> None:
    evil = "a\r\nInjected: yes"
    make: dict[str, Any] = {"max_retries": 2}
    call: dict[str, Any] = {}
    if where == "extra_headers":
        call["extra_headers"] = {"X-Evil": evil}
    elif where == "default_headers":
        make["default_headers"] = {"X-Evil": evil}
    elif where == "api_key":
        make["api_key"] = "sk" + evil
    else:
        call["extra_headers"] = {"X-Evil\r\nInjected": "yes"}
    client = api.make(server, **make)
    with pytest.raises(ValueError, match="header") as caught:
        api.cancel(client, **call)
    assert evil not in str(caught.value)  # a secret's value is not echoed
    assert not isinstance(caught.value, api.pkg.APIError)
    assert server.requests == [] and sleeps == []


@pytest.mark.parametrize("base_url", ["ftp://example.com/v1", "localhost/v1", "http://", "http://h:port/v1", "/v1"])
def test_a_base_url_that_is_not_http_raises_at_construction(api: Api, base_url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        api.make(base_url=base_url)


def test_the_timeout_option_overrides_the_clients(api: Api, server: ScriptedServer) -> None:
    server.reply(delay=5)
    client = api.make(server, timeout=30.0)
    started = time.monotonic()
    with pytest.raises(api.pkg.APITimeoutError):
        api.cancel(client, timeout=0.05)
    assert time.monotonic() - started < 3


# --- retries ------------------------------------------------------------------------------


def test_server_errors_are_retried_with_backoff(
    api: Api, server: ScriptedServer, sleeps: list[float]
) -> None:
    server.reply(500, ERROR_BODY)
    server.reply(502, ERROR_BODY)
    client = api.make(server, max_retries=2)
    run = api.cancel(client)
    assert run.id == "run_abc123"
    assert [r.header("x-retry-count") for r in server.requests] == ["0", "1", "2"]
    assert len(sleeps) == 2
    assert 0.375 <= sleeps[0] <= 0.5 and 0.75 <= sleeps[1] <= 1.0


def test_retries_stop_at_max_retries(api: Api, server: ScriptedServer, sleeps: list[float]) -> None:
    for _ in range(4):
        server.reply(503, ERROR_BODY)
    client = api.make(server, max_retries=2)
    with pytest.raises(api.pkg.InternalServerError) as caught:
        api.cancel(client)
    assert caught.value.status_code == 503
    assert [r.header("x-retry-count") for r in server.requests] == ["0", "1", "2"]
    assert len(sleeps) == 2


@pytest.mark.parametrize("status", [408, 409, 429, 500, 503, 599])
def test_retryable_statuses(api: Api, server: ScriptedServer, sleeps: list[float], status: int) -> None:
    server.reply(status, ERROR_BODY)
    client = api.make(server, max_retries=1)
    assert api.cancel(client).id == "run_abc123"
    assert len(server.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_are_not_retried(
    api: Api, server: ScriptedServer, sleeps: list[float], status: int
) -> None:
    server.reply(status, ERROR_BODY)
    client = api.make(server, max_retries=2)
    with pytest.raises(api.pkg.APIStatusError):
        api.cancel(client)
    assert len(server.requests) == 1 and sleeps == []


@pytest.mark.parametrize(
    "headers, expected",
    [
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after": "2"}, 2.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after-ms": "100", "retry-after": "7"}, 0.1),
        ({"retry-after": "60"}, 60.0),
    ],
)
def test_retry_after_headers_set_the_wait(
    api: Api, server: ScriptedServer, sleeps: list[float], headers: dict[str, str], expected: float
) -> None:
    server.reply(429, ERROR_BODY, headers)
    client = api.make(server, max_retries=1)
    api.cancel(client)
    assert sleeps == [pytest.approx(expected)]


def test_retry_after_as_an_http_date(api: Api, server: ScriptedServer, sleeps: list[float]) -> None:
    start = time.time()
    when = email.utils.formatdate(start + 5, usegmt=True)  # whole seconds: start + (4, 5]
    server.reply(429, ERROR_BODY, {"retry-after": when})
    client = api.make(server, max_retries=1)
    api.cancel(client)
    elapsed = time.time() - start  # the wait is the date less the moment it was read
    assert len(sleeps) == 1 and 4 - elapsed <= sleeps[0] <= 5.0, (sleeps, elapsed)


@pytest.mark.parametrize("headers", [{"retry-after": "61"}, {"retry-after-ms": "120000"}])
def test_a_retry_after_over_60_seconds_is_not_waited_for(
    api: Api, server: ScriptedServer, sleeps: list[float], headers: dict[str, str]
) -> None:
    server.reply(429, ERROR_BODY, headers)
    client = api.make(server, max_retries=2)
    with pytest.raises(api.pkg.RateLimitError):
        api.cancel(client)
    assert len(server.requests) == 1 and sleeps == []


def test_x_should_retry_false_stops_a_retry(api: Api, server: ScriptedServer, sleeps: list[float]) -> None:
    server.reply(500, ERROR_BODY, {"x-should-retry": "false"})
    client = api.make(server, max_retries=2)
    with pytest.raises(api.pkg.InternalServerError):
        api.cancel(client)
    assert len(server.requests) == 1 and sleeps == []


def test_x_should_retry_true_retries_a_client_error(
    api: Api, server: ScriptedServer, sleeps: list[float]
) -> None:
    server.reply(400, ERROR_BODY, {"x-should-retry": "true"})
    client = api.make(server, max_retries=2)
    assert api.cancel(client).id == "run_abc123"
    assert [r.header("x-retry-count") for r in server.requests] == ["0", "1"]


def test_timeouts_are_retried_then_raised(api: Api, server: ScriptedServer, sleeps: list[float]) -> None:
    server.reply(delay=5)
    server.reply(delay=5)
    client = api.make(server, timeout=0.05, max_retries=1)
    with pytest.raises(api.pkg.APITimeoutError) as caught:
        api.cancel(client)
    assert isinstance(caught.value, api.pkg.APIConnectionError)
    assert caught.value.__cause__ is not None
    assert len(server.requests) == 2 and len(sleeps) == 1


def test_a_refused_connection_is_retried_then_raised(api: Api, sleeps: list[float]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = api.make(base_url=f"http://127.0.0.1:{port}/v1", max_retries=2)
    with pytest.raises(api.pkg.APIConnectionError) as caught:
        api.cancel(client)
    assert not isinstance(caught.value, api.pkg.APITimeoutError)
    assert len(sleeps) == 2


# --- errors -------------------------------------------------------------------------------

STATUS_CLASSES = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (409, "ConflictError"),
    (422, "UnprocessableEntityError"),
    (429, "RateLimitError"),
    (500, "InternalServerError"),
    (503, "InternalServerError"),
    (418, "APIStatusError"),
    (302, "APIStatusError"),
]


@pytest.mark.parametrize("status, class_name", STATUS_CLASSES)
def test_statuses_map_to_their_error_classes(
    api: Api, server: ScriptedServer, status: int, class_name: str
) -> None:
    server.reply(status, ERROR_BODY, {"x-request-id": "req_123"})
    client = api.make(server)
    with pytest.raises(api.pkg.APIStatusError) as caught:
        api.cancel(client)
    error = caught.value
    assert type(error) is getattr(api.pkg, class_name)
    assert isinstance(error, api.pkg.APIError)
    assert error.status_code == status
    assert error.body == ERROR_BODY["error"]
    assert error.request_id == "req_123"
    assert error.response.status_code == status
    assert error.response.headers["X-Request-Id"] == "req_123"
    assert str(error) == f"No run found with id 'run_x'. (Error code: {status})"  # the server's first


def test_an_error_body_that_is_not_json_is_kept_as_text(api: Api, server: ScriptedServer) -> None:
    server.reply(502, b"<html>Bad gateway</html>", {"Content-Type": "text/html"})
    client = api.make(server)
    with pytest.raises(api.pkg.InternalServerError) as caught:
        api.cancel(client)
    assert caught.value.body == "<html>Bad gateway</html>"
    assert caught.value.request_id is None
    assert str(caught.value) == "Error code: 502 - <html>Bad gateway</html>"


def test_an_empty_error_body(api: Api, server: ScriptedServer) -> None:
    server.reply(404, b"")
    client = api.make(server)
    with pytest.raises(api.pkg.NotFoundError) as caught:
        api.cancel(client)
    assert caught.value.body is None
    assert str(caught.value) == "Error code: 404"


@pytest.mark.parametrize(
    "body, path",
    [
        (b"not json", ""),
        (b"", ""),
        (json.dumps({**RUN, "created_at": "yesterday"}).encode(), "created_at"),
        (json.dumps({k: v for k, v in RUN.items() if k != "id"}).encode(), "id"),
        (b"[]", ""),
    ],
)
def test_a_2xx_body_that_is_not_a_run_raises_a_validation_error(
    api: Api, server: ScriptedServer, sleeps: list[float], body: bytes, path: str
) -> None:
    server.reply(200, body, {"x-request-id": "req_9"})
    client = api.make(server, max_retries=2)
    with pytest.raises(api.pkg.APIResponseValidationError) as caught:
        api.cancel(client)
    error = caught.value
    assert isinstance(error, api.pkg.APIError)
    assert isinstance(error.__cause__, api.pkg.ValidationError)
    assert error.error is error.__cause__
    assert error.error.path == path
    assert error.status_code == 200 and error.request_id == "req_9"
    assert len(server.requests) == 1 and sleeps == []


# --- raw responses, deprecation, lifecycle ------------------------------------------------


def test_with_raw_response(api: Api, server: ScriptedServer) -> None:
    server.reply(200, RUN, {"x-request-id": "req_raw"})
    client = api.make(server)
    raw = api.cancel(client, raw=True)
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "req_raw"
    assert raw.headers["X-REQUEST-ID"] == "req_raw"
    assert raw.request_id == "req_raw"
    assert json.loads(raw.content) == RUN
    assert raw.http_response.status_code == 200
    run = raw.parse()
    assert isinstance(run, api.pkg.Run) and run.to_dict() == RUN
    assert isinstance(raw, api.pkg.APIResponse)


def test_with_raw_response_still_raises_status_errors_and_parse_validates(
    api: Api, server: ScriptedServer
) -> None:
    server.reply(404, ERROR_BODY)
    server.reply(200, b"{}")
    client = api.make(server)
    with pytest.raises(api.pkg.NotFoundError):
        api.cancel(client, raw=True)
    raw = api.cancel(client, raw=True)
    with pytest.raises(api.pkg.APIResponseValidationError):
        raw.parse()


@pytest.mark.parametrize("raw", [False, True])
def test_the_call_emits_a_deprecation_warning_at_the_caller(
    api: Api, server: ScriptedServer, raw: bool
) -> None:
    client = api.make(server)
    message = "The beta.threads.runs.cancel endpoint is deprecated."
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        api.cancel(client, raw=raw, warn=True)
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert [str(w.message) for w in deprecations] == [message]
    # the warning points at the line that called the method (in the driver), not into the package
    assert deprecations[0].filename == driver.__file__
    runs = client.beta.threads.runs
    method = runs.with_raw_response.cancel if raw else runs.cancel
    assert method.__deprecated__ == message


def test_one_client_keeps_its_connection(api: Api, server: ScriptedServer) -> None:
    client = api.make(server)
    for _ in range(3):
        api.cancel(client)
    assert len({r.peer for r in server.requests}) == 1


def test_a_connection_the_server_dropped_is_reopened(api: Api, server: ScriptedServer) -> None:
    server.reply(200, RUN, drop_connection=True)
    client = api.make(server, max_retries=0)
    api.cancel(client)
    time.sleep(0.05)  # let the server finish closing
    api.cancel(client)
    assert len(server.requests) == 2
    assert len({r.peer for r in server.requests}) == 2


@pytest.mark.parametrize("max_retries", [0, 1])
def test_a_request_is_never_sent_again_behind_the_retry_count(
    api: Api, server: ScriptedServer, max_retries: int
) -> None:
    """The server reads the second request on the kept-alive connection, then hangs up
    without answering: it may have acted on it, so sending it again is a retry, counted
    against max_retries and announced in x-retry-count."""
    client = api.make(server, max_retries=max_retries)
    api.cancel(client)
    server.reply(hang_up=True)
    if max_retries == 0:
        with pytest.raises(api.pkg.APIConnectionError):
            api.cancel(client)
    else:
        api.cancel(client)
    assert [r.header("x-retry-count") for r in server.requests] == ["0", "0", "1"][: 2 + max_retries]


def test_close_and_context_managers(api: Api, server: ScriptedServer) -> None:
    client = api.make(server)
    if api.is_async:

        async def use() -> Any:
            async with client as entered:
                assert entered is client
                return await client.beta.threads.runs.cancel(RUN_ID, thread_id=THREAD_ID)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            run = api.resolve(use())
    else:
        with client as entered:
            assert entered is client
            run = api.cancel(client)
    assert run.id == "run_abc123"
    api.close(client)  # closing twice is fine


def test_an_http_client_passed_in_is_used_and_left_open(api: Api, server: ScriptedServer) -> None:
    if api.kind == "stdlib":
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", server.port)
        client = api.make(server, http_client=connection)
        api.cancel(client)
        api.close(client)
        assert connection.sock is not None  # ours to close
        connection.close()
    else:
        import httpx2

        http_class = httpx2.AsyncClient if api.is_async else httpx2.Client
        http = http_class(headers={"X-Pool": "mine"})
        client = api.make(server, http_client=http)
        api.cancel(client)
        api.close(client)
        assert not http.is_closed
        api.resolve(http.aclose() if api.is_async else http.close())
    assert server.requests[0].target == CANCEL_PATH
    if api.kind != "stdlib":
        assert server.requests[0].header("X-Pool") == "mine"
