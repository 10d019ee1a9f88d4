"""Types of the client API: `NOT_GIVEN` (an option left out), `Omit` (a header removed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, Union

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
