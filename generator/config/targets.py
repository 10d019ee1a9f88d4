"""The `targets:` section: which packages to emit, each a valid, importable, new name."""

from __future__ import annotations

import keyword
from typing import Optional

from ..diagnostics import Pos
from ..reader import Located, Reader
from ..source import MapNode, Node, SeqNode
from .model import PACKAGE, SHADOWED_MODULES, TARGET_KINDS, TargetConfig


def read_targets(r: Reader, root: MapNode) -> list[TargetConfig]:
    node = root.get("targets")
    if node is None:
        r.diags.error(root.pos, "config needs 'targets' (a list of {kind, package})")
        return []
    if not isinstance(node, SeqNode) or not node.items:
        r.diags.error(node.pos, "'targets' must be a non-empty list")
        return []
    seen: dict[str, Pos] = {}
    targets: list[TargetConfig] = []
    for item in node:
        target = _target(r, item, seen)
        if target is not None:
            seen[target.package] = target.pos
            targets.append(target)
    return targets


def _target(r: Reader, item: Node, seen: dict[str, Pos]) -> Optional[TargetConfig]:
    m = r.map(item, "a target")
    if m is None:
        return None
    r.known_keys(m, ("kind", "package"), "a target")
    kind = r.text(m, "kind")
    package = r.text(m, "package")
    if kind is None or package is None:
        if "kind" not in m or "package" not in m:
            r.diags.error(m.pos, "a target needs 'kind' and 'package'")
        return None
    if kind.value not in TARGET_KINDS:
        r.diags.error(kind.pos, f"unknown target kind {kind.value!r} (known: {', '.join(TARGET_KINDS)})")
        return None
    problem = package_problem(package, seen)
    if problem is not None:
        r.diags.error(package.pos, problem)
        return None
    return TargetConfig(kind.value, package.value, m.pos)


def package_problem(package: Located[str], seen: dict[str, Pos]) -> Optional[str]:
    """Why a package name cannot be emitted, or None."""
    name = package.value
    if not PACKAGE.fullmatch(name) or keyword.iskeyword(name):
        return (
            f"package name {name!r} is not a valid Python package name"
            " (lower-case letters, digits and underscores, not a keyword)"
        )
    if name.startswith("__") and name.endswith("__"):
        return f"package name {name!r} is reserved by Python (a dunder name)"
    if name in SHADOWED_MODULES:
        return (
            f"package name {name!r} would shadow the module of that name"
            " (the standard library, a runtime dependency or the generator)"
        )
    if name in seen:
        return f"package {name!r} is emitted by two targets"
    return None
