"""The base of every model: stdlib dataclasses with generated, straight-line decoders.

`from_dict` checks JSON types exactly (no coercion; an int is accepted for a number),
keeps unknown keys, and remembers which optional keys were present so that `to_dict`
gives back what was read: an absent key stays absent, an explicit null stays null.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Dict, Type, TypeVar, Union

from ._validation import Location, ValidationError, format_path

__all__ = [
    "Location",
    "ModelBase",
    "ValidationError",
    "copy_json",
    "format_path",
    "missing",
    "wrong_type",
]

_M = TypeVar("_M", bound="ModelBase")

_JSON_NAMES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


def wrong_type(loc: Location, expected: str, value: Any) -> ValidationError:
    got = _JSON_NAMES.get(type(value), type(value).__name__)
    if type(value) is float and value - value != 0:  # inf or nan: no JSON number
        got = repr(value)
    return ValidationError([(loc, f"expected {expected}, got {got}")])


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


# json.loads' C decoder, called directly (no per-call option handling or encoding sniffing)
_decode_json = json.JSONDecoder(parse_constant=_no_constant).decode


def copy_json(value: Any) -> Any:
    """A copy of a JSON value's containers (its scalars are immutable)."""
    kind = type(value)
    if kind is dict:
        return {key: copy_json(item) for key, item in value.items()}
    if kind is list:
        return [copy_json(item) for item in value]
    return value


def missing(key: str) -> ValidationError:
    return ValidationError([((key,), "required field is missing")])


class ModelBase:
    """What every generated model shares; `from_dict` and `to_dict` are generated."""

    __slots__ = ()

    @classmethod
    def from_dict(cls: Type[_M], data: Mapping[str, Any]) -> _M:  # pragma: no cover
        raise NotImplementedError

    def to_dict(self) -> Dict[str, Any]:  # pragma: no cover
        raise NotImplementedError

    @classmethod
    def from_json(cls: Type[_M], data: Union[str, bytes, bytearray]) -> _M:
        """Parse JSON text (bytes: UTF-8, as JSON is exchanged) and validate it; raise
        ValidationError naming the bad field. NaN and Infinity are not JSON."""
        try:
            text = data.decode("utf-8") if isinstance(data, (bytes, bytearray)) else data
            parsed = _decode_json(text)
        except ValueError as exc:  # UnicodeDecodeError included
            raise ValidationError([((), f"invalid JSON: {exc}")]) from None
        return cls.from_dict(parsed)

    def to_json(self) -> str:
        """The JSON text of `to_dict()`; ValueError for a value JSON cannot hold (NaN)."""
        return json.dumps(
            self.to_dict(), ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )
