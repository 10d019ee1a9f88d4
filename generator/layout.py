"""Where each model of the pydantic target lives: `models.py`, or, for a large package, parts
that are imported on first use behind a lazy `models.py` index.

Building pydantic models costs at import (a class and its validator each: about 1 ms), so a
package of a thousand models must not build them all for a program that uses ten. The parts
follow the references between declarations:

1. the strongly connected components of the reference graph (models that refer to each other,
   directly or not) stay together: each part is a module whose imports form no cycle;
2. a component that only one other component refers to joins that one's part (a nested
   object lives with its owner) while the part has room (`PART_SIZE`), so using a model
   loads its own objects and what it shares;
3. parts of the same height (longest chain of references below them) are merged in
   declaration order up to `PART_SIZE` declarations: references only go down, so no cycle.

Declarations keep their package order inside a part (each after what it needs); what a part
needs from others it imports by name.
"""

from __future__ import annotations

import graphlib
from dataclasses import dataclass
from typing import Iterator, Union

from . import ir

Declaration = Union[ir.ObjectModel, ir.TypeAlias]

SPLIT_ABOVE = 150  # a package with more declarations than this gets parts
PART_SIZE = 20  # merged parts hold at most this many declarations
INDEX = ".models"


@dataclass(frozen=True)
class Part:
    module: str  # relative module name: `._models_07`
    declarations: tuple[Declaration, ...]
    unions: tuple[ir.UnionType, ...]  # the unions whose dispatch functions it defines

    @property
    def path(self) -> str:
        return f"{self.module[1:]}.py"

    @property
    def models(self) -> tuple[ir.ObjectModel, ...]:
        return tuple(d for d in self.declarations if isinstance(d, ir.ObjectModel))


def _types_of(decl: Declaration) -> Iterator[tuple[ir.TypeRef, bool]]:
    """The types a declaration's definition prints, each with whether it is the top of an
    alias definition (printed unaliased) or a reference (an alias prints as its name)."""
    if isinstance(decl, ir.ObjectModel):
        yield from ((f.type, False) for f in decl.fields)
    else:
        yield decl.type, True


def references(t: ir.TypeRef, top: bool) -> Iterator[str]:
    """The declaration names a type mentions."""
    if isinstance(t, ir.ModelRef):
        yield t.name
        return
    alias = getattr(t, "alias", None)
    if alias is not None and not top:
        yield alias
    elif isinstance(t, ir.ListType):
        yield from references(t.item, False)
    elif isinstance(t, ir.MapType):
        yield from references(t.value, False)
    elif isinstance(t, ir.UnionType):
        for v in t.variants:
            yield from references(v.type, False)


def union_names(t: ir.TypeRef, top: bool) -> Iterator[str]:
    """The unions a type prints in place (each with its dispatch function `_arm_of_<name>`)."""
    if getattr(t, "alias", None) is not None and not top:
        return
    if isinstance(t, ir.UnionType):
        yield t.name
        for v in t.variants:
            yield from union_names(v.type, False)
    elif isinstance(t, ir.ListType):
        yield from union_names(t.item, False)
    elif isinstance(t, ir.MapType):
        yield from union_names(t.value, False)


def _graph(package: ir.Package) -> dict[str, list[str]]:
    """Each declaration's name -> the declarations its definition mentions (package order)."""
    known = {d.name for d in package.declarations}
    graph: dict[str, list[str]] = {}
    for d in package.declarations:
        found = (n for t, top in _types_of(d) for n in references(t, top))
        graph[d.name] = [n for n in dict.fromkeys(found) if n in known and n != d.name]
    return graph


