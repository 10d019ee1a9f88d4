"""Failures stay local: which operations a problem belongs to.

Every problem found while an operation is lowered belongs to it, and to every schema node
that was being lowered when it was found: an operation that reaches such a node later
(through the memo, or a finished component) gets the problem too. When the config maps no
operations, an operation with problems is skipped with a warning naming it and why; the
declarations only it reached are dropped (`used_declarations`).
"""

from __future__ import annotations

from .. import ir
from ..diagnostics import Diagnostics, Pos, Problem


class OperationProblems(Diagnostics):
    """Diagnostics that remember, per operation and per schema node, what went wrong."""

    def __init__(self) -> None:
        super().__init__()
        self.current: list[Problem] = []  # the problems of the operation being lowered
        self.open_nodes: list[int] = []  # ids of the schema nodes being lowered
        self.broken: dict[int, Problem] = {}  # node id -> the first problem found inside it

    def error(self, pos: Pos, message: str) -> None:
        problem = Problem(pos, message)
        self.current.append(problem)
        for node_id in self.open_nodes:
            self.broken.setdefault(node_id, problem)
        super().error(pos, message)

    def reached(self, node_id: int) -> None:
        """A node lowered before is reached again: its problems are this operation's too."""
        problem = self.broken.get(node_id)
        if problem is not None:
            self.current.append(problem)

    def drop(self, problems: list[Problem]) -> None:
        """Forget problems (those of a skipped operation)."""
        gone = set(problems)
        self.problems = [p for p in self.problems if p not in gone]

    def transfer(self, diags: Diagnostics) -> None:
        for problem in self.problems:
            diags.error(problem.pos, problem.message)
        diags.warnings.extend(w for w in self.warnings if w not in diags.warnings)


def type_parts(t: ir.TypeRef) -> list[ir.TypeRef]:
    if isinstance(t, ir.ListType):
        return [t.item]
    if isinstance(t, ir.MapType):
        return [t.value]
    if isinstance(t, ir.UnionType):
        return [v.type for v in t.variants]
    return []


def operation_types(op: ir.Operation) -> list[ir.TypeRef]:
    """Every type an operation's generated method names: its parameters, body, response and
    the events (and their arms) it streams."""
    types = [p.type for p in op.params] + [f.type for f in op.body_fields]
    if op.response is not None:
        types.append(op.response)
    if op.stream is not None:
        types.append(op.stream.events)
        types.extend(ir.ModelRef(arm.model) for arm in op.stream.arms)
        extra = [name for name in (op.stream.unknown, op.stream.model) if name]
        types.extend(ir.ModelRef(name) for name in extra)
    return types


def used_declarations(
    operations: list[ir.Operation],
    models: dict[str, ir.ObjectModel],
    params_types: dict[str, ir.ParamsType],
    aliases: dict[str, ir.TypeAlias],
) -> tuple[set[str], set[str]]:
    """The declarations and the unions (by name) the operations' types reach."""
    names: set[str] = set()
    unions: set[str] = set()
    stack = [t for op in operations for t in operation_types(op)]
    while stack:
        t = stack.pop()
        if isinstance(t, ir.UnionType):
            unions.add(t.name)
        declared = getattr(t, "alias", None) or (t.name if isinstance(t, (ir.ModelRef, ir.ParamsRef)) else None)
        if declared is not None and declared not in names:
            names.add(declared)
            if declared in models:
                stack.extend(f.type for f in models[declared].fields)
            elif declared in params_types:
                stack.extend(f.type for f in params_types[declared].fields)
            elif declared in aliases:
                stack.append(aliases[declared].type)
        if declared is None or isinstance(t, (ir.ListType, ir.MapType, ir.UnionType)):
            stack.extend(type_parts(t))
    return names, unions
