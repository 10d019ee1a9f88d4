"""The request policy (`_retry`) as pure functions, in both packages: backoff, retry-after,
which statuses retry, path segments, query strings, header layering."""

from __future__ import annotations

import email.utils
import importlib
import inspect
import math
import time
from types import ModuleType
from typing import Any

import pytest
from harness.paths import PACKAGES


@pytest.fixture(params=PACKAGES)
def retry(request: pytest.FixtureRequest) -> ModuleType:
    return importlib.import_module(request.param + "._retry")


@pytest.fixture
def pkg(retry: ModuleType) -> ModuleType:
    return importlib.import_module(retry.__name__.rsplit(".", 1)[0])


@pytest.mark.parametrize(
    "retries_taken, low, high",
    [
        (0, 0.375, 0.5),
        (1, 0.75, 1.0),
        (2, 1.5, 2.0),
        (3, 3.0, 4.0),
        (4, 6.0, 8.0),
        (5, 6.0, 8.0),
        (100, 6.0, 8.0),
    ],
)
def test_backoff_doubles_from_half_a_second_capped_at_8_with_jitter(
    retry: ModuleType, retries_taken: int, low: float, high: float
) -> None:
    delays = {retry.backoff(retries_taken) for _ in range(200)}
    assert all(low <= d <= high for d in delays)
    assert len(delays) > 1  # jitter


@pytest.mark.parametrize(
    "headers, expected",
    [
        ({}, None),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "0.25"}, 0.25),
        ({"retry-after-ms": "20", "retry-after": "9"}, 0.02),
        ({"retry-after-ms": "soon", "retry-after": "9"}, 9.0),
        ({"retry-after": "soon"}, None),
        ({"retry-after": "nan"}, None),
        ({"retry-after": "inf"}, math.inf),  # an infinite wait: retry_delay gives up
        ({"retry-after-ms": "inf"}, math.inf),
        ({"retry-after-ms": "1e400"}, math.inf),
    ],
)
def test_retry_after(retry: ModuleType, headers: dict[str, str], expected: float | None) -> None:
    assert retry.retry_after(headers) == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize("offset", [10.0, -30.0])
def test_retry_after_as_http_date(retry: ModuleType, offset: float) -> None:
    date = email.utils.formatdate(time.time() + offset, usegmt=True)
    assert retry.retry_after({"retry-after": date}) == pytest.approx(offset, abs=1.5)


def test_retry_after_as_http_date_without_zone(retry: ModuleType) -> None:
    date = email.utils.formatdate(time.time() + 10)  # "-0000"
    assert retry.retry_after({"retry-after": date}) == pytest.approx(10, abs=1.5)


@pytest.mark.parametrize(
    "status, headers, expected",
    [
        (408, {}, True),
        (409, {}, True),
        (429, {}, True),
        (500, {}, True),
        (504, {}, True),
        (400, {}, False),
        (404, {}, False),
        (422, {}, False),
        (500, {"x-should-retry": "false"}, False),
        (400, {"x-should-retry": "true"}, True),
        (400, {"x-should-retry": "maybe"}, False),
    ],
)
def test_should_retry(retry: ModuleType, status: int, headers: dict[str, str], expected: bool) -> None:
    assert retry.should_retry(status, headers) is expected


def test_retry_delay(retry: ModuleType) -> None:
    # connection errors and timeouts: backoff while retries remain
    assert 0.375 <= retry.retry_delay(0, 2) <= 0.5
    assert retry.retry_delay(2, 2) is None
    assert retry.retry_delay(0, 0) is None
    # responses
    assert retry.retry_delay(0, 2, 404, {}) is None
    assert 0.75 <= retry.retry_delay(1, 2, 503, {}) <= 1.0
    assert retry.retry_delay(0, 2, 429, {"retry-after": "60"}) == 60.0
    assert retry.retry_delay(0, 2, 429, {"retry-after": "60.5"}) is None
    assert retry.retry_delay(0, 2, 429, {"retry-after-ms": "60001"}) is None
    # a wait that is already over (zero, negative, a date in the past) is no wait: back off
    for past in ({"retry-after": "-5"}, {"retry-after": "0"}, {"retry-after-ms": "-100"}):
        assert 0.375 <= retry.retry_delay(0, 2, 429, past) <= 0.5, past
    assert retry.retry_delay(0, 2, 400, {"x-should-retry": "true", "retry-after": "1"}) == 1.0
    assert retry.retry_delay(2, 2, 400, {"x-should-retry": "true"}) is None


@pytest.mark.parametrize(
    "value, expected",
    [
        ("run_abc123", "run_abc123"),
        ("a/b", "a%2Fb"),
        ("?", "%3F"),
        ("#", "%23"),
        (" ", "%20"),
        ("%", "%25"),
        ("...", "..."),
        (".x", ".x"),
        ("~-_.", "~-_."),
        ("é", "%C3%A9"),
        (7, "7"),
        (1.5, "1.5"),
    ],
)
def test_path_segment(retry: ModuleType, value: Any, expected: str) -> None:
    assert retry.path_segment("run_id", value) == expected


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_path_segment_rejects_values_that_change_the_path(retry: ModuleType, value: str) -> None:
    with pytest.raises(ValueError, match="run_id"):
        retry.path_segment("run_id", value)


