"""The `operations:` section: operationId -> method path on the client's resource tree."""

from __future__ import annotations

from typing import Optional

from ..reader import Located, Reader
from ..source import MapNode, Node, ScalarNode
from .model import CLIENT_MEMBERS, RESOURCE_MEMBERS, OperationConfig, identifier


def read_operations(r: Reader, root: MapNode) -> list[OperationConfig]:
    node = r.map(root.get("operations"), "'operations'")
    if node is None:
        if "operations" not in root:
            r.diags.error(root.pos, "config needs 'operations' (operationId: {method: a.b.c})")
        return []
    if not node.entries:
        r.diags.error(node.pos, "'operations' is empty: map at least one operationId to a method")
    operations: list[OperationConfig] = []
    seen: dict[tuple[str, ...], str] = {}
    for op_id, value in node.items():
        operation = _operation(r, op_id, value, node, seen)
        if operation is not None:
            seen[operation.method_path] = op_id
            operations.append(operation)
    _check_prefixes(r, operations)
    return operations


def _operation(
    r: Reader, op_id: str, value: Node, parent: MapNode, seen: dict[tuple[str, ...], str]
) -> Optional[OperationConfig]:
    if isinstance(value, ScalarNode) and isinstance(value.value, str):
        entry: Optional[MapNode] = MapNode(value.pos, {"method": value}, {"method": value.pos})
    else:
        entry = r.map(value, f"operation {op_id!r}")
    if entry is None:
        return None
    r.known_keys(entry, ("method", "deprecated", "deprecation_message"), f"operation {op_id!r}")
    method = r.text(entry, "method")
    if method is None:
        if "method" not in entry:
            r.diags.error(entry.pos, f"operation {op_id!r} needs 'method' (e.g. beta.threads.runs.cancel)")
        return None
    parts = tuple(method.value.split("."))
    problem = _method_problem(method, parts, seen, op_id)
    if problem is not None:
        r.diags.error(method.pos, problem)
        return None
    deprecated = r.boolean(entry, "deprecated", "'deprecated' must be true or false")
    message = r.text(entry, "deprecation_message")
    return OperationConfig(
        op_id,
        parts,
        deprecated.value if deprecated is not None else None,
        message.value if message is not None else "",
        parent.key_pos[op_id],
    )


def _method_problem(
    method: Located[str], parts: tuple[str, ...], seen: dict[tuple[str, ...], str], op_id: str
) -> Optional[str]:
    """Why a method path cannot name a method of the generated client, or None."""
    text = method.value
    bad = [p for p in parts if not identifier(p) or p.startswith("_")]
    if bad:
        return (
            f"method path {text!r}: {bad[0]!r} is not a Python identifier"
            " (letters, digits and underscores, no leading underscore, not a keyword)"
        )
    if len(parts) < 2:
        return f"method path {text!r} needs a resource and a method (e.g. things.{text})"
    clash = [p for p in parts if p in RESOURCE_MEMBERS] or [p for p in parts[:1] if p in CLIENT_MEMBERS]
    if clash:
        return f"method path {text!r}: {clash[0]!r} is already an attribute of the generated client"
    if parts in seen:
        return f"operations {seen[parts]!r} and {op_id!r} are both mapped to {text!r}"
    return None


def _check_prefixes(r: Reader, operations: list[OperationConfig]) -> None:
    """A method path may not also be a resource (a.b as a method and a.b.c as another)."""
    resources = {op.method_path[:n] for op in operations for n in range(1, len(op.method_path))}
    for op in operations:
        if op.method_path in resources:
            r.diags.error(op.pos, f"{'.'.join(op.method_path)!r} is both a method and a resource")
