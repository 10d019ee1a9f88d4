"""The import block of a generated module, computed from the names it uses and printed sorted
as isort (and ruff's `I` rules, default settings) would: `__future__`, standard library,
third party, then the package's own modules; in each section `import x` before
`from x import ...`, modules case-insensitively, the names of one import as CONSTANTS,
Classes, functions; an `as` import on a line of its own.
"""

from __future__ import annotations

import sys
from typing import Iterable, Optional

from .annotate import Name

FUTURE = "__future__"


def isort_order(names: Iterable[str]) -> tuple[str, ...]:
    """Names as isort (and ruff's `I`) order them in one import: CONSTANTS, Classes, functions."""

    def key(n: str) -> tuple[int, str, str]:
        return (0 if n.isupper() and len(n) > 1 else 1 if n[:1].isupper() else 2, n.lower(), n)

    return tuple(sorted(set(names), key=key))


def _section(module: str) -> int:
    if module == FUTURE:
        return 0
    if module.startswith("."):
        return 3
    return 1 if module.split(".")[0] in sys.stdlib_module_names else 2


class Imports:
    """What one module imports. `own` is the module being rendered (`.models`): names from it
    and local names (module "") need no import."""

    def __init__(self, own: str = "") -> None:
        self.own = own
        self.modules: set[str] = set()  # `import x`
        self.names: dict[str, set[str]] = {}  # `from x import a, b`
        self.aliased: set[tuple[str, str, str]] = set()  # `from x import a as b`

    def need(self, names: Iterable[Name]) -> Imports:
        for n in names:
            if n.name:
                self.add(n.module, n.name)
            else:
                self.add(n.module)
        return self

    def add(self, module: str, *names: str, alias: Optional[str] = None) -> Imports:
        """`from module import names`; no names: `import module`; `alias`: `... as alias`."""
        if module in ("", self.own):
            return self
        if not names:
            self.modules.add(module)
        elif alias is not None:
            self.aliased.update((module, n, alias) for n in names)
        else:
            self.names.setdefault(module, set()).update(names)
        return self

    def render(self) -> str:
        """The block: sections separated by one blank line, no blank line around it."""
        sections: dict[int, list[tuple[tuple[int, str, str], str]]] = {}
        for module in self.modules:
            sections.setdefault(_section(module), []).append(((0, module.lower(), ""), f"import {module}"))
        for module, names in self.names.items():
            line = f"from {module} import {', '.join(isort_order(names))}"
            sections.setdefault(_section(module), []).append(((1, _module_key(module), ""), line))
        for module, name, alias in self.aliased:
            line = f"from {module} import {name} as {alias}"
            member = isort_order([name])[0]
            key = (1, _module_key(module), f"{_member_rank(member)}{member.lower()}")
            sections.setdefault(_section(module), []).append((key, line))
        return "\n\n".join("\n".join(line for _, line in sorted(sections[s])) for s in sorted(sections))


def _module_key(module: str) -> str:
    # relative modules: `from . import x` sorts before `from ._base import y`
    return module.lower()


def _member_rank(name: str) -> str:
    return "0" if name.isupper() and len(name) > 1 else "1" if name[:1].isupper() else "2"
