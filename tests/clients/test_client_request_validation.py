"""What a client refuses before any I/O, with a plain ValueError (issue 14, items 7 and 9):
framing headers from users, header values HTTP cannot carry, a base URL with a space, NaN
or Infinity in a JSON body; once per client (sync, async, standard library)."""

from __future__ import annotations

import http.client
import math

import pytest
from harness.driver import Api
from harness.server import ScriptedServer

FRAMING = ["Content-Length", "transfer-encoding", "HOST", "Connection"]


def _assert_plain_value_error(excinfo: pytest.ExceptionInfo[ValueError]) -> None:
    assert not isinstance(excinfo.value, (UnicodeError, http.client.InvalidURL)), repr(excinfo.value)


@pytest.mark.parametrize("name", FRAMING)
def test_framing_headers_in_extra_headers_are_refused(api: Api, server: ScriptedServer, name: str) -> None:
    client = api.make(server)
    with pytest.raises(ValueError, match=name) as excinfo:
        api.cancel(client, extra_headers={name: "5"})
    _assert_plain_value_error(excinfo)
    assert server.requests == []


@pytest.mark.parametrize("name", FRAMING)
def test_framing_headers_in_default_headers_are_refused(api: Api, server: ScriptedServer, name: str) -> None:
    client = api.make(server, default_headers={name: "0"})
    with pytest.raises(ValueError, match=name):
        api.cancel(client)
    assert server.requests == []


def test_a_non_ascii_header_value_is_a_value_error(api: Api, server: ScriptedServer) -> None:
    client = api.make(server)
    with pytest.raises(ValueError, match="X-Team") as excinfo:
        api.cancel(client, extra_headers={"X-Team": "équipe"})
    _assert_plain_value_error(excinfo)
    client = api.make(server, default_headers={"X-Team": "\u2603"})
    with pytest.raises(ValueError, match="X-Team") as excinfo:
        api.cancel(client)
    _assert_plain_value_error(excinfo)
    assert server.requests == []


def test_a_non_ascii_api_key_is_a_value_error(api: Api, server: ScriptedServer) -> None:
    client = api.make(server, api_key="sk-ключ")
    with pytest.raises(ValueError, match="api_key") as excinfo:
        api.cancel(client)
    _assert_plain_value_error(excinfo)
    assert server.requests == []


@pytest.mark.parametrize("url_suffix", ["/v 1", "/v1\t", "/v\x7f1"])
def test_a_base_url_with_a_space_or_control_character_is_refused(
    api: Api, server: ScriptedServer, url_suffix: str
) -> None:
    with pytest.raises(ValueError, match="base_url") as excinfo:
        api.make(base_url=server.url + url_suffix)
    _assert_plain_value_error(excinfo)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_in_a_json_body_are_refused(api: Api, value: float) -> None:
    """`_retry.encode_body` makes the body of every client, before the first attempt."""
    body = api.retry.json_body({"limit": 1}, {"deep": {"x": [value]}})
    with pytest.raises(ValueError, match="NaN or Infinity"):
        api.retry.encode_body(body)
