"""Polling helpers declared in config (`poll:` on operations), checked against the IR.

A retrieve operation with `poll: {method, status, until, ...}` gets a `Poller`: a method
beside it that calls it until the result's status is one of `until`. An operation with
`poll: NAME` gets a `PollHelper`: a method that calls it, then polls what it returned with
the poller that retrieves the same model, each of the poller's path arguments taken from
the result (its positional one from `id`, the others from the attribute of the same name).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from .. import ir
from ..config import OperationConfig
from ..diagnostics import Diagnostics, Pos


@dataclass(frozen=True)
class _Found:
    poller: ir.Poller
    operation: ir.Operation
    path: tuple[str, ...]  # from the client to the poller method


def attach_polling(
    op_configs: list[OperationConfig],
    operations: list[ir.Operation],
    resources: tuple[ir.Resource, ...],
    models: dict[str, ir.ObjectModel],
    diags: Diagnostics,
) -> tuple[list[ir.Operation], tuple[ir.Resource, ...]]:
    """The operations and the resource tree with pollers and poll helpers set (problems
    reported); `models` with their final attribute names."""
    by_id = {op.operation_id: op for op in operations}
    configs = {c.operation_id: c for c in op_configs if c.operation_id in by_id}
    pollers: dict[str, _Found] = {}
    for op_id, c in configs.items():
        if c.poller is not None:
            poller = _poller(c, by_id[op_id], models, diags)
            if poller is not None:
                by_id[op_id] = replace(by_id[op_id], poller=poller)
                model = _result_model(by_id[op_id])
                assert model is not None  # _poller checked it
                pollers[model] = _Found(poller, by_id[op_id], c.method_path[:-1] + (poller.py_name,))
    for op_id, c in configs.items():
        if c.poll_helper is not None:
            helper = _helper(c, by_id[op_id], pollers, models, diags)
            if helper is not None:
                by_id[op_id] = replace(by_id[op_id], poll_helper=helper)
    _check_names(op_configs, by_id, diags)
    return [by_id[op.operation_id] for op in operations], _with_operations(resources, by_id)


def _with_operations(resources: tuple[ir.Resource, ...], by_id: dict[str, ir.Operation]) -> tuple[ir.Resource, ...]:
    return tuple(
        replace(
            r,
            operations=tuple(by_id.get(op.operation_id, op) for op in r.operations),
            children=_with_operations(r.children, by_id),
        )
        for r in resources
    )


def _result_model(op: ir.Operation) -> Optional[str]:
    return op.response.name if isinstance(op.response, ir.ModelRef) else None


def _poller(
    c: OperationConfig, op: ir.Operation, models: dict[str, ir.ObjectModel], diags: Diagnostics
) -> Optional[ir.Poller]:
    spec = c.poller
    assert spec is not None
    model = models.get(_result_model(op) or "")
    if op.method != "GET" or model is None or op.pagination is not None:
        diags.error(spec.pos, f"poll: {c.operation_id!r} is no GET operation returning one model")
        return None
    if any(p.required and p.location != "path" for p in op.params) or op.body is not None:
        diags.error(spec.pos, f"poll: {c.operation_id!r} takes more than path parameters")
        return None
    status = next((f for f in model.fields if f.json_name == spec.status), None)
    if status is None:
        diags.error(spec.pos, f"poll: {model.name!r} has no field {spec.status!r}")
        return None
    # `until` may name statuses this document does not list: enums are open, and an older
    # edition of a document lacks the newer terminal statuses (OpenAI's `incomplete`)
    return ir.Poller(spec.method, status.py_name, spec.until, spec.interval_header, spec.interval_ms)


def _helper(
    c: OperationConfig,
    op: ir.Operation,
    pollers: dict[str, _Found],
    models: dict[str, ir.ObjectModel],
    diags: Diagnostics,
) -> Optional[ir.PollHelper]:
    assert c.poll_helper is not None and c.poll_pos is not None
    model_name = _result_model(op)
    found = pollers.get(model_name or "")
    if model_name is None or found is None:
        diags.error(c.poll_pos, f"poll: no operation with a poller retrieves what {c.operation_id!r} returns")
        return None
    fields = {f.json_name: f.py_name for f in models[model_name].fields if f.must_be_present}
    arguments: list[tuple[str, str]] = []
    params = found.operation.path_params
    for param in [p for p in params if p.positional] + [p for p in params if not p.positional]:
        source = "id" if param.positional else param.json_name
        if source not in fields:
            diags.error(c.poll_pos, f"poll: {model_name!r} has no required field {source!r} for {param.py_name!r}")
            return None
        arguments.append((param.py_name, fields[source]))
    return ir.PollHelper(c.poll_helper, found.path, tuple(arguments))


def _check_names(op_configs: list[OperationConfig], by_id: dict[str, ir.Operation], diags: Diagnostics) -> None:
    """A poller or helper may not take the name of a method or resource beside it."""
    taken: dict[tuple[str, ...], Pos] = {}
    for c in op_configs:
        taken[c.method_path] = c.pos
        for n in range(1, len(c.method_path)):
            taken.setdefault(c.method_path[:n], c.pos)
    for c in op_configs:
        op = by_id.get(c.operation_id)
        names = [x.py_name for x in (op.poller, op.poll_helper) if x is not None] if op else []
        for name in names:
            path = c.method_path[:-1] + (name,)
            if path in taken:
                assert c.poll_pos is not None
                diags.error(c.poll_pos, f"poll: {'.'.join(path)!r} is already a method or resource")
            taken[path] = c.poll_pos or c.pos
