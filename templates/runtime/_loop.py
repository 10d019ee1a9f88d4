"""The request loop every client runs, written once and without I/O.

`request_loop` is a generator: it yields an `Attempt` (what to send) and is sent back what
came of it (`Received` or `Failed`); between attempts it yields the seconds to wait. It
returns the 2xx response, or raises the APIError that fits. The clients only drive it:
`run_sync` here (the httpx2 sync client and the standard-library one) and `run_async` in the
async client's transport, so the retry policy, the headers of each attempt and the logging
cannot drift apart between them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Generator
from typing import TYPE_CHECKING, Callable, Dict, Optional, Union

from . import _retry
from ._errors import APIConnectionError, APITimeoutError, status_error

if TYPE_CHECKING:
    from ._content import RequestContent
    from ._http import Response, Timeout

Content = Union[bytes, "RequestContent", None]
"""A request body: JSON bytes, a `RequestContent` (multipart, form, raw: iterated for each
attempt), or none."""

__all__ = ["Attempt", "Failed", "Limits", "Outcome", "Received", "Step", "request_loop", "run_sync"]


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
Step = Union[Attempt, float]
"""What the loop yields: an attempt to send, or the seconds to wait before the next one."""

HeadersFor = Callable[[int], Dict[str, str]]
"""The headers of an attempt, given the number of retries taken before it."""


def request_loop(
    method: str,
    url: str,
    headers_for: HeadersFor,
    content: Content,
    timeout: Timeout,
    limits: Limits,
    logger: logging.Logger,
) -> Generator[Step, Optional[Outcome], Response]:
    """Attempts until one gets a 2xx (returned) or the policy of `_retry` gives up (the
    APIError that fits is raised, the transport's exception as its `__cause__`)."""
    retries_taken = 0
    while True:
        started = time.monotonic()
        deadline = None if limits.attempt_timeout is None else started + limits.attempt_timeout
        attempt = Attempt(
            method, url, headers_for(retries_taken), content, timeout, retries_taken, deadline
        )
        outcome = yield attempt
        assert outcome is not None, "send the outcome of each attempt"
        _log(logger, method, url, outcome, retries_taken, time.monotonic() - started)
        delay = _next_delay(outcome, retries_taken, limits.max_retries)
        if delay is None:
            if isinstance(outcome, Received):
                return outcome.response
            raise _error(outcome) from outcome.error
        yield delay
        retries_taken += 1


class Limits:
    """How often a call is retried, and how long one attempt may take in all."""

    __slots__ = ("attempt_timeout", "max_retries")

    def __init__(self, max_retries: int, attempt_timeout: Optional[float]) -> None:
        self.max_retries = max_retries
        self.attempt_timeout = attempt_timeout


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


def run_sync(
    loop: Generator[Step, Optional[Outcome], Response], send: Callable[[Attempt], Outcome]
) -> Response:
    """Drive `loop`: send each attempt with `send`, wait with `_retry.sleep`."""
    step = next(loop)
    while True:
        if isinstance(step, Attempt):
            outcome: Optional[Outcome] = send(step)
        else:
            _retry.sleep(step)
            outcome = None
        try:
            step = loop.send(outcome)
        except StopIteration as stop:
            response: Response = stop.value
            return response
