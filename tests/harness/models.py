"""Checks over a pair of generated packages (the pydantic target, the dataclass target):
a document round-trips in both and they agree; a wrong document is refused in both with the
path of the offending field. Standard library + pytest."""

from __future__ import annotations

import copy
from types import ModuleType
from typing import Any, List, Tuple

import pytest

Targets = Tuple[ModuleType, ModuleType]


def both(pkgs: Targets, name: str, data: Any) -> List[Any]:
    """Parse `data` with the model `name` of both targets; check round trip and parity."""
    parsed = []
    for pkg in pkgs:
        obj = getattr(pkg, name).from_dict(copy.deepcopy(data))
        assert obj.to_dict() == data, pkg.__name__
        parsed.append(obj)
    assert parsed[0].to_dict() == parsed[1].to_dict()
    return parsed


def rejects(pkgs: Targets, name: str, data: Any, path: str) -> None:
    """Both targets refuse `data` with a ValueError whose `.path` is `path`."""
    for pkg in pkgs:
        with pytest.raises(ValueError) as info:
            getattr(pkg, name).from_dict(data)
        assert info.value.path == path, (pkg.__name__, str(info.value))
