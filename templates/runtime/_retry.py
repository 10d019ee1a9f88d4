"""How the clients build requests and when they retry: one policy for every client.

A client checks its base URL once (`check_base_url`), then calls these once per attempt:
`request_headers` + `merge_headers` for the headers,
`join_url` and `path_segment` for the URL, then `retry_delay` after a failed attempt
(seconds to wait, or None to raise), and `sleep` to wait.
"""

from __future__ import annotations

import email.utils
import json
import math
import random
import re
import time
from collections.abc import Iterable, Mapping
from datetime import timezone
from functools import lru_cache
from typing import Dict, List, Optional, Set, Tuple, Union, cast
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from ._base import ModelBase
from ._types import Body, Headers, NotGiven, Omit, Query, any_mapping

__all__ = [
    "FRAMING_HEADERS",
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "STANDARD_HEADERS",
    "async_sleep",
    "backoff",
    "check_base_url",
    "encode_body",
    "encode_query",
    "join_url",
    "json_body",
    "merge_headers",
    "object_query",
    "param_headers",
    "path_segment",
    "path_template",
    "request_headers",
    "retry_after",
    "retry_delay",
    "should_retry",
    "sleep",
]

INITIAL_RETRY_DELAY = 0.5
"""Seconds before the first retry; each further retry waits twice as long."""
MAX_RETRY_DELAY = 8.0
"""The longest exponential backoff, in seconds."""
MAX_RETRY_AFTER = 60.0
"""The longest wait a server may ask for (`retry-after`); asked for more, the client raises."""

# --- retries -----------------------------------------------------------------------------


def should_retry(status_code: int, headers: Mapping[str, str]) -> bool:
    """Whether a response is worth another attempt: `x-should-retry: true|false` when the
    server says so, else 408, 409, 429 and every 5xx."""
    verdict = headers.get("x-should-retry")
    if verdict == "true":
        return True
    if verdict == "false":
        return False
    return status_code in (408, 409, 429) or status_code >= 500


def retry_after(headers: Mapping[str, str]) -> Optional[float]:
    """The wait the server asks for, in seconds: `retry-after-ms`, else `retry-after` (seconds
    or an HTTP date); None when neither is there or readable. An infinite or overflowing
    number (`inf`, `1e400`) is an infinite wait, which `retry_delay` does not wait for."""
    value = headers.get("retry-after-ms")
    if value is not None:
        seconds = _seconds(value)
        if seconds is not None:
            return seconds / 1000
    value = headers.get("retry-after")
    if value is None:
        return None
    seconds = _seconds(value)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):  # not a date (3.9 raises TypeError)
        return None
    if when.tzinfo is None:  # "-0000": UTC
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp() - time.time()


def _seconds(value: str) -> Optional[float]:
    """A number of a retry-after header; None when it is none (or NaN)."""
    try:
        seconds = float(value)
    except ValueError:
        return None
    return None if math.isnan(seconds) else seconds


def backoff(retries_taken: int) -> float:
    """Exponential backoff: 0.5 s doubling per retry, capped at 8 s, less up to 25 % jitter."""
    delay = min(INITIAL_RETRY_DELAY * 2.0 ** min(retries_taken, 16), MAX_RETRY_DELAY)
    return delay * (1 - 0.25 * random.random())


def retry_delay(
    retries_taken: int,
    max_retries: int,
    status_code: Optional[int] = None,
    headers: Optional[Mapping[str, str]] = None,
) -> Optional[float]:
    """Seconds to wait before the next attempt, or None to give up and raise.

    Pass the failed attempt's `status_code` and `headers`; leave them out after a connection
    error or a timeout (always worth retrying). A `retry-after` within MAX_RETRY_AFTER is
    obeyed; a longer one is not waited for: None.
    """
    if retries_taken >= max_retries:
        return None
    if status_code is not None and not should_retry(status_code, headers or {}):
        return None
    wait = retry_after(headers) if headers is not None else None
    if wait is None or wait <= 0:  # none, unreadable, or already past: back off
        return backoff(retries_taken)
    if wait > MAX_RETRY_AFTER:
        return None
    return wait


