"""`with_raw_response` and `with_streaming_response`: each client method again, returning
the `APIResponse` it received instead of the parsed result, made from the method in one line
and typed with the method's own parameters (`self.cancel = to_raw_response_wrapper(runs.cancel)`).

A wrapped call runs the method with capture on (a context variable: threads and asyncio
tasks never see each other's): the method sends its request as always, and
`APIResponse.parse()` hands the response over (raises `Captured`) instead of parsing it. For
a paginated method that is the first page's response, parsed by the page's `parse`.

A streaming twin (`to_streamed_response_wrapper`) returns a context manager instead: the
request is sent when the block is entered, with capture in "streamed" mode, so the transport
leaves a 2xx body unread (`APIResponse.iter_bytes()`, `.read()`, `.parse()` read it on
demand; async: `AsyncAPIResponse`), and leaving the block closes the response.
"""

from __future__ import annotations

import contextvars
import functools
import sys
import warnings
from types import TracebackType
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Generic, Optional, Tuple, Type, TypeVar

if TYPE_CHECKING:
    from ._response import APIResponse, AsyncAPIResponse

if sys.version_info >= (3, 10):
    from typing import ParamSpec
elif TYPE_CHECKING:
    from typing_extensions import ParamSpec  # type checkers only: the stdlib target stays stdlib

if TYPE_CHECKING or sys.version_info >= (3, 10):
    _P = ParamSpec("_P")  # annotations only (not evaluated), so 3.9 runs without it

__all__ = [
    "AsyncResponseContextManager",
    "Captured",
    "ResponseContextManager",
    "async_to_raw_page_wrapper",
    "async_to_raw_response_wrapper",
    "async_to_streamed_page_wrapper",
    "async_to_streamed_response_wrapper",
    "capturing",
    "streaming",
    "to_raw_page_wrapper",
    "to_raw_response_wrapper",
    "to_streamed_page_wrapper",
    "to_streamed_response_wrapper",
]

_R = TypeVar("_R")

# "" (a plain call), "raw" (`with_raw_response`) or "streamed" (`with_streaming_response`)
_CAPTURING: contextvars.ContextVar[str] = contextvars.ContextVar("raw_response", default="")


class Captured(Exception):
    """Raised by `APIResponse.parse()` while a raw wrapper runs: carries the response out."""

    def __init__(self, response: APIResponse[Any]) -> None:
        super().__init__()
        self.response = response


def capturing() -> bool:
    """Whether `APIResponse.parse()` hands its response to a raw wrapper instead of parsing."""
    return bool(_CAPTURING.get())


def streaming() -> bool:
    """Whether the transport leaves a 2xx body unread (a `with_streaming_response` call)."""
    return _CAPTURING.get() == "streamed"


def _undeprecated(func: Callable[..., Any]) -> Tuple[Callable[..., Any], Optional[str]]:
    """A @deprecated method without its decorator, and its message: the wrapper warns itself,
    so the warning names the caller's line rather than the wrapper's."""
    message = getattr(func, "__deprecated__", None)
    inner = getattr(getattr(func, "__func__", None), "__wrapped__", None)
    owner = getattr(func, "__self__", None)
    if not isinstance(message, str) or inner is None or owner is None:
        return func, None
    return functools.partial(inner, owner), message


def _capture(func: Callable[..., Any], args: Any, kwargs: Any, mode: str = "raw") -> APIResponse[Any]:
    token = _CAPTURING.set(mode)
    try:
        result = func(*args, **kwargs)
    except Captured as captured:
        return captured.response
    finally:
        _CAPTURING.reset(token)
    close: Optional[Callable[[], None]] = getattr(result, "close", None)
    if close is not None:  # a Stream: its response is closed, not left open
        close()
    raise RuntimeError(f"{func!r} returned without reading a response (a stream has no raw response)")


