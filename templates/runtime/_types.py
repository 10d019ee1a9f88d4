"""Types of the client API: `NOT_GIVEN` (an option left out), `Omit` (a header removed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Dict, List, Literal, Optional, Tuple, Union, cast

__all__ = ["NOT_GIVEN", "Body", "Headers", "NotGiven", "Omit", "Query"]


class NotGiven:
    """The default of an option for which None means something (`timeout=None`: no timeout)."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


class Omit:
    """A header value that removes the header: `extra_headers={"Authorization": Omit()}`."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "Omit()"


Headers = Mapping[str, Union[str, Omit]]
"""Request headers: later layers win (names compared case-insensitively); `Omit()` removes one."""

Query = Mapping[str, object]
"""Query parameters: a list or tuple value repeats the name; None leaves the name out."""

Body = Mapping[str, object]
"""A JSON object sent as the request body."""


# JSON values narrowed with isinstance keep their element types unknown to a type checker;
# these name them `object` (then narrowed again where used).


def json_object(value: object) -> Optional[Dict[str, object]]:
    """`value` when it is a dict (a JSON object, its keys strings), else None."""
    return cast("Dict[str, object]", value) if isinstance(value, dict) else None


def json_array(value: object) -> Optional[List[object]]:
    """`value` when it is a list, else None."""
    return cast("List[object]", value) if isinstance(value, list) else None


def any_mapping(value: object) -> Optional[Mapping[object, object]]:
    """`value` when it is a Mapping (of any keys), else None."""
    return cast("Mapping[object, object]", value) if isinstance(value, Mapping) else None


def any_tuple(value: object) -> Optional[Tuple[object, ...]]:
    """`value` when it is a tuple, else None."""
    return cast("Tuple[object, ...]", value) if isinstance(value, tuple) else None
