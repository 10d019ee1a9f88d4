"""Cursor pages: iterate one for every item across pages, fetched lazily.

A list method returns the first page (`SyncCursorPage`; the async client returns an
`AsyncPaginator`: await it for the first page, or `async for` over every item).
The next page is the same call with `after` set to the page's cursor; there is none when
the server says it has no more or a page comes back empty.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Generator, Iterator
from typing import (
    Any,
    Callable,
    Generic,
    List,
    Optional,
    TypeVar,
)

from ._base import ModelBase

__all__ = ["AsyncCursorPage", "AsyncPaginator", "SyncCursorPage"]

_I = TypeVar("_I")


class SyncCursorPage(Generic[_I]):
    """One page of a list: `data` (this page's items), `has_more`, `model` (the page as
    parsed, e.g. with `first_id` / `last_id`).

    Iterating the page yields its items, then those of every later page: each next page is
    fetched when the items before it are used up. `iter_pages()` yields the pages;
    `has_next_page()` / `get_next_page()` step by hand.
    """

    def __init__(
        self,
        data: List[_I],
        has_more: bool,
        next_cursor: Optional[str],
        fetch: Callable[[str], SyncCursorPage[_I]],
        model: ModelBase,
    ) -> None:
        self.data = data
        self.has_more = has_more
        self.next_cursor = next_cursor
        """The cursor that asks for the next page (`after`); None when there is none."""
        self.model = model
        self._fetch = fetch

    def has_next_page(self) -> bool:
        """Whether there is a page after this one: the server has more and this page is not empty."""
        return self.has_more and bool(self.data) and self.next_cursor is not None

    def get_next_page(self) -> SyncCursorPage[_I]:
        """Fetch the next page; RuntimeError when there is none (see `has_next_page`)."""
        if self.next_cursor is None or not self.has_next_page():
            raise RuntimeError("No next page: check has_next_page() before get_next_page().")
        return self._fetch(self.next_cursor)

    def iter_pages(self) -> Iterator[SyncCursorPage[_I]]:
        """This page, then each next page, fetched as the iteration reaches it."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def __iter__(self) -> Iterator[_I]:
        for page in self.iter_pages():
            yield from page.data

    def __repr__(self) -> str:
        return f"<SyncCursorPage items={len(self.data)} has_more={self.has_more}>"


class AsyncCursorPage(Generic[_I]):
    """One page of a list, in the async client: `data`, `has_more`, `model` as in
    `SyncCursorPage`; `async for` over the page yields its items, then those of every later
    page, each fetched when the items before it are used up."""

    def __init__(
        self,
        data: List[_I],
        has_more: bool,
        next_cursor: Optional[str],
        fetch: Callable[[str], Awaitable[AsyncCursorPage[_I]]],
        model: ModelBase,
    ) -> None:
        self.data = data
        self.has_more = has_more
        self.next_cursor = next_cursor
        """The cursor that asks for the next page (`after`); None when there is none."""
        self.model = model
        self._fetch = fetch

    def has_next_page(self) -> bool:
        """Whether there is a page after this one: the server has more and this page is not empty."""
        return self.has_more and bool(self.data) and self.next_cursor is not None

    async def get_next_page(self) -> AsyncCursorPage[_I]:
        """Fetch the next page; RuntimeError when there is none (see `has_next_page`)."""
        if self.next_cursor is None or not self.has_next_page():
            raise RuntimeError("No next page: check has_next_page() before get_next_page().")
        return await self._fetch(self.next_cursor)

    async def iter_pages(self) -> AsyncIterator[AsyncCursorPage[_I]]:
        """This page, then each next page, fetched as the iteration reaches it."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def __aiter__(self) -> AsyncIterator[_I]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item

    def __repr__(self) -> str:
        return f"<AsyncCursorPage items={len(self.data)} has_more={self.has_more}>"


class AsyncPaginator(Generic[_I]):
    """What a list method of the async client returns, before any request: `await` it for
    the first page (an `AsyncCursorPage`), or `async for` over it for every item across
    pages. Each `await` sends the request anew."""

    def __init__(self, first_page: Callable[[], Awaitable[AsyncCursorPage[_I]]]) -> None:
        self._first_page = first_page

    def __await__(self) -> Generator[Any, Any, AsyncCursorPage[_I]]:
        return self._first_page().__await__()

    async def __aiter__(self) -> AsyncIterator[_I]:
        page = await self
        async for item in page:
            yield item

    def __repr__(self) -> str:
        return "<AsyncPaginator>"
