"""The base of every model: strict pydantic v2 that keeps what the server sent.

Strict (no coercion across JSON types), `extra="allow"` (unknown keys are kept), and
`exclude_unset` on output (an absent key stays absent, an explicit null stays null).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple, Type, TypeVar, Union

import pydantic
import pydantic_core
from pydantic import BaseModel, ConfigDict

from ._types import json_array, json_object
from ._validation import (
    Location,
    ValidationError,
    depth_error,
    depth_first,
    fits,
    format_path,
    parse_json,
    text_too_deep,
    too_deep,
)

__all__ = [
    "Location",
    "ModelBase",
    "ValidationError",
    "format_path",
    "keep_alias_presence",
    "set_request_id",
]

_M = TypeVar("_M", bound="ModelBase")


def _json_location(loc: Tuple[Union[str, int], ...], data: Any, missing: bool) -> Location:
    """Map a pydantic error location onto the input: keep the keys and indexes that exist
    in the data, drop union arm labels (``<FileSearchTool>``, ``literal[...]``, ``str``)."""
    out: List[Union[str, int]] = []
    current: object = data
    for part in loc:
        if isinstance(part, int):
            items = json_array(current)
            if items is None or not 0 <= part < len(items):
                continue
            current = items[part]
        else:
            fields = json_object(current)
            if fields is None or part not in fields:
                continue
            current = fields[part]
        out.append(part)
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

    if TYPE_CHECKING:  # set after the class (no annotation: get_type_hints stays as it was)
        _request_id: Optional[str]
        """The `x-request-id` of the response a client call read this model from."""

    @classmethod
    def from_dict(cls: Type[_M], data: Mapping[str, Any]) -> _M:
        """Validate a JSON-shaped dict; raise ValidationError naming the bad field (or the
        first value nested deeper than MAX_DEPTH, whatever else is wrong: as the dataclass
        target). pydantic-core does not walk free-form values and unknown keys, so the
        document is walked after it validates (`fits`: no path kept)."""
        try:
            model: _M = cls.__pydantic_validator__.validate_python(data)
        except pydantic.ValidationError as exc:
            raise depth_first(data, _translate(exc, data)) from None
        if not fits(data):
            raise depth_error(too_deep(data) or ())
        return model

    @classmethod
    def from_json(cls: Type[_M], data: Union[str, bytes, bytearray]) -> _M:
        """Parse and validate JSON text in one pass (pydantic-core's fast path, whose parser
        refuses nesting deeper than MAX_DEPTH too). Text only the slower standard parser
        takes (a lone surrogate escaped in a string) is validated from what it parses, so
        both targets accept the same documents."""
        try:
            model: _M = cls.__pydantic_validator__.validate_json(data)
        except pydantic.ValidationError as exc:
            first = exc.errors()[0]
            if first["type"] != "json_invalid":
                raise _translate(exc, json.loads(data)) from None
            if "recursion limit" in first["msg"]:
                raise depth_error(text_too_deep(_text(data)) or ()) from None
            try:
                parsed = parse_json(data)
            except ValidationError:
                raise ValidationError([((), f"invalid JSON: {first['msg']}")]) from None
            return cls.from_dict(parsed)
        return model

    def to_dict(self) -> Dict[str, Any]:
        """The JSON-shaped dict: absent keys stay absent, unknown keys are kept."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)

    def to_json(self) -> str:
        """The JSON text of `to_dict()` (a lone surrogate in a string is escaped)."""
        try:
            return self.model_dump_json(by_alias=True, exclude_unset=True)
        except pydantic_core.PydanticSerializationError:  # a lone surrogate: no UTF-8 for it
            return json.dumps(self.to_dict(), separators=(",", ":"), allow_nan=False)

    @classmethod
    def construct_as_sent(cls: Type[_M], data: Mapping[str, Any]) -> _M:
        """A model holding `data` as sent, unvalidated (nested values stay dicts and lists):
        what a client with `strict_response_validation=False` keeps of an invalid body."""
        aliases = {field.alias: name for name, field in cls.model_fields.items() if field.alias}
        values = {aliases.get(key, key): value for key, value in data.items()}
        return cls.model_construct(**values)


def set_request_id(model: ModelBase, request_id: Optional[str]) -> None:
    """Set `model._request_id` (APIResponse.parse does, for the response it read)."""
    object.__setattr__(model, "_request_id", request_id)


def _text(data: Union[str, bytes, bytearray]) -> str:
    return data.decode("utf-8", errors="replace") if isinstance(data, (bytes, bytearray)) else data


# the default, set after the class (see above; in its body pydantic would make it a private
# attribute)
ModelBase._request_id = None  # pyright: ignore[reportPrivateUsage]
