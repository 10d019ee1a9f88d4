"""The request loop every client runs, written once and without I/O.

A `RequestLoop` is the policy of one call: `attempt()` says what to send next (an
`Attempt`), `settle(outcome)` is told what came of it (`Received` or `Failed`) and answers
with the 2xx response (the call is over) or the seconds to wait before the next attempt,
or raises the APIError that fits. The clients only drive it: `run_sync` here (the httpx2
sync client and the standard-library one) and `run_async` in the async client's transport,
so the retry policy, the headers of each attempt and the logging cannot drift apart
between them. (A plain object, not a generator: a call costs two method calls, not a
generator's start, resumption and StopIteration.)
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Callable, Dict, Optional, Union

from . import _retry
from ._errors import APIConnectionError, APITimeoutError, status_error

if TYPE_CHECKING:
    from ._content import RequestContent
    from ._http import Response, Timeout

Content = Union[bytes, "RequestContent", None]
"""A request body: JSON bytes, a `RequestContent` (multipart, form, raw: iterated for each
attempt), or none."""

__all__ = ["Attempt", "Failed", "Outcome", "Received", "RequestLoop", "run_sync"]


class Attempt:
    """One attempt to send: a fresh `headers` dict each time (`x-retry-count` changes)."""

    __slots__ = ("content", "deadline", "headers", "method", "retries_taken", "timeout", "url")

    def __init__(
        self,
        method: str,
        url: str,
        headers: Dict[str, str],
        content: Content,
        timeout: Timeout,
        retries_taken: int,
        deadline: Optional[float],
    ) -> None:
        self.method = method
        self.url = url
        self.headers = headers
        self.content = content
        self.timeout = timeout
        self.retries_taken = retries_taken
        self.deadline = deadline
        """When the attempt must be over (time.monotonic()), or None."""


class Received:
    """A response whose status line and headers arrived (its body is read or not)."""

    __slots__ = ("response",)

    def __init__(self, response: Response) -> None:
        self.response = response


class Failed:
    """An attempt that got no usable response. `retryable`: nothing shows the server acted
    on it (no status was received); `timed_out`: raise APITimeoutError, not
    APIConnectionError; `message`: the error's, instead of the default one."""

    __slots__ = ("error", "message", "retryable", "timed_out")

    def __init__(
        self,
        error: BaseException,
        *,
        retryable: bool,
        timed_out: bool = False,
        message: Optional[str] = None,
    ) -> None:
        self.error = error
        self.retryable = retryable
        self.timed_out = timed_out
        self.message = message


Outcome = Union[Received, Failed]

HeadersFor = Callable[[int], Dict[str, str]]
"""The headers of an attempt, given the number of retries taken before it."""


class RequestLoop:
    """The attempts of one call: retried up to `max_retries` times, each within
    `attempt_timeout` seconds in all (None: no limit) and `timeout` per operation."""

    __slots__ = (
        "attempt_timeout",
        "content",
        "headers_for",
        "logger",
        "max_retries",
        "method",
        "retries_taken",
        "started",
        "timeout",
        "url",
    )

    def __init__(
        self,
        method: str,
        url: str,
        headers_for: HeadersFor,
        content: Content,
        timeout: Timeout,
        max_retries: int,
        attempt_timeout: Optional[float],
        logger: logging.Logger,
    ) -> None:
        self.method = method
        self.url = url
        self.headers_for = headers_for
        self.content = content
        self.timeout = timeout
        self.max_retries = max_retries
        self.attempt_timeout = attempt_timeout
        self.logger = logger
        self.retries_taken = 0
        self.started = 0.0

    def attempt(self) -> Attempt:
        """The next attempt to send (its headers made now: ValueError for a bad one)."""
        started = self.started = time.monotonic()
        limit = self.attempt_timeout
        retries = self.retries_taken
        return Attempt(
            self.method,
            self.url,
            self.headers_for(retries),
            self.content,
            self.timeout,
            retries,
            None if limit is None else started + limit,
        )

    def settle(self, outcome: Outcome) -> Union[Response, float]:
        """The 2xx response of the attempt just sent, or the seconds to wait before the
        next one; raises the APIError that fits (the transport's exception as its
        `__cause__`) when the policy gives up."""
        retries = self.retries_taken
        _log(self.logger, self.method, self.url, outcome, retries, time.monotonic() - self.started)
        delay = _next_delay(outcome, retries, self.max_retries)
        if delay is None:
            if isinstance(outcome, Received):
                return outcome.response
            raise _error(outcome) from outcome.error
        self.retries_taken = retries + 1
        return float(delay)


def _next_delay(outcome: Outcome, retries_taken: int, max_retries: int) -> Optional[float]:
    """Seconds before the next attempt; None to stop: return a 2xx, raise anything else."""
    if isinstance(outcome, Failed):
        return _retry.retry_delay(retries_taken, max_retries) if outcome.retryable else None
    response = outcome.response
    if 200 <= response.status_code < 300:
        return None
    delay = _retry.retry_delay(retries_taken, max_retries, response.status_code, response.headers)
    if delay is None:
        raise status_error(response)
    return delay


def _error(outcome: Failed) -> Exception:
    if outcome.timed_out:
        return APITimeoutError() if outcome.message is None else APITimeoutError(outcome.message)
    return APIConnectionError() if outcome.message is None else APIConnectionError(outcome.message)


def _log(
    logger: logging.Logger, method: str, url: str, outcome: Outcome, attempt: int, elapsed: float
) -> None:
    if not logger.isEnabledFor(logging.DEBUG):
        return
    if isinstance(outcome, Received):
        result = str(outcome.response.status_code)
    else:
        result = f"{type(outcome.error).__name__} ({'retryable' if outcome.retryable else 'final'})"
    logger.debug("%s %s -> %s (attempt %d, %.3f s)", method, url, result, attempt + 1, elapsed)


def run_sync(loop: RequestLoop, send: Callable[[Attempt], Outcome]) -> Response:
    """Drive `loop`: send each attempt with `send`, wait with `_retry.sleep`."""
    while True:
        settled = loop.settle(send(loop.attempt()))
        if not isinstance(settled, (int, float)):  # else: the seconds to wait
            return settled
        _retry.sleep(settled)
