"""Problems found in the input, reported together as `FILE:LINE:COL: message` lines.

Every stage collects problems into a `Diagnostics` instead of raising from deep inside;
the CLI prints them all and exits 2. `SpecError` is raised only to stop a stage whose
later work depends on input that failed (it carries everything collected so far).
Warnings (`FILE:LINE:COL: warning: message`) name what the generator accepted but read
leniently; they never change the exit code.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Pos:
    """A 1-based position in an input file."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Problem:
    pos: Pos
    message: str

    def __str__(self) -> str:
        # One line per problem, whatever the spec's text holds.
        text = " ".join(self.message.split())
        return f"{self.pos}: {text}"


@dataclass
class Diagnostics:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, pos: Pos, message: str) -> None:
        problem = Problem(pos, message)
        if problem not in self.problems:
            self.problems.append(problem)

    def warn(self, pos: Pos, message: str) -> None:
        warning = Problem(pos, f"warning: {message}")
        if warning not in self.warnings:
            self.warnings.append(warning)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise SpecError(self.problems)


class SpecError(Exception):
    """The input is invalid; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = sorted(problems, key=lambda p: (p.pos, p.message))
