"""Polling: call a retrieve operation until what it returns is done.

The generated `poll` methods (declared in config: `poll:` on a retrieve operation) hand
these functions the raw retrieve call and the test for "done"; between calls they wait the
caller's `poll_interval_ms`, else what the server asks for in the response header the
config names (milliseconds), else the config's default interval.
"""

from __future__ import annotations

import math
from typing import Awaitable, Callable, Mapping, Optional, Protocol, Tuple, TypeVar, Union

from . import _retry
from ._types import NotGiven

__all__ = ["MAX_POLL_WAIT", "async_poll", "poll", "poll_wait"]

_T = TypeVar("_T")
_T_co = TypeVar("_T_co", covariant=True)

MAX_POLL_WAIT = 600.0
"""The longest wait between two polls, in seconds, whatever the server asks for."""


class RawResult(Protocol[_T_co]):
    """What a `with_raw_response` call returns: the headers and the parsed result."""

    @property
    def headers(self) -> Mapping[str, str]: ...

    def parse(self) -> _T_co: ...


def poll_wait(
    headers: Mapping[str, str], interval_ms: Union[int, NotGiven], header: Optional[str], default_ms: int
) -> float:
    """Seconds to wait before the next call: the caller's interval, else the server's
    (`header`, in milliseconds, when it is a finite number >= 0), else the default."""
    if not isinstance(interval_ms, NotGiven):
        return min(max(interval_ms, 0) / 1000, MAX_POLL_WAIT)
    value = headers.get(header) if header is not None else None
    if value is not None:
        try:
            asked = float(value)
        except ValueError:
            asked = -1.0
        if math.isfinite(asked) and asked >= 0:
            return min(asked / 1000, MAX_POLL_WAIT)
    return default_ms / 1000


def poll(
    fetch: Callable[[], RawResult[_T]],
    status: str,
    until: Tuple[str, ...],
    interval_ms: Union[int, NotGiven],
    header: Optional[str],
    default_ms: int,
) -> _T:
    """Call `fetch` until the `status` attribute of its result is one of `until`; return
    that result."""
    while True:
        response = fetch()
        result = response.parse()
        if getattr(result, status, None) in until:
            return result
        _retry.sleep(poll_wait(response.headers, interval_ms, header, default_ms))


async def async_poll(
    fetch: Callable[[], Awaitable[RawResult[_T]]],
    status: str,
    until: Tuple[str, ...],
    interval_ms: Union[int, NotGiven],
    header: Optional[str],
    default_ms: int,
) -> _T:
    """`poll` for the async client."""
    while True:
        response = await fetch()
        result = response.parse()
        if getattr(result, status, None) in until:
            return result
        await _retry.async_sleep(poll_wait(response.headers, interval_ms, header, default_ms))
