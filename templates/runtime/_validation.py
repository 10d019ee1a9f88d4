"""`ValidationError`: the exception both targets raise for data that does not fit the schema."""

from __future__ import annotations

from typing import List, Tuple, Union

__all__ = ["Location", "ValidationError", "format_path"]

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
