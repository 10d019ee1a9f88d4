"""The `operations:` section: operationId -> method path on the client's resource tree; and
`overrides:`, the same per-operation options when every operation is generated (no
`operations:`): `method` optional there, nothing left out."""

from __future__ import annotations

from typing import Optional

from ..reader import Located, Reader, scalar_text
from ..source import MapNode, Node, ScalarNode
from .model import (
    CLIENT_MEMBERS,
    HEADER_NAME,
    RESOURCE_MEMBERS,
    OperationConfig,
    PollerConfig,
    StreamConfig,
    identifier,
)

POLLER_KEYS = ("method", "status", "until", "interval_header", "interval_ms")


def read_operations(r: Reader, root: MapNode) -> list[OperationConfig]:
    node = r.map(root.get("operations"), "'operations'")
    if node is None:  # absent: every operation is generated, named from its path
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


def read_overrides(r: Reader, root: MapNode) -> list[OperationConfig]:
    """`overrides:` operationId -> the keys an `operations:` entry takes, `method` optional
    (absent: the name from the path). Only beside a config without `operations:`; whether
    each operationId is in the document is checked when the document is lowered."""
    node = r.map(root.get("overrides"), "'overrides'")
    if node is None:
        return []
    if "operations" in root:
        r.diags.error(
            root.key_pos["overrides"],
            "'overrides' is for a config without 'operations' (every operation generated):"
            " put these options in the 'operations' entries instead",
        )
        return []
    overrides: list[OperationConfig] = []
    seen: dict[tuple[str, ...], str] = {}
    for op_id, value in node.items():
        operation = _operation(r, op_id, value, node, seen, method_required=False)
        if operation is not None:
            if operation.method_path:
                seen[operation.method_path] = op_id
            overrides.append(operation)
    return overrides


def _operation(
    r: Reader,
    op_id: str,
    value: Node,
    parent: MapNode,
    seen: dict[tuple[str, ...], str],
    method_required: bool = True,
) -> Optional[OperationConfig]:
    if isinstance(value, ScalarNode) and isinstance(value.value, str):
        entry: Optional[MapNode] = MapNode(value.pos, {"method": value}, {"method": value.pos})
    else:
        entry = r.map(value, f"operation {op_id!r}")
    if entry is None:
        return None
    r.known_keys(entry, OPERATION_KEYS, f"operation {op_id!r}")
    method = r.text(entry, "method")
    parts: tuple[str, ...] = ()
    if method is None:
        if "method" not in entry and method_required:
            r.diags.error(entry.pos, f"operation {op_id!r} needs 'method' (e.g. beta.threads.runs.cancel)")
        if "method" in entry or method_required:
            return None
    else:
        parts = tuple(method.value.split("."))
        problem = _method_problem(method, parts, seen, op_id)
        if problem is not None:
            r.diags.error(method.pos, problem)
            return None
    deprecated = r.boolean(entry, "deprecated", "'deprecated' must be true or false")
    message = r.text(entry, "deprecation_message")
    poll = entry.get("poll")
    return OperationConfig(
        op_id,
        parts,
        deprecated.value if deprecated is not None else None,
        message.value if message is not None else "",
        parent.key_pos[op_id],
        poller=_poller(r, poll) if isinstance(poll, MapNode) else None,
        poll_helper=_poll_helper(r, poll) if poll is not None and not isinstance(poll, MapNode) else None,
        poll_pos=poll.pos if poll is not None else None,
        stream=read_stream(r, entry, op_id),
        binary_response=read_binary_response(r, entry),
    )


OPERATION_KEYS = ("method", "deprecated", "deprecation_message", "poll", "stream", "response")


def read_stream(r: Reader, entry: MapNode, op_id: str) -> Optional[StreamConfig]:
    """`stream: {param: stream, events: SCHEMA}` (param defaults to `stream`)."""
    node = r.map(entry.get("stream"), f"operation {op_id!r}: 'stream'")
    if node is None:
        return None
    r.known_keys(node, ("param", "events"), f"operation {op_id!r}: 'stream'")
    param = r.text(node, "param")
    events = r.text(node, "events")
    if events is None:
        if "events" not in node:
            r.diags.error(node.pos, "'stream' needs 'events': the schema of one event, under components/schemas")
        return None
    return StreamConfig(param.value if param else "stream", events.value, (param or events).pos, events.pos)


def read_binary_response(r: Reader, entry: MapNode) -> bool:
    """`response: binary`: the success body is returned as bytes whatever its media type."""
    response = r.text(entry, "response")
    if response is None:
        return False
    if response.value != "binary":
        r.diags.error(response.pos, "'response' must be 'binary' (a download the document declares as JSON)")
        return False
    return True


def _poll_helper(r: Reader, node: Node) -> Optional[str]:
    """`poll: create_and_poll`: the name of a method that calls this operation, then polls."""
    name = scalar_text(node)
    if name is None or not identifier(name) or name.startswith("_") or name in RESOURCE_MEMBERS:
        r.diags.error(node.pos, "'poll' must be a method name (e.g. create_and_poll) or a poller mapping")
        return None
    return name


def _poller(r: Reader, node: MapNode) -> Optional[PollerConfig]:
    """`poll: {method: poll, status: status, until: [...], interval_header: ..., interval_ms: 1000}`."""
    r.known_keys(node, POLLER_KEYS, "'poll'")
    method, status = r.text(node, "method"), r.text(node, "status")
    until = _texts(r, node.get("until"))
    if method is None or status is None or not until:
        r.diags.error(node.pos, "a poller needs 'method', 'status' and a non-empty 'until' list of statuses")
        return None
    if not identifier(method.value) or method.value.startswith("_") or method.value in RESOURCE_MEMBERS:
        r.diags.error(method.pos, f"poll method {method.value!r} is not a Python identifier")
        return None
    header = r.text(node, "interval_header")
    if header is not None and not HEADER_NAME.fullmatch(header.value):
        r.diags.error(header.pos, f"{header.value!r} is not a valid HTTP header name")
        header = None
    interval = r.integer(node, "interval_ms", "interval_ms must be a positive integer (milliseconds)")
    if interval is not None and not 0 < interval.value <= 3_600_000:
        r.diags.error(interval.pos, "interval_ms must be a positive integer (milliseconds), at most an hour")
        interval = None
    return PollerConfig(
        method.value,
        status.value,
        until,
        header.value if header is not None else None,
        interval.value if interval is not None else 1000,
        node.pos,
    )


def _texts(r: Reader, node: Optional[Node]) -> tuple[str, ...]:
    seq = r.seq(node, "'until' must be a list of status values")
    out: list[str] = []
    for item in seq if seq is not None else ():
        text = scalar_text(item)
        if not text:
            r.diags.error(item.pos, "a status value must be a non-empty string")
        elif text not in out:
            out.append(text)
    return tuple(out)


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
