"""The base of every model: strict pydantic v2 that keeps what the server sent.

Strict (no coercion across JSON types), `extra="allow"` (unknown keys are kept), and
`exclude_unset` on output (an absent key stays absent, an explicit null stays null).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Dict, List, Tuple, Type, TypeVar, Union

import pydantic
from pydantic import BaseModel, ConfigDict

from ._validation import Location, ValidationError, format_path

__all__ = [
    "Location",
    "ModelBase",
    "ValidationError",
    "format_path",
    "keep_alias_presence",
]

_M = TypeVar("_M", bound="ModelBase")


def _json_location(loc: Tuple[Union[str, int], ...], data: Any, missing: bool) -> Location:
    """Map a pydantic error location onto the input: keep the keys and indexes that exist
    in the data, drop union arm labels (``<FileSearchTool>``, ``literal[...]``, ``str``)."""
    out: List[Union[str, int]] = []
    current = data
    for part in loc:
        if isinstance(part, int) and isinstance(current, list) and 0 <= part < len(current):
            out.append(part)
            current = current[part]
        elif isinstance(part, str) and isinstance(current, dict) and part in current:
            out.append(part)
            current = current[part]
    if missing and loc and (not out or out[-1] != loc[-1]):
        out.append(loc[-1])  # the key that should have been there
    return tuple(out)


def _translate(exc: pydantic.ValidationError, data: Any) -> ValidationError:
    found: Dict[Location, str] = {}
    for error in exc.errors(include_url=False, include_context=False, include_input=False):
        where = _json_location(tuple(error["loc"]), data, error["type"] == "missing")
        if where not in found or _rank(error["msg"]) > _rank(found[where]):
            found[where] = error["msg"]
    return ValidationError(list(found.items()))


def _rank(message: str) -> int:
    """Which of the errors one value gets from the arms of its type says most: an open enum
    reports its literal arm too, a number (int | float) its int arm too."""
    if message.startswith("Input should be '"):
        return 0
    if message == "Input should be a valid integer":
        return 1
    return 2


def keep_alias_presence(model: _M, data: Any, aliases: Dict[str, str]) -> _M:
    """pydantic counts an aliased field as set when an unknown key is spelled like its Python
    name (`from_` beside the field `from`); unset it unless its JSON name was sent."""
    if isinstance(data, dict):
        fields_set = model.__pydantic_fields_set__
        for name, json_name in aliases.items():
            if name in fields_set and json_name not in data:
                fields_set.discard(name)
    return model


class ModelBase(BaseModel):
    model_config = ConfigDict(
        strict=True,
        extra="allow",
        # JSON names only, in from_dict and in the constructor alike (as type checkers see
        # the constructor): a key spelled like an attribute (`from_`) is an unknown key
        validate_by_alias=True,
        validate_by_name=False,
        allow_inf_nan=False,  # NaN and Infinity are no JSON numbers
        protected_namespaces=(),
    )

    def __eq__(self, other: object) -> bool:
        """Equal when both hold the same JSON: an absent key differs from an explicit null."""
        if not isinstance(other, BaseModel):
            return NotImplemented
        return super().__eq__(other) and self.model_fields_set == other.model_fields_set

    # from_dict and from_json call the model's pydantic-core validator themselves: what
    # model_validate / model_validate_json do, less a Python frame

    @classmethod
    def from_dict(cls: Type[_M], data: Mapping[str, Any]) -> _M:
        """Validate a JSON-shaped dict; raise ValidationError naming the bad field."""
        try:
            model: _M = cls.__pydantic_validator__.validate_python(data)
        except pydantic.ValidationError as exc:
            raise _translate(exc, data) from None
        return model

    @classmethod
    def from_json(cls: Type[_M], data: Union[str, bytes, bytearray]) -> _M:
        """Parse and validate JSON text in one pass (pydantic-core's fast path)."""
        try:
            model: _M = cls.__pydantic_validator__.validate_json(data)
        except pydantic.ValidationError as exc:
            try:
                parsed = json.loads(data)
            except ValueError:
                raise ValidationError([((), f"invalid JSON: {exc.errors()[0]['msg']}")]) from None
            raise _translate(exc, parsed) from None
        return model

    def to_dict(self) -> Dict[str, Any]:
        """The JSON-shaped dict: absent keys stay absent, unknown keys are kept."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True, exclude_unset=True)