def sleep(seconds: float) -> None:
    """Wait before a retry (the clients wait only through here)."""
    time.sleep(seconds)


async def async_sleep(seconds: float) -> None:
    """Wait before a retry, in the async client."""
    import asyncio  # only the async client needs it, and it is already loaded by then

    await asyncio.sleep(seconds)


# --- the request -------------------------------------------------------------------------


def check_base_url(base_url: str) -> str:
    """`base_url` when it is an http:// or https:// URL with a host, in printable ASCII (no
    space); else ValueError, at construction rather than as an error on every call."""
    parts = urlsplit(base_url)
    try:
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port that is not a number, or out of range
        valid = False
    if not valid:
        raise ValueError(
            f"base_url must be an http:// or https:// URL with a host, got {base_url!r}"
        )
    if not _visible_ascii(base_url):
        raise ValueError(
            f"base_url must be printable ASCII without spaces (percent-encode the rest), "
            f"got {base_url!r}"
        )
    return base_url


def path_segment(name: str, value: Union[str, int, float]) -> str:
    """`value` percent-encoded as one path segment (`"a/b"` -> `a%2Fb`).

    ValueError for "", "." and "..": they would call another URL than the one meant.
    """
    # the annotation says what to pass; callers without a type checker may pass anything
    scalar = isinstance(value, (str, int, float))  # pyright: ignore[reportUnnecessaryIsInstance]
    if isinstance(value, bool) or not scalar:
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    text = str(value)
    if text in ("", ".", ".."):
        raise ValueError(f"{name} must not be empty, '.' or '..' (got {text!r})")
    if _UNRESERVED.fullmatch(text):  # the usual id: nothing to encode
        return text
    return quote(text, safe="")


_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+")
"""What `quote(text, safe="")` leaves as it is."""


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def path_template(template: str, /, **params: Union[str, int, float]) -> str:
    """`template` with each `{name}` given in `params` replaced by its value as one path
    segment (`path_segment`): `path_template("/runs/{run_id}", run_id="a/b")` -> `/runs/a%2Fb`.
    """
    texts, names = _template_pieces(template)
    out = [texts[0]]
    for name, text in zip(names, texts[1:]):
        out.append(path_segment(name, params[name]) if name in params else "{" + name + "}")
        out.append(text)
    return "".join(out)


@lru_cache(maxsize=1024)  # the templates are the generated clients' own literals
def _template_pieces(template: str) -> Tuple[Tuple[str, ...], Tuple[str, ...]]:
    """The text around the placeholders of `template`, and their names, in order."""
    pieces = _PLACEHOLDER.split(template)
    return tuple(pieces[0::2]), tuple(pieces[1::2])


def encode_query(query: Query) -> str:
    """`a=1&b=x%20y`: an iterable value (a list, a tuple, a generator; not a string) repeats
    the name, None leaves it out, booleans are `true`/`false`."""
    pairs: List[Tuple[str, str]] = []
    for name, value in query.items():
        items = _as_array(value)
        for item in (value,) if items is None else items:
            if item is None:
                continue
            if isinstance(item, bool):
                pairs.append((name, "true" if item else "false"))
            else:
                pairs.append((name, str(item)))
    return urlencode(pairs, quote_via=quote)


def _as_array(value: object) -> Optional[Iterable[object]]:
    """`value` when it goes as an array (any iterable but strings, bytes and mappings)."""
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes, bytearray, Mapping)):
        return cast("Iterable[object]", value)
    return None


