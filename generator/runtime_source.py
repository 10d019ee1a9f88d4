"""Where the templates are, and what the runtime modules copied into every package export:
read from their source (`__all__`), so the generator keeps no second list of their names."""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

# templates/ at the top of a checkout; inside the package when installed (pyproject.toml)
_INSTALLED_TEMPLATES = Path(__file__).resolve().parent / "templates"
_CHECKOUT_TEMPLATES = _INSTALLED_TEMPLATES.parent.parent / "templates"
TEMPLATES = _INSTALLED_TEMPLATES if _INSTALLED_TEMPLATES.is_dir() else _CHECKOUT_TEMPLATES


@lru_cache(maxsize=None)
def exports(module: str) -> tuple[str, ...]:
    """`__all__` of templates/runtime/<module>.py, a list of string literals (not run: parsed)."""
    path = TEMPLATES / "runtime" / f"{module}.py"
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            names = ast.literal_eval(node.value)
            if isinstance(names, list) and all(isinstance(n, str) for n in names):
                return tuple(names)
    raise LookupError(f"{path}: no `__all__` list of names")


def public_classes(module: str) -> tuple[str, ...]:
    """The class names (capitalised) among a runtime module's exports."""
    return tuple(name for name in exports(module) if name[:1].isupper())
