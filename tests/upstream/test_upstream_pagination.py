"""Auto-pagination of `client.beta.threads.runs.list` against the scripted server, for the
sync, async and standard-library clients: pages are fetched lazily with `after` set to the
page's `last_id` (or its last item's id), and iteration stops when `has_more` is false or a
page is empty."""

from __future__ import annotations

import copy
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl

import pytest
from harness.driver import Api
from harness.server import RUN

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

THREAD = "thread_abc123"
_LAST = object()  # page(): last_id is the id of the last item


def run(run_id: str) -> dict[str, Any]:
    value = copy.deepcopy(RUN)
    value["id"] = run_id
    return value


def page(ids: list[str], has_more: bool, last_id: Any = _LAST) -> dict[str, Any]:
    return {
        "object": "list",
        "data": [run(i) for i in ids],
        "first_id": ids[0] if ids else None,
        "last_id": (ids[-1] if ids else None) if last_id is _LAST else last_id,
        "has_more": has_more,
    }


def query(server: Any, index: int) -> dict[str, str]:
    return dict(parse_qsl(server.requests[index].query))


class Stepper:
    """Steps through `for` / `async for` one item at a time, so a test can count requests
    between items."""

    def __init__(self, api: Api, pages: Any) -> None:
        self.api = api
        self.it = pages.__aiter__() if api.is_async else iter(pages)

    def next(self) -> Any:
        if self.api.is_async:
            return self.api.resolve(self.it.__anext__())
        return next(self.it)

    def assert_exhausted(self) -> None:
        with pytest.raises(StopAsyncIteration if self.api.is_async else StopIteration):
            self.next()


def listing(client: Any, **kwargs: Any) -> Any:
    """What `list` returns: a SyncCursorPage (first page fetched), or an AsyncPaginator
    (nothing fetched yet)."""
    return client.beta.threads.runs.list(THREAD, **kwargs)


def test_three_pages_are_fetched_lazily_with_the_right_cursor(api: Api, server: Any) -> None:
    server.reply(body=page(["run_1", "run_2"], True))
    server.reply(body=page(["run_3", "run_4"], True, last_id=None))  # no last_id: the last item's id
    server.reply(body=page(["run_5"], False))
    client = api.make(server.url + "/v1")
    pages = listing(client, limit=2, order="asc", extra_headers={"X-Trace": "t1"})
    if api.is_async:
        assert type(pages).__name__ == "AsyncPaginator"
        assert server.requests == []  # nothing until awaited or iterated
    else:
        assert isinstance(pages, api.pkg.SyncCursorPage)
        assert len(server.requests) == 1
    steps = Stepper(api, pages)
    assert [steps.next().id, steps.next().id] == ["run_1", "run_2"]
    assert len(server.requests) == 1  # page 2 only when the iteration reaches it
    assert steps.next().id == "run_3"
    assert len(server.requests) == 2
    assert steps.next().id == "run_4"
    assert len(server.requests) == 2
    assert steps.next().id == "run_5"
    assert len(server.requests) == 3
    steps.assert_exhausted()
    assert len(server.requests) == 3  # has_more false: no fourth request
    assert query(server, 0) == {"limit": "2", "order": "asc"}
    assert query(server, 1) == {"limit": "2", "order": "asc", "after": "run_2"}
    assert query(server, 2) == {"limit": "2", "order": "asc", "after": "run_4"}
    for request in server.requests:
        assert request.method == "GET" and request.path == f"/v1/threads/{THREAD}/runs"
        assert request.header("X-Trace") == "t1"  # every page is the same call
        assert request.body == b""


def test_all_items_in_one_go_and_a_starting_cursor(api: Api, server: Any) -> None:
    server.reply(body=page(["run_3"], True))
    server.reply(body=page(["run_4"], False))
    client = api.make(server.url + "/v1")
    items = api.items(listing(client, after="run_2"))
    assert [r.id for r in items] == ["run_3", "run_4"]
    assert all(isinstance(r, api.pkg.Run) for r in items)
    assert [query(server, i).get("after") for i in range(2)] == ["run_2", "run_3"]


