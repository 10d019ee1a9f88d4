"""Method names for every operation when the config maps none (`operations:` absent).

Named from the path, as the official SDKs do:

- `GET /things` -> `things.list`, `POST /things` -> `things.create`;
- `GET /things/{id}` -> `things.retrieve`, `POST|PATCH /things/{id}` -> `things.update`,
  `PUT /things/{id}` -> `things.replace` (`things.update` when the path has no POST or
  PATCH), `DELETE /things/{id}` -> `things.delete`;
- a last segment after a parameter that no other path continues and that is not read with
  GET is an action: `POST /things/{id}/cancel` -> `things.cancel`;
- nested resources nest: `/threads/{thread_id}/runs` -> `threads.runs.list`.

Names that still collide are decided from the operationId (snake_case), or from the method
and path when there is none (or when an earlier operation has the same operationId), in
document order; a method name that is also a resource
gets the same treatment.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import replace
from typing import Optional

from ..config import CLIENT_MEMBERS, RESOURCE_MEMBERS, Config, OperationConfig
from ..diagnostics import Diagnostics
from ..naming import snake
from .paths import Found

VERBS_ON_COLLECTION = {"get": "list", "post": "create", "put": "replace", "patch": "update", "delete": "delete"}
VERBS_ON_ITEM = {"get": "retrieve", "post": "update", "patch": "update", "put": "replace", "delete": "delete"}


def identifier(text: str, top_level: bool = False) -> str:
    """A segment as a method or resource name: snake_case ASCII, never a keyword, never a
    leading digit or underscore, never an attribute the client or resources own."""
    name = snake(text) or "root"
    if name[0].isdigit():
        name = "n" + name
    if keyword.iskeyword(name) or name in RESOURCE_MEMBERS or (top_level and name in CLIENT_MEMBERS):
        name += "_"
    return name


def _segments(template: str) -> list[str]:
    return [s for s in template.split("/") if s]


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def path_name(f: Found, templates: set[str], methods_on_path: set[str]) -> tuple[str, ...]:
    """The method path one operation asks for (before collisions are resolved)."""
    segments = _segments(f.template)
    statics = [s for s in segments if not _is_param(s)]
    resources = [identifier(s, i == 0) for i, s in enumerate(statics)] or ["root"]
    if segments and _is_param(segments[-1]):
        verb = VERBS_ON_ITEM.get(f.method)
        if f.method == "put" and not methods_on_path & {"post", "patch"}:
            verb = "update"
        return (*resources, verb or identifier(f.method))
    continued = any(t.startswith(f.template.rstrip("/") + "/") for t in templates)
    if len(segments) >= 2 and _is_param(segments[-2]) and not continued and f.method != "get" and len(resources) > 1:
        return (*resources[:-1], resources[-1])  # an action: `things.cancel`
    return (*resources, VERBS_ON_COLLECTION.get(f.method) or identifier(f.method))


def fallback_name(f: Found, key: str) -> str:
    """The method name from the operationId, else (none, or one an earlier operation has
    already: `key` is then not the id) from the method and the path."""
    if f.operation_id and f.operation_id == key:
        return identifier(f.operation_id)
    return identifier(f.method + "_" + re.sub(r"[{}]", "", f.template))


def auto_operations(found: dict[str, Found]) -> list[OperationConfig]:
    """An OperationConfig for every operation of the document, in document order."""
    templates = {f.template for f in found.values()}
    methods: dict[str, set[str]] = {}
    for f in found.values():
        methods.setdefault(f.template, set()).add(f.method)
    wanted = {key: path_name(f, templates, methods[f.template]) for key, f in found.items()}
    names = _resolve_collisions(found, wanted)
    return [OperationConfig(key, names[key], None, "", found[key].pos) for key in found]


def with_overrides(
    auto: list[OperationConfig], config: Config, found: dict[str, Found], diags: Diagnostics
) -> list[OperationConfig]:
    """The named operations with the config's `overrides:` laid over them (an override's
    `method`, when given, replaces the name from the path); an operationId the document
    lacks, or a name another operation (or resource) has, is an error where it is written."""
    by_id = {o.operation_id: o for o in config.overrides}
    for op_id, o in by_id.items():
        if op_id not in found:
            diags.error(o.pos, f"overrides: operation {op_id!r} is not in the spec")
    out = [_overridden(a, by_id[a.operation_id]) if a.operation_id in by_id else a for a in auto]
    holders: dict[tuple[str, ...], list[str]] = {}
    for o in out:
        holders.setdefault(o.method_path, []).append(o.operation_id)
    resources = {o.method_path[:n] for o in out for n in range(1, len(o.method_path))}
    for o in config.overrides:
        if o.method_path and o.operation_id in found:
            others = [k for k in holders[o.method_path] if k != o.operation_id]
            if others or o.method_path in resources:
                what = f"the method of operation {others[0]!r}" if others else "a resource"
                diags.error(o.pos, f"overrides: {'.'.join(o.method_path)!r} is also {what}")
    return out


def _overridden(auto: OperationConfig, override: OperationConfig) -> OperationConfig:
    return replace(override, method_path=override.method_path or auto.method_path)


def _resolve_collisions(found: dict[str, Found], wanted: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Operations asking for the same method path, or for a method path that is also a
    resource, take their fallback name instead (numbered when even that collides)."""
    counts: dict[tuple[str, ...], int] = {}
    for path in wanted.values():
        counts[path] = counts.get(path, 0) + 1
    resources = {path[:n] for path in wanted.values() for n in range(1, len(path))}
    names: dict[str, tuple[str, ...]] = {}
    taken: set[tuple[str, ...]] = {p for p in wanted.values() if counts[p] == 1 and p not in resources}
    for key, path in wanted.items():
        if counts[path] == 1 and path not in resources:
            names[key] = path
            continue
        names[key] = _free((*path[:-1], fallback_name(found[key], key)), taken, resources)
    return names


def _free(path: tuple[str, ...], taken: set[tuple[str, ...]], resources: set[tuple[str, ...]]) -> tuple[str, ...]:
    candidate: Optional[tuple[str, ...]] = path
    number = 2
    while candidate is None or candidate in taken or candidate in resources:
        candidate = (*path[:-1], f"{path[-1]}_{number}")
        number += 1
    taken.add(candidate)
    return candidate
