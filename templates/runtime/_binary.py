"""Binary and text responses (files, audio, images, plain text).

`BinaryResponse` is what a download returns: `.content` (bytes), `.text`, `.iter_bytes()`,
`.write_to_file(path)`. Made from a body already read (`BinaryResponse.read(...)`), or from a
streaming response (`with_streaming_response`): then nothing is read until asked, and
`iter_bytes()` / `write_to_file()` pass the body through in the pieces that arrive without
holding it whole. `AsyncBinaryResponse` is the streaming one of the async client.
"""

from __future__ import annotations

import os
from types import TracebackType
from typing import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
    Optional,
    Type,
    Union,
)

__all__ = ["AsyncBinaryResponse", "BinaryResponse"]

_CHUNK_SIZE = 65536

StrPath = Union[str, "os.PathLike[str]"]


def _charset(headers: Mapping[str, str]) -> str:
    """The charset parameter of Content-Type, else UTF-8."""
    for param in headers.get("content-type", "").split(";")[1:]:
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip().strip('"')
            try:
                "".encode(charset)
            except LookupError:
                break
            return charset
    return "utf-8"


class BinaryResponse:
    """A 2xx response whose body is not JSON: read it whole or pass it through."""

    def __init__(
        self,
        chunks: Iterable[bytes],
        close: Callable[[], None],
        *,
        status_code: int,
        headers: Mapping[str, str],
    ) -> None:
        self.status_code = status_code
        self.headers = headers
        self._chunks: Optional[Iterator[bytes]] = iter(chunks)
        self._close = close
        self._content: Optional[bytes] = None

    @classmethod
    def read(
        cls, content: bytes, *, status_code: int, headers: Mapping[str, str]
    ) -> BinaryResponse:
        """A response whose body has been read already."""
        response = cls((), lambda: None, status_code=status_code, headers=headers)
        response._content = content
        response._chunks = None
        return response

    @property
    def content(self) -> bytes:
        """The whole body (read now if it has not been)."""
        if self._content is None:
            self._content = b"".join(self._take())
        return self._content

    @property
    def text(self) -> str:
        """The body decoded by the Content-Type's charset (UTF-8 when it names none)."""
        return self.content.decode(_charset(self.headers), errors="replace")

    @property
    def request_id(self) -> Optional[str]:
        """The `x-request-id` response header."""
        return self.headers.get("x-request-id")

    def _take(self) -> Iterator[bytes]:
        chunks = self._chunks
        if chunks is None:
            raise RuntimeError("the body of this response has been streamed already")
        self._chunks = None
        try:
            yield from chunks
        finally:
            self._close()

    def iter_bytes(self, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The body in pieces: as they arrive (streaming), else of `chunk_size` bytes."""
        if self._content is not None:
            size = chunk_size or _CHUNK_SIZE
            for start in range(0, len(self._content), size):
                yield self._content[start : start + size]
            return
        if chunk_size is None:
            yield from self._take()
            return
        buffer = b""
        for piece in self._take():
            buffer += piece
            while len(buffer) >= chunk_size:
                yield buffer[:chunk_size]
                buffer = buffer[chunk_size:]
        if buffer:
            yield buffer

    def write_to_file(self, file: StrPath) -> None:
        """Write the body to a file (created or truncated), piece by piece."""
        with open(file, "wb") as out:
            for piece in self.iter_bytes():
                out.write(piece)

    def close(self) -> None:
        """Close the response without reading the rest of the body."""
        chunks, self._chunks = self._chunks, None
        if chunks is not None:
            self._close()

    def __enter__(self) -> BinaryResponse:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<BinaryResponse [{self.status_code}]>"


class AsyncBinaryResponse:
    """A streaming binary response of the async client: `await read()`, `aiter_bytes()`,
    `await write_to_file(path)`."""

    def __init__(
        self,
        chunks: AsyncIterable[bytes],
        aclose: Callable[[], Awaitable[None]],
        *,
        status_code: int,
        headers: Mapping[str, str],
    ) -> None:
        self.status_code = status_code
        self.headers = headers
        self._chunks: Optional[AsyncIterable[bytes]] = chunks
        self._aclose = aclose
        self._content: Optional[bytes] = None

    async def read(self) -> bytes:
        """The whole body (read now if it has not been)."""
        if self._content is None:
            self._content = b"".join([piece async for piece in self._take()])
        return self._content

    async def text(self) -> str:
        """The body decoded by the Content-Type's charset (UTF-8 when it names none)."""
        return (await self.read()).decode(_charset(self.headers), errors="replace")

    @property
    def request_id(self) -> Optional[str]:
        """The `x-request-id` response header."""
        return self.headers.get("x-request-id")

    async def _take(self) -> AsyncIterator[bytes]:
        chunks = self._chunks
        if chunks is None:
            raise RuntimeError("the body of this response has been streamed already")
        self._chunks = None
        try:
            async for piece in chunks:
                yield piece
        finally:
            await self._aclose()

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        """The body in the pieces that arrive."""
        if self._content is not None:
            yield self._content
            return
        async for piece in self._take():
            yield piece

    async def write_to_file(self, file: StrPath) -> None:
        """Write the body to a file (created or truncated), piece by piece."""
        with open(file, "wb") as out:
            async for piece in self.aiter_bytes():
                out.write(piece)

    async def aclose(self) -> None:
        """Close the response without reading the rest of the body."""
        chunks, self._chunks = self._chunks, None
        if chunks is not None:
            await self._aclose()

    async def __aenter__(self) -> AsyncBinaryResponse:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"<AsyncBinaryResponse [{self.status_code}]>"
