"""Request and response bodies as bytes, the same in every client.

Request side: a body that is not a JSON object of keyword arguments is a `RequestContent`
(its `Content-Type`, its length when known, and its bytes, iterated once per attempt): a
whole JSON value (`json_content`), an `application/x-www-form-urlencoded` form
(`urlencoded_content`), raw bytes or a binary file streamed as they are (`raw_content`); a
multipart body (`_multipart.MultipartBody`) is one too.

Response side: a body is read within the attempt's deadline, then gzip or deflate inflated,
with a cap against compression bombs. A failure there comes after the status arrived: the
server may have acted on the request, so the loop raises it without sending it again.
"""

from __future__ import annotations

import io
import json
import mimetypes
import os
import time
import zlib
from collections.abc import Iterable, Mapping
from typing import IO, AsyncIterator, Dict, Iterator, List, Optional, Tuple, Union

from . import _retry
from ._types import NotGiven, any_mapping, json_array, json_object

__all__ = [
    "INFLATION_ALLOWANCE",
    "MAX_INFLATION",
    "BodyError",
    "DeadlineExceeded",
    "FileContent",
    "FileSource",
    "RequestContent",
    "collect",
    "inflate",
    "json_content",
    "raw_content",
    "urlencoded_content",
]

FileContent = Union[bytes, IO[bytes], "os.PathLike[str]"]
"""What a file or raw body holds: the bytes, a binary file object, or a path to read."""

_READ_SIZE = 65536


class RequestContent:
    """A request body: send it with `content_type` (and `content_length` when known, else
    chunked); iterate it (`iter(body)`, or `body.aiter()` for httpx2's async client) for
    its bytes, once per attempt."""

    def __init__(self, chunks: Iterable[bytes], content_type: str, content_length: Optional[int]) -> None:
        self._chunks = chunks
        self._content_type = content_type
        self._content_length = content_length

    @property
    def content_type(self) -> str:
        return self._content_type

    @property
    def content_length(self) -> Optional[int]:
        """The body's size, or None when unknown (the body is sent chunked)."""
        return self._content_length

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._chunks)

    async def aiter(self) -> AsyncIterator[bytes]:
        """The bytes for an async transport (a new iterator per call: one per attempt). Files
        are read with plain reads: local files answer at once."""
        for chunk in self:
            yield chunk

    def __bytes__(self) -> bytes:
        return b"".join(self)


class _Bytes(RequestContent):
    def __init__(self, data: bytes, content_type: str) -> None:
        super().__init__((data,), content_type, len(data))


class FileSource:
    """The content of a file (or raw) body part and how to read it again for a retry:
    bytes as they are, a path reopened, a seekable file object rewound to where it stood."""

    def __init__(self, content: FileContent) -> None:
        self._bytes: Optional[bytes] = None
        self._path: Optional[str] = None
        self._file: Optional[IO[bytes]] = None
        self._start = 0
        self._sent = False
        self.size: Optional[int] = None
        if isinstance(content, (bytes, bytearray, memoryview)):
            self._bytes = bytes(content)
            self.size = len(self._bytes)
        elif isinstance(content, os.PathLike):
            self._path = os.fspath(content)
            self.size = os.path.getsize(self._path)
        elif isinstance(content, io.TextIOBase):
            raise TypeError("a file field's file object must be opened in binary mode ('rb')")
        elif hasattr(content, "read"):
            self._file = content
            self.size = self._remaining(content)
        else:
            raise TypeError(
                "a file field takes bytes, a binary file object or a path,"
                f" got {type(content).__name__}"
            )

    def _remaining(self, file: IO[bytes]) -> Optional[int]:
        """Bytes from the file's position to its end, when it can seek (then it can be
        rewound for a retry); None for a pipe or a socket."""
        try:
            if not file.seekable():
                return None
            self._start = file.tell()
            end = file.seek(0, io.SEEK_END)
            file.seek(self._start)
        except (OSError, ValueError, AttributeError):
            return None
        return end - self._start

    @property
    def name(self) -> Optional[str]:
        """The file's base name (of its path, or the file object's `name`), if it has one."""
        name = self._path if self._path is not None else getattr(self._file, "name", None)
        return os.path.basename(name) if isinstance(name, str) and name else None

    def default_filename(self) -> str:
        return self.name or "upload"

    def chunks(self) -> Iterator[bytes]:
        if self._bytes is not None:
            yield self._bytes
            return
        if self._path is not None:
            with open(self._path, "rb") as opened:
                yield from _read(opened)
            return
        file = self._file
        assert file is not None
        if self.size is not None:
            file.seek(self._start)
        elif self._sent:
            raise ValueError(
                "a file object that cannot seek cannot be sent twice (the request was retried)"
            )
        self._sent = True
        yield from _read(file)


def _read(file: IO[bytes]) -> Iterator[bytes]:
    while True:
        piece = file.read(_READ_SIZE)
        if not piece:
            return
        # a file opened in text mode gives str, whatever its annotation says
        if not isinstance(piece, bytes):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError("a file field's file object must be opened in binary mode ('rb')")
        yield piece


class _Raw(RequestContent):
    def __init__(self, source: FileSource, content_type: str) -> None:
        super().__init__((), content_type, source.size)
        self._source = source

    def __iter__(self) -> Iterator[bytes]:
        return self._source.chunks()


def raw_content(
    content: Union[FileContent, NotGiven], media_type: str, extra_body: Optional[Mapping[str, object]] = None
) -> Optional[RequestContent]:
    """A raw body (`application/octet-stream`, `image/png`...): bytes, a binary file object or
    a path, streamed as it is. A declared type with a wildcard (`image/*`) is taken from the
    file's name, else `application/octet-stream` (a call's `extra_headers` can say better).
    ValueError for `extra_body`: such a body has no properties. NOT_GIVEN: no body."""
    if extra_body is not None:
        raise ValueError(f"extra_body: a {media_type} request body has no properties to add")
    if isinstance(content, NotGiven):
        return None
    source = FileSource(content)
    content_type = media_type
    if "*" in media_type:
        guessed = mimetypes.guess_type(source.name)[0] if source.name else None
        content_type = guessed or "application/octet-stream"
    return _Raw(source, content_type)


