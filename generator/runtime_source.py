"""Where the templates are, and what the runtime modules copied into every package export and
fix: read from their source (`__all__`, constants), so the generator keeps no second copy."""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

# templates/ at the top of a checkout; inside the package when installed (pyproject.toml)
_INSTALLED_TEMPLATES = Path(__file__).resolve().parent / "templates"
_CHECKOUT_TEMPLATES = _INSTALLED_TEMPLATES.parent.parent / "templates"
TEMPLATES = _INSTALLED_TEMPLATES if _INSTALLED_TEMPLATES.is_dir() else _CHECKOUT_TEMPLATES


@lru_cache(maxsize=None)
def _literal(module: str, name: str) -> object:
    """The literal value assigned to `name` at the top of templates/runtime/<module>.py
    (parsed, not run)."""
    path = TEMPLATES / "runtime" / f"{module}.py"
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise LookupError(f"{path}: no `{name} = <literal>`")


def exports(module: str) -> tuple[str, ...]:
    """`__all__` of a runtime module, a list of names."""
    names = _literal(module, "__all__")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise LookupError(f"templates/runtime/{module}.py: `__all__` is no list of names")
    return tuple(names)


def integer(module: str, name: str) -> int:
    """An integer constant of a runtime module (`MAX_DEPTH` of _validation)."""
    value = _literal(module, name)
    if not isinstance(value, int):
        raise LookupError(f"templates/runtime/{module}.py: `{name}` is no integer")
    return value


def public_classes(module: str) -> tuple[str, ...]:
    """The class names (capitalised) among a runtime module's exports."""
    return tuple(name for name in exports(module) if name[:1].isupper())