def components(graph: dict[str, list[str]]) -> dict[str, int]:
    """Strongly connected components (Kosaraju, iterative): name -> component number."""
    order: list[str] = []
    seen: set[str] = set()
    for start in graph:
        if start in seen:
            continue
        seen.add(start)
        stack = [(start, iter(graph[start]))]
        while stack:
            node, edges = stack[-1]
            nxt = next((n for n in edges if n not in seen), None)
            if nxt is None:
                stack.pop()
                order.append(node)
            else:
                seen.add(nxt)
                stack.append((nxt, iter(graph[nxt])))
    reverse: dict[str, list[str]] = {n: [] for n in graph}
    for node, targets in graph.items():
        for t in targets:
            reverse[t].append(node)
    component: dict[str, int] = {}
    count = 0
    for start in reversed(order):
        if start in component:
            continue
        number, todo = count, [start]
        component[start] = number
        count += 1
        while todo:
            for n in reverse[todo.pop()]:
                if n not in component:
                    component[n] = number
                    todo.append(n)
    return component


def _owned_groups(graph: dict[str, list[str]], component: dict[str, int]) -> dict[int, int]:
    """Component -> group: a component that exactly one other refers to joins its group."""
    edges: dict[int, set[int]] = {c: set() for c in component.values()}
    referrers: dict[int, set[int]] = {c: set() for c in component.values()}
    for node, targets in graph.items():
        for t in targets:
            if component[t] != component[node]:
                edges[component[node]].add(component[t])
                referrers[component[t]].add(component[node])
    size: dict[int, int] = {}
    for c in component.values():
        size[c] = size.get(c, 0) + 1
    group: dict[int, int] = {}
    group_size: dict[int, int] = {}
    order = list(graphlib.TopologicalSorter({c: sorted(d) for c, d in edges.items()}).static_order())
    for c in reversed(order):  # referrers first
        owner = group[next(iter(referrers[c]))] if len(referrers[c]) == 1 else None
        if owner is None or group_size[owner] + size[c] > PART_SIZE:
            owner = c  # shared, or its owner's part is full: a group of its own
        group[c] = owner
        group_size[owner] = group_size.get(owner, 0) + size[c]
    return group


def partition(package: ir.Package) -> list[list[str]]:
    """The names of each part, parts in the order of their first declaration."""
    graph = _graph(package)
    component = components(graph)
    group_of_component = _owned_groups(graph, component)
    group = {name: group_of_component[c] for name, c in component.items()}
    deps: dict[int, set[int]] = {g: set() for g in group.values()}
    for node, targets in graph.items():
        deps[group[node]].update(group[t] for t in targets if group[t] != group[node])
    height: dict[int, int] = {}
    for g in graphlib.TopologicalSorter({g: sorted(d) for g, d in deps.items()}).static_order():
        height[g] = 1 + max((height[d] for d in deps[g]), default=-1)
    members: dict[int, list[str]] = {}
    for d in package.declarations:
        members.setdefault(group[d.name], []).append(d.name)
    chunks: dict[int, list[str]] = {}  # height -> the part being filled
    parts: list[list[str]] = []
    for g, names in members.items():  # in the order of each group's first declaration
        current = chunks.get(height[g])
        if current is None or len(current) + len(names) > PART_SIZE:
            current = chunks[height[g]] = []
            parts.append(current)
        current.extend(names)
    index = _index(package)
    return sorted(parts, key=lambda names: min(index[n] for n in names))


def _index(package: ir.Package) -> dict[str, int]:
    return {d.name: i for i, d in enumerate(package.declarations)}


def model_parts(package: ir.Package) -> list[Part]:
    """The parts of a package with more than `SPLIT_ABOVE` declarations; none otherwise, or
    when everything lands in one part (its `models.py` defines everything)."""
    if len(package.declarations) <= SPLIT_ABOVE:
        return []
    by_name = {d.name: d for d in package.declarations}
    unions = {u.name: u for u in package.unions}
    names = partition(package)
    if len(names) < 2:
        return []
    index = _index(package)
    width = len(str(len(names)))
    parts = []
    for i, part_names in enumerate(names, 1):
        decls = tuple(by_name[n] for n in sorted(part_names, key=index.__getitem__))
        used = dict.fromkeys(u for d in decls for t, top in _types_of(d) for u in union_names(t, top))
        parts.append(Part(f"._models_{i:0{width}d}", decls, tuple(unions[u] for u in used if u in unions)))
    return parts
