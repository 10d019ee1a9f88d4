"""`ValidationError`, the exception both targets raise for data that does not fit the schema,
and the one nesting limit of both (MAX_DEPTH)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, Callable, List, Optional, Tuple, Type, Union

__all__ = [
    "MAX_DEPTH",
    "Location",
    "ValidationError",
    "check_room",
    "decode_json",
    "depth_error",
    "depth_first",
    "fits",
    "format_path",
    "kind_of",
    "load_json",
    "parse_json",
    "text_too_deep",
    "too_deep",
]

Location = Tuple[Union[str, int], ...]


class ValidationError(ValueError):
    """Data that does not fit the schema; `path` names the offending field.

    `path` is a JSON path such as ``tools[0].file_search.max_num_results`` (empty for the
    document itself); `problems` lists every (path, message) found.
    """

    def __init__(self, locations: List[Tuple[Location, str]]) -> None:
        super().__init__(locations)
        self.locations = locations

    def within(self, *parts: Union[str, int]) -> ValidationError:
        """Prefix every location with the place of the value that held the bad data."""
        self.locations = [(parts + loc, message) for loc, message in self.locations]
        return self

    @property
    def path(self) -> str:
        return format_path(self.locations[0][0]) if self.locations else ""

    @property
    def problems(self) -> List[Tuple[str, str]]:
        return [(format_path(loc), message) for loc, message in self.locations]

    def __str__(self) -> str:
        return "; ".join(f"{path or '(root)'}: {message}" for path, message in self.problems)


def format_path(loc: Location) -> str:
    """``("tools", 0, "type")`` -> ``tools[0].type``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


MAX_DEPTH = 200
"""How deeply JSON values may nest, in every target: an object or array that holds something
may sit at most this many levels deep (the document itself is level 1; an empty `[]` or `{}`
nests nothing, so it may sit one level further). Deeper input is a ValidationError. This is
the limit of pydantic-core's JSON parser, so the pydantic target's from_json pays nothing
for it."""

kind_of: Callable[[object], Type[object]] = type
"""`type(value)`, under a name type checkers read as a plain call (on `type` itself they
would narrow `value` to containers of unknowns, or call its type unknown). Twice as fast as
`value.__class__`: Python specialises calls of `type`."""

_NESTED = frozenset((dict, list)).__contains__


def too_deep(value: Any, room: int = MAX_DEPTH) -> Optional[Location]:
    """Where `value` first nests past MAX_DEPTH (`room`: the levels left, `value`'s own
    included), or None; the common shallow case costs one C-level scan of each container's
    items."""
    kind = kind_of(value)
    if kind is dict:
        items: Iterable[Any] = value.values()
    elif kind is list:
        items = value
    else:
        return None
    if room == 0:
        return () if value else None
    if not any(map(_NESTED, map(type, items))):
        return None
    entries: Iterable[Tuple[Any, Any]] = value.items() if kind is dict else enumerate(items)
    for key, item in entries:
        if _NESTED(kind_of(item)):
            found = too_deep(item, room - 1)
            if found is not None:
                return (key, *found)
    return None


