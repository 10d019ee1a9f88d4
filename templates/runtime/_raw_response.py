"""`with_raw_response`: each client method again, returning the `APIResponse` it received
instead of the parsed result, made from the method in one line and typed with the method's
own parameters (`self.cancel = to_raw_response_wrapper(runs.cancel)`).

A wrapped call runs the method with capture on (a context variable: threads and asyncio
tasks never see each other's): the method sends its request as always, and
`APIResponse.parse()` hands the response over (raises `Captured`) instead of parsing it. For
a paginated method that is the first page's response, parsed by the page's `parse`.
"""

from __future__ import annotations

import contextvars
import functools
import sys
import warnings
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Optional, Tuple, TypeVar

if TYPE_CHECKING:
    from ._response import APIResponse

if sys.version_info >= (3, 10):
    from typing import ParamSpec
elif TYPE_CHECKING:
    from typing_extensions import ParamSpec  # type checkers only: the stdlib target stays stdlib

if TYPE_CHECKING or sys.version_info >= (3, 10):
    _P = ParamSpec("_P")  # annotations only (not evaluated), so 3.9 runs without it

__all__ = [
    "Captured",
    "async_to_raw_page_wrapper",
    "async_to_raw_response_wrapper",
    "capturing",
    "to_raw_page_wrapper",
    "to_raw_response_wrapper",
]

_R = TypeVar("_R")

_CAPTURING: contextvars.ContextVar[bool] = contextvars.ContextVar("raw_response", default=False)


class Captured(Exception):
    """Raised by `APIResponse.parse()` while a raw wrapper runs: carries the response out."""

    def __init__(self, response: APIResponse[Any]) -> None:
        super().__init__()
        self.response = response


def capturing() -> bool:
    """Whether `APIResponse.parse()` hands its response to a raw wrapper instead of parsing."""
    return _CAPTURING.get()


def _undeprecated(func: Callable[..., Any]) -> Tuple[Callable[..., Any], Optional[str]]:
    """A @deprecated method without its decorator, and its message: the wrapper warns itself,
    so the warning names the caller's line rather than the wrapper's."""
    message = getattr(func, "__deprecated__", None)
    inner = getattr(getattr(func, "__func__", None), "__wrapped__", None)
    owner = getattr(func, "__self__", None)
    if not isinstance(message, str) or inner is None or owner is None:
        return func, None
    return functools.partial(inner, owner), message


def _capture(func: Callable[..., Any], args: Any, kwargs: Any) -> APIResponse[Any]:
    token = _CAPTURING.set(True)
    try:
        func(*args, **kwargs)
    except Captured as captured:
        return captured.response
    finally:
        _CAPTURING.reset(token)
    raise RuntimeError(f"{func!r} returned without reading a response")


async def _async_capture(func: Callable[..., Awaitable[Any]], args: Any, kwargs: Any) -> APIResponse[Any]:
    token = _CAPTURING.set(True)
    try:
        await func(*args, **kwargs)
    except Captured as captured:
        return captured.response
    finally:
        _CAPTURING.reset(token)
    raise RuntimeError(f"{func!r} returned without reading a response")


def to_raw_response_wrapper(func: Callable[_P, _R]) -> Callable[_P, APIResponse[_R]]:
    """`func`, returning the APIResponse whose `parse()` gives what `func` returns."""
    call, message = _undeprecated(func)

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_R]:
        if message is not None:
            warnings.warn(message, DeprecationWarning, stacklevel=2)
        return _capture(call, args, kwargs)

    return wrapped


def to_raw_page_wrapper(func: Callable[_P, object], parse: Callable[[bytes], _R]) -> Callable[_P, APIResponse[_R]]:
    """A paginated `func`, returning its first page's APIResponse: `parse` is the page
    model's parse function, which gives the type of its `parse()`."""
    call, message = _undeprecated(func)

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_R]:
        if message is not None:
            warnings.warn(message, DeprecationWarning, stacklevel=2)
        return _as_parsed_by(_capture(call, args, kwargs), parse)

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[_P, Awaitable[_R]],
) -> Callable[_P, Awaitable[APIResponse[_R]]]:
    """`to_raw_response_wrapper` for a coroutine method."""
    call, message = _undeprecated(func)

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> Awaitable[APIResponse[_R]]:
        if message is not None:  # at the call (not the await), as @deprecated does
            warnings.warn(message, DeprecationWarning, stacklevel=2)
        return _async_capture(call, args, kwargs)

    return wrapped


def async_to_raw_page_wrapper(
    func: Callable[_P, Awaitable[object]], parse: Callable[[bytes], _R]
) -> Callable[_P, Awaitable[APIResponse[_R]]]:
    """`to_raw_page_wrapper` for a method returning an awaitable paginator."""
    call, message = _undeprecated(func)

    async def first_page(args: Any, kwargs: Any) -> APIResponse[_R]:
        return _as_parsed_by(await _async_capture(call, args, kwargs), parse)

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> Awaitable[APIResponse[_R]]:
        if message is not None:  # at the call (not the await), as @deprecated does
            warnings.warn(message, DeprecationWarning, stacklevel=2)
        return first_page(args, kwargs)

    return wrapped


def _as_parsed_by(response: APIResponse[Any], parse: Callable[[bytes], _R]) -> APIResponse[_R]:
    """The first page's response, typed by the page's `parse` (the method's own request
    already parses with that function)."""
    return response