async def _async_capture(
    func: Callable[..., Awaitable[Any]], args: Any, kwargs: Any, mode: str = "raw"
) -> APIResponse[Any]:
    token = _CAPTURING.set(mode)
    try:
        result = await func(*args, **kwargs)
    except Captured as captured:
        return captured.response
    finally:
        _CAPTURING.reset(token)
    aclose: Optional[Callable[[], Awaitable[None]]] = getattr(result, "aclose", None)
    if aclose is not None:  # an AsyncStream: its response is closed, not left open
        await aclose()
    raise RuntimeError(f"{func!r} returned without reading a response (a stream has no raw response)")


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


class ResponseContextManager(Generic[_R]):
    """`with client.x.with_streaming_response.create(...) as response:` sends the request
    when entered; `response` is the APIResponse, its body unread; leaving closes it."""

    def __init__(self, call: Callable[[], APIResponse[_R]]) -> None:
        self._call = call
        self._response: Optional[APIResponse[_R]] = None

    def __enter__(self) -> APIResponse[_R]:
        self._response = self._call()
        return self._response

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        if self._response is not None:
            self._response.close()


class AsyncResponseContextManager(Generic[_R]):
    """`async with` twin of `ResponseContextManager`: yields an `AsyncAPIResponse`."""

    def __init__(self, call: Callable[[], Awaitable[AsyncAPIResponse[_R]]]) -> None:
        self._call = call
        self._response: Optional[AsyncAPIResponse[_R]] = None

    async def __aenter__(self) -> AsyncAPIResponse[_R]:
        self._response = await self._call()
        return self._response

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        if self._response is not None:
            await self._response.close()


def to_streamed_response_wrapper(func: Callable[_P, _R]) -> Callable[_P, ResponseContextManager[_R]]:
    """`func`, returning a context manager around the APIResponse, its body read on demand."""
    call, message = _undeprecated(func)

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> ResponseContextManager[_R]:
        if message is not None:
            warnings.warn(message, DeprecationWarning, stacklevel=2)
        return ResponseContextManager(lambda: _capture(call, args, kwargs, "streamed"))

    return wrapped


def to_streamed_page_wrapper(
    func: Callable[_P, object], parse: Callable[[bytes], _R]
) -> Callable[_P, ResponseContextManager[_R]]:
    """`to_streamed_response_wrapper` for a paginated method: its first page's response."""
    call, message = _undeprecated(func)

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> ResponseContextManager[_R]:
        if message is not None:
            warnings.warn(message, DeprecationWarning, stacklevel=2)
        return ResponseContextManager(lambda: _as_parsed_by(_capture(call, args, kwargs, "streamed"), parse))

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[_P, Awaitable[_R]],
) -> Callable[_P, AsyncResponseContextManager[_R]]:
    """`to_streamed_response_wrapper` for a coroutine method."""
    call, message = _undeprecated(func)

    async def enter(args: Any, kwargs: Any) -> AsyncAPIResponse[_R]:
        from ._response import AsyncAPIResponse

        return AsyncAPIResponse(await _async_capture(call, args, kwargs, "streamed"))

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncResponseContextManager[_R]:
        if message is not None:
            warnings.warn(message, DeprecationWarning, stacklevel=2)
        return AsyncResponseContextManager(lambda: enter(args, kwargs))

    return wrapped


def async_to_streamed_page_wrapper(
    func: Callable[_P, Awaitable[object]], parse: Callable[[bytes], _R]
) -> Callable[_P, AsyncResponseContextManager[_R]]:
    """`async_to_streamed_response_wrapper` for a method returning an awaitable paginator."""
    call, message = _undeprecated(func)

    async def enter(args: Any, kwargs: Any) -> AsyncAPIResponse[_R]:
        from ._response import AsyncAPIResponse

        return AsyncAPIResponse(_as_parsed_by(await _async_capture(call, args, kwargs, "streamed"), parse))

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncResponseContextManager[_R]:
        if message is not None:
            warnings.warn(message, DeprecationWarning, stacklevel=2)
        return AsyncResponseContextManager(lambda: enter(args, kwargs))

    return wrapped
