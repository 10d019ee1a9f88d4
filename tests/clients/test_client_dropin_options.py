"""What openai-python users rely on beyond plain calls (issue 12, items 3 to 7), once per
client (sync, async, standard library): error fields, `_request_id` on results,
`with_options`, lenient parsing on request, iterables, extra_body on a bodiless operation,
debug logging and a key function."""

from __future__ import annotations

import copy
import logging
import warnings

import pytest
from harness.driver import Api
from harness.server import RUN, ScriptedServer

ERROR = {
    "error": {
        "message": "No run found with id 'run_x'.",
        "type": "invalid_request_error",
        "param": "run_id",
        "code": "run_not_found",
    }
}


def test_status_errors_carry_the_servers_fields(api: Api, server: ScriptedServer) -> None:
    server.reply(404, ERROR, {"x-request-id": "req_42"})
    client = api.make(server)
    with pytest.raises(api.pkg.NotFoundError) as caught:
        api.cancel(client)
    error = caught.value
    assert error.message == "No run found with id 'run_x'."
    assert (error.code, error.type, error.param) == ("run_not_found", "invalid_request_error", "run_id")
    assert str(error).startswith("No run found with id 'run_x'.")
    assert "404" in str(error)
    assert (error.status_code, error.request_id, error.body) == (404, "req_42", ERROR["error"])


def test_an_error_body_without_fields_leaves_them_none(api: Api, server: ScriptedServer) -> None:
    server.reply(500, {"detail": "oops"})
    client = api.make(server)
    with pytest.raises(api.pkg.InternalServerError) as caught:
        api.cancel(client)
    assert (caught.value.code, caught.value.type, caught.value.param) == (None, None, None)
    assert str(caught.value) == "Error code: 500 - {'detail': 'oops'}"


def test_results_carry_the_request_id(api: Api, server: ScriptedServer) -> None:
    server.reply(200, RUN, {"x-request-id": "req_1"})
    server.reply(200, RUN, {"x-request-id": "req_2"})
    server.reply(200, RUN)
    client = api.make(server)
    assert api.cancel(client)._request_id == "req_1"
    assert api.cancel(client, raw=True).parse()._request_id == "req_2"
    run = api.cancel(client)
    assert run._request_id is None
    assert run == api.pkg.Run.from_dict(RUN)  # the id is no part of the data
    assert "_request_id" not in run.to_dict()


def test_with_options_copies_sharing_the_pool(api: Api, server: ScriptedServer) -> None:
    client = api.make(server, default_headers={"X-A": "1"})
    other = client.with_options(
        api_key="sk-other", timeout=5.0, max_retries=3, default_headers={"X-B": "2"}
    )
    assert (client.api_key, client.timeout, client.max_retries) == ("sk-test", 600.0, 0)
    assert client.default_headers == {"X-A": "1"}
    assert (other.api_key, other.timeout, other.max_retries) == ("sk-other", 5.0, 3)
    assert other.default_headers == {"X-A": "1", "X-B": "2"}
    transport = "_connection" if api.kind == "stdlib" else "_http_client"
    assert getattr(other, transport) is getattr(client, transport)
    api.cancel(other)
    api.close(other)  # the pool is the original's: still open
    api.cancel(client)
    first, second = server.requests
    assert first.header("Authorization") == "Bearer sk-other" and first.header("X-B") == "2"
    assert second.header("Authorization") == "Bearer sk-test" and second.header("X-B") is None
    assert first.peer == second.peer  # one connection


def test_with_options_to_another_base_url(api: Api, server: ScriptedServer) -> None:
    other_server = ScriptedServer().start()
    try:
        client = api.make(server)
        other = client.with_options(base_url=other_server.url + "/v2")
        api.cancel(other)
        api.cancel(client)
        assert [r.path.split("/")[1] for r in other_server.requests] == ["v2"]
        assert [r.path.split("/")[1] for r in server.requests] == ["v1"]
        api.close(other)
    finally:
        other_server.stop()


def test_lenient_parsing_keeps_an_invalid_body_with_a_warning(api: Api, server: ScriptedServer) -> None:
    invalid = dict(copy.deepcopy(RUN), created_at="yesterday")
    server.reply(200, invalid, {"x-request-id": "req_9"})
    server.reply(200, invalid)
    lenient = api.make(server, strict_response_validation=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run = api.cancel(lenient)
    (warning,) = [w for w in caught if issubclass(w.category, UserWarning) and "created_at" in str(w.message)]
    assert warning.category.__name__ == "ResponseValidationWarning"
    assert run.created_at == "yesterday"
    assert run.id == RUN["id"] and run._request_id == "req_9"
    strict = api.make(server)
    with pytest.raises(api.pkg.APIResponseValidationError, match="created_at"):
        api.cancel(strict)


def test_iterables_are_sent_as_arrays(api: Api, server: ScriptedServer) -> None:
    client = api.make(server)
    api.cancel(client, extra_query={"include": (x for x in ("a", "b")), "one": "ab"})
    assert server.requests[0].query == "include=a&include=b&one=ab"
    body = api.retry.json_body({"ids": (f"id_{i}" for i in range(2)), "s": "xy"}, None)
    assert body == {"ids": ["id_0", "id_1"], "s": "xy"}


def test_extra_body_on_an_operation_without_a_body_is_refused(api: Api, server: ScriptedServer) -> None:
    client = api.make(server)
    with pytest.raises(ValueError, match="extra_body"):
        api.cancel(client, extra_body={"x": 1})
    assert server.requests == []


def test_each_request_is_logged_at_debug(
    api: Api, server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.reply(503)
    client = api.make(server, max_retries=1)
    with caplog.at_level(logging.DEBUG, logger=api.pkg.__name__):
        api.cancel(client)
    lines = [r.getMessage() for r in caplog.records if r.name == api.pkg.__name__]
    assert len(lines) == 2
    assert lines[0].startswith(f"POST {server.url}/v1/threads/") and "-> 503 (attempt 1," in lines[0]
    assert "-> 200 (attempt 2," in lines[1]
    assert all(r.levelno == logging.DEBUG for r in caplog.records if r.name == api.pkg.__name__)


def test_the_log_environment_variable_installs_a_stderr_handler(
    api: Api, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    logger = logging.getLogger(api.pkg.__name__)
    core = __import__(api.pkg.__name__ + "._core", fromlist=["_STDERR_LOGGERS"])
    monkeypatch.setattr(core, "_STDERR_LOGGERS", set())
    before = list(logger.handlers)
    monkeypatch.setenv(api.pkg.__name__.upper() + "_LOG", "debug")
    try:
        api.make(server)
        added = [h for h in logger.handlers if h not in before]
        assert len(added) == 1 and isinstance(added[0], logging.StreamHandler)
        assert logger.level == logging.DEBUG
        api.make(server)
        assert len(logger.handlers) == len(before) + 1  # once per logger
    finally:
        logger.handlers[:] = before
        logger.setLevel(logging.NOTSET)


def test_a_key_function_is_called_for_every_request(api: Api, server: ScriptedServer) -> None:
    keys = iter(["sk-1", "sk-2"])
    client = api.make(server, api_key=lambda: next(keys))
    api.cancel(client)
    api.cancel(client)
    assert [r.header("Authorization") for r in server.requests] == ["Bearer sk-1", "Bearer sk-2"]