def json_content(value: object, extra_body: Optional[Mapping[str, object]] = None) -> Optional[RequestContent]:
    """A JSON body that is not an object of keyword arguments (an array, a union, a scalar,
    a map): `value` as JSON; `extra_body` is merged into it when it is an object, else
    ValueError. Models are sent as their `to_dict()`; NaN and Infinity are ValueError.
    NOT_GIVEN: `extra_body` alone, or no body."""
    if isinstance(value, NotGiven):
        if extra_body is None:
            return None
        value = _retry.json_body(extra_body, None)
    data = (_retry.json_body({"body": value}, None) or {}).get("body")
    if extra_body is not None:
        fields = json_object(data)
        if fields is None:
            raise ValueError("extra_body: the request body is not a JSON object, so nothing can be added to it")
        data = {**fields, **(_retry.json_body(extra_body, None) or {})}
    text = _encode_json(data)
    return _Bytes(text.encode("utf-8"), "application/json")


def _encode_json(data: object) -> str:
    try:
        return json.dumps(data, separators=(",", ":"), allow_nan=False)
    except ValueError:
        raise ValueError(
            "the JSON body (arguments or extra_body) holds NaN or Infinity, which JSON cannot carry"
        ) from None


FormStyle = Tuple[str, bool]
"""How a form field that is an array or an object is sent (its `encoding`): (`form` |
`deepObject` | `json`, explode)."""


def urlencoded_content(
    values: Mapping[str, object],
    styles: Optional[Mapping[str, FormStyle]] = None,
    extra_body: Optional[Mapping[str, object]] = None,
) -> RequestContent:
    """An `application/x-www-form-urlencoded` body: NOT_GIVEN and None are left out,
    `extra_body` wins over the arguments. Booleans are `true`/`false`; an array repeats its
    name (`form`, exploded; unexploded: one comma-separated value); an object sends
    `key=value` per property (exploded `form`), `name[key]=value` (`deepObject`) or
    `name=key,value,...`; `json` (the `encoding` declares `application/json`) sends JSON text."""
    plain = _retry.json_body(values, extra_body) or {}
    pairs: Dict[str, object] = {}
    for name, value in plain.items():
        style, explode = (styles or {}).get(name, ("form", True))
        if style == "json" and value is not None:
            pairs[name] = _encode_json(value)
        elif any_mapping(value) is not None:
            pairs.update(_retry.object_query(name, value, style, explode))
        elif json_array(value) is not None and not explode:
            pairs[name] = ",".join(_form_text(item) for item in json_array(value) or ())
        else:
            pairs[name] = value
    data = _retry.encode_query(pairs).encode("ascii")
    return _Bytes(data, "application/x-www-form-urlencoded")


def _form_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))

MAX_INFLATION = 200
"""A compressed body may inflate to this many times its size (JSON compresses 5 to 20 times),"""
INFLATION_ALLOWANCE = 1024 * 1024
"""... plus this many bytes."""


class BodyError(Exception):
    """The body of a response whose status arrived could not be read."""


class DeadlineExceeded(BodyError):
    """The attempt took longer in all than the client's `attempt_timeout`."""


def collect(chunks: Iterable[bytes], deadline: Optional[float]) -> bytes:
    """The chunks joined; DeadlineExceeded once `deadline` (time.monotonic()) has passed
    between two of them. Each read itself is bounded by the client's timeout."""
    parts: List[bytes] = []
    for chunk in chunks:
        parts.append(chunk)
        if deadline is not None and time.monotonic() > deadline:
            raise DeadlineExceeded("the response took longer than the attempt_timeout")
    return b"".join(parts)


def inflate(content: bytes, encoding: Optional[str]) -> bytes:
    """`content` decoded as `Content-Encoding` says (gzip, deflate, identity; several are
    undone last first); BodyError for another coding, a corrupt or truncated body, or one
    that would inflate beyond MAX_INFLATION times its size plus INFLATION_ALLOWANCE."""
    if not encoding:
        return content
    codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
    for coding in reversed(codings):
        if coding in ("gzip", "x-gzip"):
            content = _inflate(content, 16 + zlib.MAX_WBITS, coding)
        elif coding == "deflate":
            try:
                content = _inflate(content, zlib.MAX_WBITS, coding)  # zlib-wrapped, as specified
            except BodyError:
                content = _inflate(content, -zlib.MAX_WBITS, coding)  # raw, as some servers send
        elif coding != "identity":
            raise BodyError(
                f"the response body is encoded as {coding!r}, which the client does not decode"
            )
    return content


def _inflate(data: bytes, wbits: int, coding: str) -> bytes:
    limit = INFLATION_ALLOWANCE + MAX_INFLATION * len(data)
    parts: List[bytes] = []
    size = 0
    while data:  # one pass per gzip member
        inflater = zlib.decompressobj(wbits)
        try:
            part = inflater.decompress(data, limit - size + 1)
        except zlib.error as exc:
            raise BodyError(f"the response body is not valid {coding}: {exc}") from None
        size += len(part)
        if size > limit or inflater.unconsumed_tail:
            raise BodyError(
                f"the {coding} response body would inflate beyond {limit} bytes: refused"
            )
        if not inflater.eof:
            raise BodyError(f"the {coding} response body is truncated")
        parts.append(part)
        data = inflater.unused_data
    return b"".join(parts)