@pytest.mark.parametrize("value", [None, True, b"x", ["a"]])
def test_path_segment_rejects_other_types(retry: ModuleType, value: Any) -> None:
    with pytest.raises(TypeError, match="run_id"):
        retry.path_segment("run_id", value)


def test_join_url(retry: ModuleType) -> None:
    assert retry.join_url("https://h/v1", "/x/y") == "https://h/v1/x/y"
    assert retry.join_url("https://h/v1/", "/x") == "https://h/v1/x"
    assert retry.join_url("https://h", "/x", {"a": 1}) == "https://h/x?a=1"
    assert retry.join_url("https://h/v1?k=1", "/x", {"a": "b c"}) == "https://h/v1/x?k=1&a=b%20c"
    assert retry.join_url("https://h/v1", "/a%2Fb", {}) == "https://h/v1/a%2Fb"
    # not what generated code passes, but what urlunsplit makes of it
    assert retry.join_url("https://h", "x") == "https://h/x"
    assert retry.join_url("https://h/v1", "") == "https://h/v1"
    assert retry.join_url("https://u@h:8443/v1/?k=1", "/x") == "https://u@h:8443/v1/x?k=1"


def test_encode_query(retry: ModuleType) -> None:
    query = {"a": "x/y&z", "b": [1, 2], "c": (True, False), "d": None, "e": [None, "k"]}
    assert retry.encode_query(query) == "a=x%2Fy%26z&b=1&b=2&c=true&c=false&e=k"


def test_merge_headers(retry: ModuleType, pkg: ModuleType) -> None:
    merged = retry.merge_headers(
        {"Accept": "application/json", "Authorization": "Bearer k", "X-A": "1"},
        None,
        {"accept": "text/plain", "X-B": "2"},
        {"AUTHORIZATION": pkg.Omit(), "x-a": "3"},
    )
    assert merged == {"accept": "text/plain", "x-a": "3", "X-B": "2"}


@pytest.mark.parametrize(
    ("layer", "error"),
    [
        ({"X-A": "a\r\nX-B: b"}, "X-A.*line break"),
        ({"X-A": "caf\u00e9"}, "X-A.*not ASCII"),
        ({"X-A": "\x7f"}, "X-A.*control"),
        ({"Bad Name": "1"}, "invalid HTTP header name 'Bad Name'"),
        ({"X:A": "1"}, "invalid HTTP header name"),
        ({"content-length": "5"}, "frames the request"),
        ({"Host": "evil"}, "frames the request"),
    ],
)
def test_merge_headers_refuses_what_cannot_be_sent(
    retry: ModuleType, layer: dict[str, str], error: str
) -> None:
    good = {"Accept": "application/json", "X-A": "1"}
    for _ in range(2):  # the second time, after good names were seen: still refused
        with pytest.raises(ValueError, match=error):
            retry.merge_headers(good, layer)
    assert retry.merge_headers(good) == good


def test_merge_headers_sends_tabs_and_omits_framing(retry: ModuleType, pkg: ModuleType) -> None:
    assert retry.merge_headers({"X-A": "a\tb", "X-B": ""}) == {"X-A": "a\tb", "X-B": ""}
    assert retry.merge_headers({"Host": "h"}, {"host": pkg.Omit()}) == {}


def test_request_headers(retry: ModuleType, pkg: ModuleType) -> None:
    config = importlib.import_module(pkg.__name__ + "._config").CONFIG
    headers = retry.request_headers("sk-1", 2, False, config.user_agent, config.headers)
    assert headers == {
        "Accept": "application/json",
        "Accept-Encoding": "gzip, deflate",
        "User-Agent": f"{pkg.__name__}/{pkg.__version__}",
        "OpenAI-Beta": "assistants=v2",
        "Authorization": "Bearer sk-1",
        "x-retry-count": "2",
    }
    assert retry.request_headers("sk-1", 0, True, "ua/1")["Content-Type"] == "application/json"
    assert set(retry.STANDARD_HEADERS) <= set(headers)


def test_encode_body(retry: ModuleType) -> None:
    assert retry.encode_body(None) is None
    assert retry.encode_body({}) == b"{}"
    assert retry.encode_body({"a": "é", "b": [1, None]}) == b'{"a":"\\u00e9","b":[1,null]}'


def test_both_packages_share_one_policy() -> None:
    """The policy is one template: every function of `_retry` is the same code in both."""
    modules = [importlib.import_module(name + "._retry") for name in PACKAGES]
    names = [n for n in modules[0].__all__ if n != "async_sleep"]
    assert names == [n for n in modules[1].__all__ if n != "async_sleep"]
    for name in names:
        first, second = (getattr(m, name) for m in modules)
        if callable(first):
            assert inspect.getsource(first) == inspect.getsource(second), name
        elif name != "USER_AGENT":
            assert first == second, name
