"""The `paths` of a document: its operations, their path templates and parameters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional
from urllib.parse import parse_qsl, quote

from .. import ir
from ..diagnostics import Diagnostics, Pos
from ..reader import scalar_text
from ..source import Document, MapNode, Node, ScalarNode, SeqNode
from .refs import Resolver

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
PARAMETER_LOCATIONS = ("path", "query", "header", "cookie")


@dataclass
class Found:
    """One operation of the document."""

    path: str  # the key under `paths`, as written
    method: str
    node: MapNode
    path_item: MapNode
    pos: Pos  # of the path template (the key under `paths`)

    @property
    def operation_id(self) -> Optional[str]:
        return scalar_text(self.node.get("operationId"))

    @property
    def template(self) -> str:
        """The path template without the fixed query string or the fragment of the key."""
        return self.path.split("#", 1)[0].split("?", 1)[0]

    @property
    def fixed_query(self) -> tuple[tuple[str, str], ...]:
        """`/responses?beta=true` -> (("beta", "true"),): sent with every call."""
        _, _, query = self.path.split("#", 1)[0].partition("?")
        return tuple(parse_qsl(query, keep_blank_values=True))


def find_operations(doc: Document, diags: Diagnostics, duplicates: Optional[dict[str, Pos]] = None) -> dict[str, Found]:
    """The document's operations by operationId (`METHOD /path` for those without one).
    An operationId used twice is an error; with `duplicates` given (no operation map), the
    later operations are known by their method and path instead and recorded there (key ->
    the id's position), and a fragment in a path key (`#label`) is dropped with a warning."""
    out: dict[str, Found] = {}
    paths = doc.root.get("paths")
    if paths is None:
        diags.error(doc.root.pos, "the document has no 'paths'")
        return out
    if not isinstance(paths, MapNode):
        diags.error(paths.pos, "'paths' must be a mapping")
        return out
    for path, item in paths.items():
        if not path.startswith("/"):
            diags.error(paths.key_pos[path], f"path {path!r} must start with '/'")
        elif "#" in path and duplicates is None:
            diags.error(paths.key_pos[path], f"path {path!r} must not hold a fragment ('#')")
        elif "#" in path:  # Box's `/files/{file_id}#get_shared_link`: a label, not sent
            diags.warn(paths.key_pos[path], f"path {path!r}: the fragment ('#...') is not sent")
        if not isinstance(item, MapNode):
            diags.error(item.pos, f"path item {path!r} must be a mapping")
            continue
        for method, op in item.items():
            if method not in HTTP_METHODS:
                continue
            if not isinstance(op, MapNode):
                diags.error(op.pos, f"operation {method.upper()} {path} must be a mapping")
                continue
            op_id_node = op.get("operationId")
            op_id = scalar_text(op_id_node)
            # an operation without an operationId is known by its method and path
            key = op_id if op_id is not None else f"{method.upper()} {path}"
            if op_id_node is not None and op_id is not None and op_id in out:
                if duplicates is None:
                    diags.error(op_id_node.pos, f"duplicate operationId {op_id!r}")
                    continue
                key = f"{method.upper()} {path}"
                duplicates[key] = op_id_node.pos
            out.setdefault(key, Found(path, method, op, item, paths.key_pos[path]))
    return out


Declared = dict[tuple[str, str], tuple[MapNode, Pos]]


def declared_parameters(f: Found, resolver: Resolver, diags: Diagnostics) -> Declared:
    """Parameters by (location, name): path-item level, overridden by operation level."""
    declared: Declared = {}
    for source in (f.path_item.get("parameters"), f.node.get("parameters")):
        if source is None:
            continue
        if not isinstance(source, SeqNode):
            diags.error(source.pos, "'parameters' must be a list")
            continue
        in_this_list: set[tuple[str, str]] = set()
        for raw in source:
            param = resolver.deref(raw)
            if param is None:
                continue
            if not isinstance(param, MapNode):
                diags.error(raw.pos, "a parameter must be a mapping")
                continue
            key = _parameter_key(param, diags)
            if key is None:
                continue
            if key in in_this_list:
                name_node = param.get("name")
                assert name_node is not None
                diags.error(name_node.pos, f"{key[0]} parameter {key[1]!r} is declared twice")
                continue
            in_this_list.add(key)
            declared[key] = (param, raw.pos)
    return declared


def _parameter_key(param: MapNode, diags: Diagnostics) -> Optional[tuple[str, str]]:
    name = scalar_text(param.get("name"))
    if not name:
        diags.error(param.pos, "a parameter needs a 'name'")
        return None
    where = scalar_text(param.get("in"))
    if where not in PARAMETER_LOCATIONS:
        diags.error((param.get("in") or param).pos, f"parameter {name!r}: 'in' must be path, query, header or cookie")
        return None
    return where, name


def path_placeholders(f: Found, declared: Declared, diags: Diagnostics, lenient: bool = False) -> Optional[list[str]]:
    """The placeholders of the path template, checked against the path parameters; None
    when the template itself is malformed (reported). `lenient` (no operation map): a
    placeholder no parameter declares is a string path parameter, with a warning."""
    bare = PLACEHOLDER.sub("", f.template)
    if "{" in bare or "}" in bare or "{" in f.path[len(f.template) :]:
        diags.error(f.pos, f"path {f.path!r} has unbalanced braces")
        return None
    names = [m.group(1) for m in PLACEHOLDER.finditer(f.template)]
    for name in names:
        if ("path", name) not in declared and lenient:
            diags.warn(f.pos, f"path {f.path!r} has placeholder {{{name}}} but no path parameter {name!r} is declared: taken as a string")
            declared[("path", name)] = (implicit_parameter(name, f.pos), f.pos)
        elif ("path", name) not in declared:
            diags.error(f.pos, f"path {f.path!r} has placeholder {{{name}}} but no path parameter {name!r} is declared")
    if len(set(names)) != len(names):
        diags.error(f.pos, f"path {f.path!r} uses a placeholder twice")
    for (where, name), (param, pos) in declared.items():
        if where == "path" and name not in names:
            declared_at = param.get("name")
            diags.error(
                declared_at.pos if declared_at is not None else pos,
                f"path parameter {name!r} is not in the path template {f.path!r}",
            )
    return names


def implicit_parameter(name: str, pos: Pos) -> MapNode:
    """`{name: NAME, in: path, required: true, schema: {type: string}}`, at `pos`."""
    schema = MapNode(pos, {"type": ScalarNode(pos, "string")}, {"type": pos})
    entries: dict[str, Node] = {
        "name": ScalarNode(pos, name), "in": ScalarNode(pos, "path"), "required": ScalarNode(pos, True), "schema": schema,
    }
    return MapNode(pos, entries, {key: pos for key in entries})


def path_parts(path: str, names: dict[str, str]) -> tuple[ir.PathPart, ...]:
    """The template as literal pieces and parameters (by Python name)."""
    parts: list[ir.PathPart] = []
    last = 0
    for m in PLACEHOLDER.finditer(path):
        if m.start() > last:
            parts.append(ir.PathPart(literal=encode_path_text(path[last : m.start()])))
        parts.append(ir.PathPart(param=names.get(m.group(1), m.group(1))))
        last = m.end()
    if last < len(path):
        parts.append(ir.PathPart(literal=encode_path_text(path[last:])))
    return tuple(parts)


def encode_path_text(text: str) -> str:
    """The literal text of a path template as it goes on the wire: characters a path may
    not hold (space, `?`, `#`, non-ASCII...) percent-encoded, `/` and valid escapes kept."""
    return quote(text, safe="/!$&'()*+,;=:@%-._~")
