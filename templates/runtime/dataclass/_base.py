"""The base of every model: stdlib dataclasses with generated, straight-line decoders.

`from_dict` checks JSON types exactly (no coercion; an int is accepted for a number),
keeps unknown keys, and remembers which optional keys were sent as null so that `to_dict`
gives back what was read: an absent key stays absent, an explicit null stays null.

Depth (one limit for both targets, MAX_DEPTH) is checked as the decoders go, not in a pass
of its own: each carries `room`, the levels left where its value sits, and walks only
free-form values (and unknown keys) with `fits`; the schema bounds the rest, so typed values
are walked only on a schema cycle, within a few levels of the limit (`check_room`). On any
error `from_dict` reports the document's first value nested too deeply, if any
(`depth_first`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    ClassVar,
    Dict,
    FrozenSet,
    Optional,
    Set,
    Type,
    TypeVar,
    Union,
    cast,
)

from ._validation import (
    MAX_DEPTH,
    Location,
    ValidationError,
    depth_error,
    depth_first,
    fits,
    format_path,
    kind_of,
    load_json,
    too_deep,
)

__all__ = [
    "Location",
    "ModelBase",
    "ValidationError",
    "copy_json",
    "format_path",
    "missing",
    "set_request_id",
    "unknown_items",
    "wrong_type",
]

_M = TypeVar("_M", bound="ModelBase")

_JSON_NAMES: Dict[Type[object], str] = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


def wrong_type(loc: Location, expected: str, value: Any) -> ValidationError:
    kind = kind_of(value)
    got = _JSON_NAMES.get(kind, kind.__name__)
    if type(value) is float and value - value != 0:  # inf or nan: no JSON number
        got = repr(value)
    return ValidationError([(loc, f"expected {expected}, got {got}")])


def copy_json(value: Any) -> Any:
    """A copy of a JSON value's containers (its scalars are immutable)."""
    kind = kind_of(value)
    if kind is dict:
        return {key: copy_json(item) for key, item in value.items()}
    if kind is list:
        return [copy_json(item) for item in value]
    return value


def unknown_items(data: Dict[Any, Any], known: FrozenSet[str], room: int) -> Dict[Any, Any]:
    """The items of `data` (a model's object, `room` >= 1 levels left where it sits) whose
    keys the model does not list (`known`), in their order: what `_extra` keeps. Raise
    ValidationError if one of their values nests past the room left below `data`, as the
    decoders do for free-form values; scalars are not walked."""
    extra: Dict[Any, Any] = {}
    room -= 1  # where the values sit
    for key in data:  # a loop, not a comprehension: no function to make per call
        if key not in known:
            value = extra[key] = data[key]
            kind = kind_of(value)
            if (kind is dict or kind is list) and not fits(value, room):
                raise depth_error((key, *(too_deep(value, room) or ())))
    return extra


def missing(key: str) -> ValidationError:
    return ValidationError([((key,), "required field is missing")])


class ModelBase:
    """What every generated model shares; `to_dict` and the decoder are generated."""

    __slots__ = ()

    if TYPE_CHECKING:  # set after each generated class (set_decoder): `_from_dict_<Model>`
        _decode: ClassVar[Callable[[Any, Any, int], Any]]
        """(cls, data, room): the model's decoder (`room`: the levels left where `data` sits)."""

    @classmethod
    def set_decoder(cls, decode: Callable[[Any, Any, int], Any]) -> None:
        """Install the generated decoder `from_dict` and `from_json` call (models.py does, after
        each class; a method, so that type checkers see no private name used outside)."""
        cls._decode = decode

    @classmethod
    def from_dict(cls: Type[_M], data: Mapping[str, Any]) -> _M:
        """Decode a JSON object; raise ValidationError naming the bad field (or the first
        value nested deeper than MAX_DEPTH)."""
        try:
            model: _M = cls._decode(cls, data, MAX_DEPTH)
        except ValidationError as e:
            raise depth_first(data, e) from None
        return model

    def to_dict(self) -> Dict[str, Any]:  # pragma: no cover
        raise NotImplementedError

    @classmethod
    def from_json(cls: Type[_M], data: Union[str, bytes, bytearray]) -> _M:
        """Parse JSON text (bytes: UTF-8, as JSON is exchanged) and validate it; raise
        ValidationError naming the bad field (or the first value nested deeper than
        MAX_DEPTH). NaN and Infinity are not JSON."""
        parsed = load_json(data)
        try:  # from_dict's body: one call less
            model: _M = cls._decode(cls, parsed, MAX_DEPTH)
        except ValidationError as e:
            raise depth_first(parsed, e) from None
        return model

    def to_json(self) -> str:
        """The JSON text of `to_dict()`; ValueError for a value JSON cannot hold (NaN)."""
        return json.dumps(
            self.to_dict(), ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )

    if TYPE_CHECKING:  # set after the class (no annotation: get_type_hints stays as it was)
        _request_id: Optional[str]
        """The `x-request-id` of the response a client call read this model from."""

    @classmethod
    def construct_as_sent(cls: Type[_M], data: Mapping[str, Any]) -> _M:
        """A model holding `data` as sent, unvalidated (nested values stay dicts and lists;
        fields are matched by their Python name, or it less a trailing `_`; absent ones are
        None): what a client with `strict_response_validation=False` keeps of an invalid
        body. Its `to_dict()` may fail; its attributes hold what was sent."""
        model: _M = object.__new__(cls)
        used: Set[str] = set()
        for item in dataclasses.fields(cast(Any, cls)):
            if item.name in ("_nulls", "_extra"):
                continue
            key = item.name if item.name in data else item.name.rstrip("_")
            used.add(key)
            object.__setattr__(model, item.name, data.get(key))
        object.__setattr__(model, "_nulls", -1)
        object.__setattr__(model, "_extra", {k: v for k, v in data.items() if k not in used})
        return model


def set_request_id(model: ModelBase, request_id: Optional[str]) -> None:
    """Set `model._request_id` (APIResponse.parse does, for the response it read)."""
    object.__setattr__(model, "_request_id", request_id)


# the default, set after the class (see above)
ModelBase._request_id = None  # pyright: ignore[reportPrivateUsage]