def fits(value: Any, room: int = MAX_DEPTH) -> bool:
    """`too_deep(value, room) is None`, faster: no path is kept (free-form values and
    unknown keys are mostly small, so a plain loop beats C-level scans)."""
    kind = kind_of(value)
    if kind is dict:
        items: Iterable[Any] = value.values()
    elif kind is list:
        items = value
    else:
        return True
    if room == 0:
        return not value
    room -= 1
    for item in items:
        kind = kind_of(item)
        if (kind is dict or kind is list) and not fits(item, room):
            return False
    return True


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},]|[^\s\[\]{},:"]+')


def text_too_deep(text: str, room: int = MAX_DEPTH) -> Optional[Location]:
    """`too_deep` for JSON text that cannot be parsed as a whole (it nests too deeply for
    the parser): scans the tokens, keeping the path to the current value."""
    path: List[Union[str, int]] = []
    in_object: List[bool] = []
    expect_key = False
    past_limit: Optional[Location] = None  # a container opened past the limit: empty?
    for match in _TOKENS.finditer(text):
        token = match.group()
        first = token[0]
        if past_limit is not None and first not in "]}":
            return past_limit
        past_limit = None
        if first in "[{":
            if len(in_object) == room:
                past_limit = tuple(path)
            in_object.append(first == "{")
            path.append("" if first == "{" else 0)
            expect_key = first == "{"
        elif first in "]}" and in_object:
            in_object.pop()
            path.pop()
            expect_key = False
        elif first == "," and in_object:
            expect_key = in_object[-1]
            if not expect_key:
                path[-1] = int(path[-1]) + 1
        elif first == '"' and expect_key:
            path[-1] = json.loads(token)
            expect_key = False
    return None


def depth_error(location: Location) -> ValidationError:
    return ValidationError([(location, f"nested deeper than {MAX_DEPTH} levels")])


CHECKED = 1 << 62
"""The room `check_room` hands back: whatever lies below was walked, nothing is left to check."""


def check_room(value: Any, room: int) -> int:
    """`value` sits where `room` levels are left (its own included): raise ValidationError
    if it nests past them (the location relative to `value`: `from_dict` reports the
    document's own, `depth_first`), else return CHECKED. The dataclass decoders on a cycle
    of the schema call this on entry when `room` is short (near MAX_DEPTH); elsewhere the
    schema bounds how deep their typed values nest (free-form values and unknown keys are
    walked with `fits`). A room over MAX_DEPTH means the value was walked already (CHECKED,
    less the levels since)."""
    if room <= MAX_DEPTH and not fits(value, room):
        raise depth_error(too_deep(value, room) or ())
    return CHECKED


def depth_first(data: Any, error: ValidationError) -> ValidationError:
    """What `from_dict(data)` raises when validating it raised `error`: the first value
    nested past MAX_DEPTH (document order) if there is one, else `error`. Depth is the
    first verdict in both targets, whatever else is wrong, so they name the same place."""
    found = too_deep(data)
    return error if found is None else depth_error(found)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


_DECODER = json.JSONDecoder(parse_constant=_no_constant)  # NaN and Infinity are no JSON
_scan_once: Callable[[str, int], Tuple[Any, int]] = vars(_DECODER)["scan_once"]
_decode_whole: Callable[[str], Any] = _DECODER.decode


def decode_json(text: str) -> Any:
    """`json.loads(text)` without its Python layers: the decoder's C scanner, called directly
    (what `JSONDecoder.decode` does, less two regex matches and two frames). Text with
    whitespace around the value, or after it, takes the standard way (the same result, or
    the same error). NaN and Infinity are refused: they are no JSON."""
    try:
        value, end = _scan_once(text, 0)
    except StopIteration:  # no value at 0: whitespace first, or no JSON at all
        return _decode_whole(text)
    return value if end == len(text) else _decode_whole(text)


def load_json(data: Union[str, bytes, bytearray]) -> Any:
    """JSON text (bytes: UTF-8) as Python values; ValidationError when it is not JSON, or
    nests too deeply for the parser (past MAX_DEPTH: the location named). Shallower values
    are not walked: see parse_json. Lone surrogates escaped in strings (`"\\ud800"`) are
    kept, as JSON allows them."""
    text = _decode(data)
    try:
        return decode_json(text)
    except RecursionError:
        raise depth_error(text_too_deep(text) or ()) from None
    except ValueError as exc:
        raise _invalid(exc) from None


def parse_json(data: Union[str, bytes, bytearray]) -> Any:
    """`load_json`, and ValidationError when the value nests deeper than MAX_DEPTH (the
    location named). Text with at most MAX_DEPTH brackets cannot nest deeper, so most
    documents skip the walk."""
    parsed = load_json(data)
    if isinstance(data, (bytes, bytearray)):
        brackets = data.count(b"[") + data.count(b"{")
    else:
        brackets = data.count("[") + data.count("{")
    found = too_deep(parsed) if brackets > MAX_DEPTH else None
    if found is not None:
        raise depth_error(found)
    return parsed


def _decode(data: Union[str, bytes, bytearray]) -> str:
    try:
        return data.decode("utf-8") if isinstance(data, (bytes, bytearray)) else data
    except UnicodeDecodeError as exc:
        raise _invalid(exc) from None


def _invalid(exc: ValueError) -> ValidationError:
    return ValidationError([((), f"invalid JSON: {exc}")])