def object_query(name: str, value: object, style: str, explode: bool) -> Dict[str, object]:
    """The query entries of an object parameter (OpenAPI `style` / `explode`): `deepObject`
    sends `name[key]=value` (nested objects `name[a][b]`), exploded `form` sends `key=value`,
    unexploded `form` one `name=key,value,...`; None (or an empty object) sends nothing."""
    fields = any_mapping(value)
    if not fields:
        return {}
    if style == "deepObject":
        return _deep_object(name, fields)
    if explode:
        return {str(key): item for key, item in fields.items()}
    flat = ",".join(f"{key},{_text(item)}" for key, item in fields.items() if item is not None)
    return {name: flat}


def _deep_object(prefix: str, value: Mapping[object, object]) -> Dict[str, object]:
    out: Dict[str, object] = {}
    for key, item in value.items():
        fields = any_mapping(item)
        if fields is not None:
            out.update(_deep_object(f"{prefix}[{key}]", fields))
        else:
            out[f"{prefix}[{key}]"] = item
    return out


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    items = _as_array(value)
    return ",".join(_text(item) for item in items) if items is not None else str(value)


def param_headers(params: Mapping[str, object], extra_headers: Optional[Headers]) -> Optional[Headers]:
    """The header parameters of a call given a value (`simple` style: an array is joined with
    commas, a boolean is `true`/`false`), under the call's `extra_headers`, which win."""
    headers: Dict[str, Union[str, Omit]] = {name: _text(value) for name, value in params.items() if value is not None}
    if not headers:
        return extra_headers
    lowered = {name.lower() for name in (extra_headers or {})}
    merged = {name: value for name, value in headers.items() if name.lower() not in lowered}
    merged.update(extra_headers or {})
    return merged


def join_url(base_url: str, path: str, query: Optional[Query] = None) -> str:
    """`base_url` + `path` (already encoded) + `query` after any query base_url has."""
    scheme, netloc, base_path, base_query = _split_base(base_url)
    extra = encode_query(query) if query else ""
    full_query = f"{base_query}&{extra}" if base_query and extra else base_query or extra
    joined = base_path + path
    if scheme and netloc and joined.startswith("/"):  # what urlunsplit makes of it, quicker
        url = f"{scheme}://{netloc}{joined}"
        return f"{url}?{full_query}" if full_query else url
    return urlunsplit((scheme, netloc, joined, full_query, ""))


@lru_cache(maxsize=64)  # a client's base URL, split once
def _split_base(base_url: str) -> Tuple[str, str, str, str]:
    """The scheme, host, path (no trailing slash) and query of `base_url`."""
    scheme, netloc, base_path, base_query, _ = urlsplit(base_url)
    return scheme, netloc, base_path.rstrip("/"), base_query


STANDARD_HEADERS = ("Accept", "Accept-Encoding", "User-Agent")
"""The headers `request_headers` sets on every request (an HTTP library's own defaults for
them are replaced)."""


def request_headers(
    api_key: str,
    retries_taken: int,
    has_body: bool,
    user_agent: str,
    headers: Iterable[Tuple[str, str]] = (),
) -> Dict[str, str]:
    """What the client sends unless the client's default_headers or a call's extra_headers
    say otherwise: `headers` are the ones the spec's config declares. ValueError for an
    api_key that cannot be sent in a header (not printable ASCII)."""
    if not _visible_ascii(api_key):
        raise ValueError(
            "the api_key cannot be sent in an HTTP header: it holds a space, a control character "
            "or a character that is not ASCII"
        )
    out = {
        "Accept": "application/json",
        "Accept-Encoding": "gzip, deflate",
        "User-Agent": user_agent,
    }
    out.update(headers)
    out["Authorization"] = f"Bearer {api_key}"
    out["x-retry-count"] = str(retries_taken)
    if has_body:
        out["Content-Type"] = "application/json"
    return out


_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
FRAMING_HEADERS = frozenset(("content-length", "transfer-encoding", "host", "connection"))
"""Headers that frame the request on the wire: the client (its HTTP library) sets them."""


