"""Reading a response body, the same in every client: within the attempt's deadline, then
gzip or deflate inflated, with a cap against compression bombs.

A failure here comes after the status arrived: the server may have acted on the request, so
the loop raises it without sending the request again.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable
from typing import List, Optional

__all__ = [
    "INFLATION_ALLOWANCE",
    "MAX_INFLATION",
    "BodyError",
    "DeadlineExceeded",
    "collect",
    "inflate",
]

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
    codings = [c.strip().lower() for c in (encoding or "").split(",") if c.strip()]
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
