"""One change to the generated API, and how its direction decides whether it breaks callers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# request: callers write it, the server reads it; response: the server writes, callers read.
# both: an alias used on both sides (or on none): a change breaks if it breaks either side.
Side = Literal["request", "response", "both"]
# widened: more values are now possible; narrowed: fewer; changed: neither (a different type);
# opened: more values where the generated code already keeps unknown ones (open enums and
# tagged unions on the response side); note: nothing changes for the types callers see.
Verdict = Literal["widened", "narrowed", "changed", "opened", "note"]


def breaks(verdict: Verdict, side: Side) -> bool:
    """Whether a change of this kind on this side breaks callers of the generated code."""
    if verdict in ("opened", "note"):
        return False
    if verdict == "changed" or side == "both":
        return True
    return verdict == ("narrowed" if side == "request" else "widened")


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029]}


@dataclass(frozen=True, order=True)
class Change:
    """One line of the report: `location: message`, breaking or compatible for callers."""

    breaking: bool
    location: str  # e.g. `Run.status`, `client.beta.threads.runs.create(limit)`, `RunStatus`
    message: str
    kind: str  # machine-readable: operation-removed, field-added, type-changed, enum-value-added...
    side: Side

    def to_json(self) -> dict[str, object]:
        return {
            "breaking": self.breaking,
            "kind": self.kind,
            "location": self.location,
            "side": self.side,
            "message": self.message,
        }

    def __str__(self) -> str:
        # one line per change, whatever names and paths the spec holds
        return f"{self.location}: {self.message}".translate(_CONTROL)


@dataclass
class Scope:
    """Where changes are found (a model, an operation's arguments or result) and on which
    side; collects the changes found there."""

    name: str
    side: Side
    call: bool = False  # an operation's arguments: `name(arg)` instead of `name.field`
    changes: list[Change] = field(default_factory=list)

    def at(self, where: str) -> str:
        if self.call:
            return f"{self.name}({where})"
        if not where:
            return self.name
        return f"{self.name}{where}" if where.startswith(("[", "{", "<", " ")) else f"{self.name}.{where}"

    def add(self, where: str, kind: str, message: str, verdict: Verdict) -> None:
        self.changes.append(Change(breaks(verdict, self.side), self.at(where), message, kind, self.side))

    def add_breaking(self, where: str, kind: str, message: str, breaking: bool) -> None:
        self.changes.append(Change(breaking, self.at(where), message, kind, self.side))