def merge_headers(*layers: Optional[Headers]) -> Dict[str, str]:
    """One header dict from layers, the last winning; names are compared case-insensitively
    (the winner's spelling is sent) and an `Omit()` value removes the header.

    ValueError, before anything is sent, for a name that is not an HTTP token, a framing
    header (FRAMING_HEADERS: they would let a body become a second request), or a value
    that is not printable ASCII (CR or LF would split the request; other characters cannot
    be sent as they are); the value is not echoed, as it may be a secret.
    """
    merged: Dict[str, Tuple[str, Union[str, Omit]]] = {}
    for layer in layers:
        if layer:
            for name, value in layer.items():
                merged[name.lower()] = (name, value)
    out = {name: value for name, value in merged.values() if not isinstance(value, Omit)}
    values = "".join(out.values())  # every check at once, in C; a failure is looked into
    if values.isascii() and values.isprintable() and _TOKENS.issuperset(out):
        if FRAMING_HEADERS.isdisjoint(merged):
            return out
    for key, (name, value) in merged.items():
        if not isinstance(value, Omit):
            _check_header(key, name, value)
    return out


def _check_header(key: str, name: str, value: str) -> None:
    """ValueError for a header `merge_headers` must not send; a good name is remembered."""
    if name not in _TOKENS:
        if not _HEADER_NAME.fullmatch(name):
            raise ValueError(f"invalid HTTP header name {name!r}")
        if len(_TOKENS) < _MAX_TOKENS:
            _TOKENS.add(name)
    if key in FRAMING_HEADERS:
        raise ValueError(f"HTTP header {name!r} frames the request: the client sets it")
    if not (value.isascii() and (value.isprintable() or _tabs_printable(value))):
        raise ValueError(
            f"the value of HTTP header {name!r} holds a line break, a control character "
            "or a character that is not ASCII"
        )


def _visible_ascii(text: str) -> bool:
    """Whether `text` is printable ASCII without spaces (a URL, an API key)."""
    return text.isascii() and text.isprintable() and " " not in text


def _tabs_printable(value: str) -> bool:
    """`value` with its tabs read as spaces is printable: with isascii(), a header value
    of printable ASCII and tabs, told without a regular expression per header."""
    return value.replace("\t", " ").isprintable()


_TOKENS: Set[str] = set()
"""Header names found to be HTTP tokens (names are not secrets; a client sends a handful)."""
_MAX_TOKENS = 1024


def encode_body(body: Optional[Body]) -> Optional[bytes]:
    """The JSON request body, or None to send none; ValueError for NaN or Infinity, which
    JSON cannot carry."""
    if body is None:
        return None
    try:
        text = json.dumps(body, separators=(",", ":"), allow_nan=False)
    except ValueError:
        raise ValueError(
            "the JSON body (arguments or extra_body) holds NaN or Infinity, which JSON cannot carry"
        ) from None
    return text.encode("utf-8")


def json_body(body: Optional[Body], extra_body: Optional[Body]) -> Optional[Dict[str, object]]:
    """The JSON object a method sends: its arguments that were given (NOT_GIVEN ones left
    out; None is sent as null), then `extra_body` over them; None when there is neither.

    Values may hold model instances (sent as their `to_dict()`), any mapping, and any
    iterable but strings and bytes (sent as an array: a tuple, a generator).
    """
    if body is None and extra_body is None:
        return None
    out: Dict[str, object] = {}
    for layer in (body, extra_body):
        for key, value in (layer or {}).items():
            if not isinstance(value, NotGiven):
                out[key] = _json_value(value)
    return out


def _json_value(value: object) -> object:
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, ModelBase):
        return value.to_dict()
    fields = any_mapping(value)
    if fields is not None:
        return {
            key: _json_value(item) for key, item in fields.items() if not isinstance(item, NotGiven)
        }
    items = _as_array(value)
    return value if items is None else [_json_value(item) for item in items]
