"""Compare two packages: operations (by method on the client tree), their arguments and
results, models, params TypedDicts and type aliases (by the names callers import)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional, Sequence, Union

from .. import ir
from .changes import Change, Scope, Side, Verdict
from .types import aliases_in, compare_type, describe, unaliased

AnyField = Union[ir.Field, ir.ParamsField]


@dataclass(frozen=True)
class Argument:
    """What a caller passes: a path/query/header parameter or a request-body field; callers
    cannot tell them apart, so a parameter moving into the body is no change for them."""

    name: str
    type: ir.TypeRef
    required: bool
    nullable: bool
    positional: bool
    deprecated: bool


def diff_packages(old: ir.Package, new: ir.Package) -> list[Change]:
    """Every change from `old` to `new`, breaking ones first, then by location."""
    changes: list[Change] = []
    changes += _diff_operations(old, new)
    changes += _diff_declarations(old, new)
    return sorted(set(changes), key=lambda c: (not c.breaking, c.location, c.message))


# --- operations --------------------------------------------------------------------------


def _method_paths(package: ir.Package) -> dict[str, ir.Operation]:
    """`client.beta.threads.runs.cancel` -> its operation."""
    found: dict[str, ir.Operation] = {}

    def walk(resource: ir.Resource, prefix: str) -> None:
        path = f"{prefix}.{resource.attr}"
        for op in resource.operations:
            found[f"{path}.{op.py_name}"] = op
        for child in resource.children:
            walk(child, path)

    for resource in package.resources:
        walk(resource, "client")
    placed = {id(op) for op in found.values()}
    for op in package.operations:  # an operation outside the tree is named by its method
        if id(op) not in placed:
            found.setdefault(f"client.{op.py_name}", op)
    return found


def _diff_operations(old: ir.Package, new: ir.Package) -> list[Change]:
    old_ops, new_ops = _method_paths(old), _method_paths(new)
    scope = Scope("", "request")
    for path in new_ops.keys() - old_ops.keys():
        Scope(f"{path}()", "response", changes=scope.changes).add(
            "", "operation-added", "operation added", "opened"
        )
    for path in old_ops.keys() - new_ops.keys():
        Scope(f"{path}()", "request", changes=scope.changes).add(
            "", "operation-removed", "operation removed", "changed"
        )
    for path in old_ops.keys() & new_ops.keys():
        _diff_operation(path, old_ops[path], new_ops[path], scope.changes)
    return scope.changes


def _diff_operation(path: str, old: ir.Operation, new: ir.Operation, changes: list[Change]) -> None:
    here = Scope(f"{path}()", "response", changes=changes)
    if (old.method, old.path) != (new.method, new.path):
        here.add("", "endpoint-changed", f"now {new.method} {new.path} (was {old.method} {old.path})", "note")
    if new.deprecated and not old.deprecated:
        here.add("", "deprecated", _deprecation(new.deprecation_message), "note")
    if old.deprecated and not new.deprecated:
        here.add("", "undeprecated", "no longer deprecated", "note")
    _diff_result(old, new, Scope(f"{path}() result", "response", changes=changes))
    _diff_arguments(_arguments(old), _arguments(new), Scope(path, "request", call=True, changes=changes))


def _deprecation(message: str) -> str:
    return f"now deprecated: {' '.join(message.split())}" if message else "now deprecated"


def _diff_result(old: ir.Operation, new: ir.Operation, scope: Scope) -> None:
    if (old.pagination is None) != (new.pagination is None):
        paged = "now returns pages" if new.pagination is not None else "no longer returns pages"
        scope.add("", "type-changed", f"{paged}: {_result(old)} -> {_result(new)}", "changed")
        return
    if old.response is None or new.response is None:
        if old.response != new.response:
            # a result where there was none: code that ignored it still works
            verdict: Verdict = "narrowed" if old.response is None else "changed"
            scope.add("", "type-changed", f"type changed: {_result(old)} -> {_result(new)}", verdict)
        return
    compare_type(old.response, new.response, scope, "")


def _result(op: ir.Operation) -> str:
    if op.pagination is not None:
        return f"page of {describe(op.pagination.item)}"
    return describe(op.response)


def _arguments(op: ir.Operation) -> dict[str, Argument]:
    args = {p.py_name: Argument(p.py_name, p.type, p.required, False, p.positional, False) for p in op.params}
    for f in op.body_fields:
        args[f.py_name] = Argument(f.py_name, f.type, f.required, f.nullable, False, f.deprecated)
    return args


def _diff_arguments(old: dict[str, Argument], new: dict[str, Argument], scope: Scope) -> None:
    old_positional = [a.name for a in old.values() if a.positional]
    new_positional = [a.name for a in new.values() if a.positional]
    if old_positional != new_positional:
        message = (
            f"positional arguments changed: ({', '.join(old_positional)}) -> ({', '.join(new_positional)})"
        )
        scope.add("", "signature-changed", message, "changed")
    for name, arg in new.items():
        if name not in old:
            kind = "required" if arg.required else "optional"
            scope.add_breaking(name, "argument-added", f"{kind} argument added", arg.required)
    for name, arg in old.items():
        if name not in new:
            scope.add(name, "argument-removed", "argument removed", "changed")
        else:
            _diff_member(arg, new[name], scope, "argument")


# --- fields, arguments: presence, nullability, type, deprecation --------------------------


def _diff_member(
    old: Union[Argument, AnyField], new: Union[Argument, AnyField], scope: Scope, what: str
) -> None:
    """One field or argument present on both sides."""
    where = old.json_name if isinstance(old, (ir.Field, ir.ParamsField)) else old.name
    if scope.side == "response":
        _diff_read_presence(old, new, scope, where)
    else:
        if new.required and not old.required:
            scope.add(where, "now-required", f"{what} now required", "narrowed")
        if old.required and not new.required:
            scope.add(where, "now-optional", f"{what} now optional", "widened")
        if new.nullable and not old.nullable:
            scope.add(where, "now-nullable", f"{what} now accepts None", "widened")
        if old.nullable and not new.nullable:
            scope.add(where, "now-not-nullable", f"{what} no longer accepts None", "narrowed")
    if new.deprecated and not old.deprecated:
        scope.add(where, "deprecated", f"{what} now deprecated", "note")
    compare_type(old.type, new.type, scope, where)


def _diff_read_presence(
    old: Union[AnyField, Argument], new: Union[AnyField, Argument], scope: Scope, where: str
) -> None:
    """A field a caller reads: its attribute is Optional unless required and not nullable,
    so readers notice only when that stops holding."""
    loses = old.required and not old.nullable and not (new.required and not new.nullable)
    widened: Verdict = "widened" if loses else "note"
    reads = " (may now read None)" if loses else " (already read None when absent)"
    if new.nullable and not old.nullable:
        scope.add(where, "now-nullable", f"field now nullable{reads}", widened)
    if old.nullable and not new.nullable:
        scope.add(where, "now-not-nullable", "field no longer nullable", "narrowed")
    if old.required and not new.required:
        scope.add(where, "now-optional", f"field no longer required{reads}", widened)
    if new.required and not old.required:
        scope.add(where, "now-required", "field now required", "narrowed")


def _diff_fields(old: Sequence[AnyField], new: Sequence[AnyField], scope: Scope) -> None:
    old_by, new_by = {f.json_name: f for f in old}, {f.json_name: f for f in new}
    for name, f in new_by.items():
        if name not in old_by:
            kind = "required" if f.required else "optional"
            # readers get one more attribute; writers of a TypedDict must now give the key
            breaking = scope.side != "response" and f.required
            scope.add_breaking(name, "field-added", f"{kind} field added", breaking)
    for name in old_by.keys() - new_by.keys():
        scope.add(name, "field-removed", "field removed", "changed")
    for name in old_by.keys() & new_by.keys():
        o, n = old_by[name], new_by[name]
        if o.py_name != n.py_name:
            scope.add(name, "renamed", f"attribute renamed: {o.py_name} -> {n.py_name}", "changed")
        _diff_member(o, n, scope, "field")


# --- declarations ------------------------------------------------------------------------


def _diff_declarations(old: ir.Package, new: ir.Package) -> list[Change]:
    changes: list[Change] = []
    _diff_named(old.models, new.models, "model", "response", changes)
    _diff_named(old.params_types, new.params_types, "params", "request", changes)
    sides = _alias_sides(new)
    old_aliases, new_aliases = _aliases(old), _aliases(new)
    for name in sorted(new_aliases.keys() - old_aliases.keys()):
        Scope(name, "response", changes=changes).add("", "declaration-added", "type alias added", "note")
    for name in sorted(old_aliases.keys() - new_aliases.keys()):
        Scope(name, "both", changes=changes).add("", "declaration-removed", _gone("type alias"), "changed")
    for name in sorted(old_aliases.keys() & new_aliases.keys()):
        scope = Scope(name, sides.get(name, "both"), changes=changes)
        compare_type(unaliased(old_aliases[name].type), unaliased(new_aliases[name].type), scope, "")
    return changes


def _gone(what: str) -> str:
    return f"{what} removed (imports of it fail)"


def _diff_named(
    old: Iterable[Union[ir.ObjectModel, ir.ParamsType]],
    new: Iterable[Union[ir.ObjectModel, ir.ParamsType]],
    what: str,
    side: Side,
    changes: list[Change],
) -> None:
    old_by, new_by = {d.name: d for d in old}, {d.name: d for d in new}
    for name in new_by.keys() - old_by.keys():
        Scope(name, side, changes=changes).add("", "declaration-added", f"{what} added", "note")
    for name in old_by.keys() - new_by.keys():
        Scope(name, side, changes=changes).add("", "declaration-removed", _gone(what), "changed")
    for name in old_by.keys() & new_by.keys():
        _diff_fields(old_by[name].fields, new_by[name].fields, Scope(name, side, changes=changes))


def _aliases(package: ir.Package) -> dict[str, ir.TypeAlias]:
    found = {d.name: d for d in package.declarations if isinstance(d, ir.TypeAlias)}
    found.update((d.name, d) for d in package.params_declarations if isinstance(d, ir.TypeAlias))
    return found


def _alias_sides(package: ir.Package) -> dict[str, Side]:
    """On which side each alias is used: callers write it, read it, or both."""
    used: dict[str, set[str]] = {}

    def mark(t: Optional[ir.TypeRef], side: str) -> None:
        for name in aliases_in(t) if t is not None else ():
            used.setdefault(name, set()).add(side)

    for op in package.operations:
        mark(op.response, "response")
        for p in op.params:
            mark(p.type, "request")
        for f in op.body_fields:
            mark(f.type, "request")
    for model in package.models:
        for field in model.fields:
            mark(field.type, "response")
    for params in package.params_types:
        for pfield in params.fields:
            mark(pfield.type, "request")
    return {
        name: "request" if sides == {"request"} else "response"
        for name, sides in used.items()
        if len(sides) == 1
    }