@pytest.mark.parametrize(
    "first",
    [
        page(["run_1"], False),
        page([], True),
        page([], False),
        page(["run_1"], True, last_id=None) | {"data": []},
    ],
    ids=["has-more-false", "empty-but-has-more", "empty", "empty-no-cursor"],
)
def test_iteration_stops(api: Api, server: Any, first: dict[str, Any]) -> None:
    server.reply(body=first)
    server.reply(body=page(["never"], False))
    client = api.make(server.url + "/v1")
    items = api.items(listing(client))
    assert [r.id for r in items] == [r["id"] for r in first["data"]]
    assert len(server.requests) == 1


def test_a_page_by_hand(api: Api, server: Any) -> None:
    server.reply(body=page(["run_1", "run_2"], True))
    server.reply(body=page(["run_3"], False))
    client = api.make(server.url + "/v1")
    first = api.resolve(listing(client))  # the AsyncPaginator, awaited: the first page
    assert type(first).__name__ == ("AsyncCursorPage" if api.is_async else "SyncCursorPage")
    assert [r.id for r in first.data] == ["run_1", "run_2"] and first.has_more is True
    assert first.next_cursor == "run_2" and first.has_next_page()
    assert isinstance(first.model, api.pkg.ListRunsResponse) and first.model.first_id == "run_1"
    second = api.resolve(first.get_next_page())
    assert [r.id for r in second.data] == ["run_3"]
    assert not second.has_next_page()
    with pytest.raises(RuntimeError, match="No next page"):
        api.resolve(second.get_next_page())
    assert len(server.requests) == 2
    # iterating a later page goes on from there, not from the first
    assert [r.id for r in api.items(second)] == ["run_3"]
    assert len(server.requests) == 2


def test_iter_pages(api: Api, server: Any) -> None:
    server.reply(body=page(["run_1"], True))
    server.reply(body=page(["run_2"], True))
    server.reply(body=page(["run_3"], False))
    client = api.make(server.url + "/v1")
    first = api.resolve(listing(client))
    if api.is_async:
        assert api.loop is not None

        async def collect() -> list[list[str]]:
            return [[r.id for r in p.data] async for p in first.iter_pages()]

        pages = api.loop.run_until_complete(collect())
    else:
        pages = [[r.id for r in p.data] for p in first.iter_pages()]
    assert pages == [["run_1"], ["run_2"], ["run_3"]]


def test_each_await_of_the_async_paginator_sends_the_request(
    upstream_packages: tuple[ModuleType, ModuleType], server: Any
) -> None:
    api = Api("async", upstream_packages)
    try:
        client = api.make(server.url + "/v1")
        paginator = listing(client)
        for _ in range(2):
            server.reply(body=page(["run_1"], False))
            assert [r.id for r in api.resolve(paginator).data] == ["run_1"]
        assert len(server.requests) == 2
    finally:
        api.finish()


def test_raw_response_is_the_first_page_as_received(api: Api, server: Any) -> None:
    server.reply(body=page(["run_1"], True))
    client = api.make(server.url + "/v1")
    raw = api.resolve(client.beta.threads.runs.with_raw_response.list(THREAD, after="run_0"))
    assert raw.status_code == 200
    parsed = raw.parse()
    assert isinstance(parsed, api.pkg.ListRunsResponse) and parsed.has_more is True
    assert query(server, 0) == {"after": "run_0"}
    assert len(server.requests) == 1


@pytest.mark.parametrize("thread_id", ["", ".", ".."])
def test_a_bad_thread_id_raises_at_the_call(api: Api, server: Any, thread_id: str) -> None:
    client = api.make(server.url + "/v1")
    with pytest.raises(ValueError, match="thread_id"):
        client.beta.threads.runs.list(thread_id)  # the async client too: before any await
    assert server.requests == []
