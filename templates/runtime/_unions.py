"""How a union's decoders pick an arm that the JSON kind and the tag leave open: one rule,
shared by both targets (the pydantic target's dispatch functions and the dataclass target's
decoders call the same functions with the same facts, so they choose the same arm).

Object arms (`Arm`: the facts the generator read from each arm's schema):
1. an arm is a candidate when the object has every key the arm requires;
2. among the candidates, those whose const/enum properties the object contradicts least
   (a value the arm does not list; enums are open, so this only ranks);
3. in that set, the arm that knows most of the object's keys first, then document order;
4. the first one that validates wins; when none does, the first of them (or, with no
   candidate at all, the arm missing fewest required keys) is decoded and its error, naming
   the path, is raised.
A single candidate is not tried twice: decoding it either succeeds or raises its own error.

Several array arms (`first_valid`): the first arm whose items validate, in document order;
an empty array is the first array arm.
"""

from __future__ import annotations

from typing import (
    Any,
    Callable,
    Dict,
    FrozenSet,
    List,
    Mapping,
    NamedTuple,
    Sequence,
    Tuple,
    TypeVar,
    Union,
    cast,
)

__all__ = ["Arm", "choose", "encode", "first_valid", "pick"]

_T = TypeVar("_T")


class Arm(NamedTuple):
    """What the generator knows of one object arm of a union."""

    required: FrozenSet[str]
    """The keys the arm requires (present and not null)."""
    known: FrozenSet[str]
    """Every key the arm declares."""
    enums: Tuple[Tuple[str, Tuple[Union[str, int], ...]], ...] = ()
    """The values each const/enum property of the arm lists."""


def _contradictions(value: Mapping[str, Any], arm: Arm) -> int:
    count = 0
    for key, listed in arm.enums:
        found = value.get(key)
        if found is not None and found not in listed:
            count += 1
    return count


def choose(value: Mapping[str, Any], arms: Sequence[Arm], valid: Callable[[int], bool]) -> int:
    """The index of the arm `value` (a JSON object) decodes into; `valid(i)` says whether it
    validates as arm `i` (called only when several arms remain)."""
    keys = value.keys()
    ranked: List[Tuple[int, int, int, int]] = []  # (missing, contradicted, -known, index)
    for index, arm in enumerate(arms):
        missing = len(arm.required.difference(keys))
        ranked.append((missing, _contradictions(value, arm), -len(arm.known.intersection(keys)), index))
    ranked.sort()
    best = ranked[0]
    if best[0]:  # no arm has every key it requires: the closest one reports what is missing
        return best[3]
    candidates = [entry[3] for entry in ranked if entry[0] == 0 and entry[1] == best[1]]
    if len(candidates) > 1:
        for index in candidates:
            if valid(index):
                return index
    return candidates[0]


def _accepts(attempt: Callable[..., object], value: Any, extra: Tuple[Any, ...]) -> bool:
    try:
        attempt(value, *extra)
    except ValueError:  # both targets' validation errors are ValueErrors
        return False
    return True


def pick(
    value: Mapping[str, Any], arms: Sequence[Arm], attempts: Sequence[Callable[..., object]], *extra: Any
) -> int:
    """`choose`, where `attempts[i](value, *extra)` decodes (or validates) a value as arm `i`,
    raising a ValueError when it does not fit (`extra`: the dataclass decoders' room left)."""
    return choose(value, arms, lambda index: _accepts(attempts[index], value, extra))


def first_valid(value: List[Any], decoders: Sequence[Callable[..., _T]], *extra: Any) -> _T:
    """An array decoded by the first of several array arms that accepts it (each called as
    `decoder(value, *extra)`); when none does, the first arm's error (it names the item)."""
    error: Union[ValueError, None] = None
    for decode in decoders:
        try:
            return decode(value, *extra)
        except ValueError as exc:
            if error is None:
                error = exc
    assert error is not None, "a union has at least two array arms here"
    raise error


def encode(value: Any) -> Any:
    """The JSON of a decoded value whose arm is not known statically (one of several array
    arms): models by their `to_dict`, containers copied."""
    to_dict = getattr(value, "to_dict", None)
    if to_dict is not None:
        return to_dict()
    if type(value) is list:
        return [encode(item) for item in cast("List[object]", value)]
    if type(value) is dict:
        return {key: encode(item) for key, item in cast("Dict[str, object]", value).items()}
    return value
