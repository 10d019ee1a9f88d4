"""Document-wide checks and lookups: the header fields, every local `$ref`, what the
configured operations reach, and the config's `schemas.nullable` paths."""

from __future__ import annotations

import re
from typing import Iterable, Optional

from ..config import Config
from ..diagnostics import Diagnostics
from ..reader import scalar_text
from ..source import MapNode, Node, ScalarNode, SeqNode
from .refs import COMPONENT_PREFIX, Resolver, follow_pointer, ref_text, unescape, walk
from .schemas import SchemaLowerer
from .view import is_null_schema

# values that are data, not schema: a "$ref" key there is not a reference
DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const"})


def check_header(root: MapNode, diags: Diagnostics) -> tuple[str, str]:
    """Check `openapi`, `info` and `components`; return the title and the version."""
    version_node = root.get("openapi")
    if version_node is None:
        diags.error(root.pos, "not an OpenAPI document: the 'openapi' version field is missing")
    elif not re.fullmatch(r"3\.[01]\.\d+", scalar_text(version_node) or ""):
        diags.error(version_node.pos, "unsupported OpenAPI version (expected a string 3.0.x or 3.1.x)")
    info = root.get("info")
    title = "API"
    spec_version = "0.0.0"
    if not isinstance(info, MapNode):
        diags.error((info or root).pos, "the document needs an 'info' mapping")
    else:
        given_title = scalar_text(info.get("title"))
        if given_title is not None:
            title = given_title
        v = info.get("version")
        if isinstance(v, ScalarNode) and v.value is not None:
            # it ends up in the User-Agent header: visible ASCII only
            spec_version = re.sub(r"[^!-~]+", "-", str(v.value)).strip("-") or spec_version
    comps = root.get("components")
    if comps is not None and not isinstance(comps, MapNode):
        diags.error(comps.pos, "'components' must be a mapping")
    if isinstance(comps, MapNode):
        schemas = comps.get("schemas")
        if schemas is not None and not isinstance(schemas, MapNode):
            diags.error(schemas.pos, "'components.schemas' must be a mapping")
    return title, spec_version


def _document_parts(node: Node) -> Iterable[Node]:
    if isinstance(node, SeqNode):
        return node.items
    if isinstance(node, MapNode):
        return [v for k, v in node.items() if k not in DATA_KEYS and not k.startswith("x-")]
    return ()


def check_local_refs(root: MapNode, diags: Diagnostics) -> None:
    """Every local `$ref` of the document must resolve, whether or not the configured
    operations reach it: a dangling one is a broken document, not a detail of its unused
    part. (Schemas are otherwise checked where the operations use them, so a whole
    upstream document with APIs this package does not map still generates.)"""
    for node in walk([root], _document_parts):
        ref = ref_text(node)
        if ref is not None and ref.value.startswith("#/") and follow_pointer(root, ref.value) is None:
            diags.error(ref.pos, f"dangling $ref {ref.value!r}: nothing at that location")


def reachable_components(roots: list[MapNode], lw: SchemaLowerer) -> set[str]:
    """The component schemas the given nodes reach through `$ref`s."""
    found: set[str] = set()

    def parts(node: Node) -> list[Node]:
        out: list[Node] = []
        ref = ref_text(node)
        if ref is not None and ref.value.startswith(COMPONENT_PREFIX):
            key = unescape(ref.value[len(COMPONENT_PREFIX):])
            if key in lw.components:
                found.add(key)
                out.append(lw.components[key])
        elif ref is not None and ref.value.startswith("#/"):
            target = lw.resolver.lookup(ref.value, ref.pos)[0]
            if target is not None:
                out.append(target)
        out.extend(_document_parts(node))  # extensions and examples are data, not schema
        return out

    for _ in walk(roots, parts):
        pass
    return found


def force_nullable(config: Config, lw: SchemaLowerer) -> None:
    """Resolve the config's `schemas.nullable` paths (`Schema.prop.prop`) to property nodes."""
    for path in config.nullable:
        node = lw.components.get(path.parts[0])
        if node is None:
            lw.diags.error(path.pos, f"schemas.nullable: no component schema {path.parts[0]!r} in the spec")
            continue
        for depth, part in enumerate(path.parts[1:], start=1):
            props = object_properties(node, lw.resolver)
            prop = props.get(part) if props is not None else None
            if prop is None:
                where = ".".join(path.parts[:depth])
                lw.diags.error(path.pos, f"schemas.nullable: {where!r} has no property {part!r}")
                break
            node = prop
        else:
            lw.forced_nullable.add(id(node))


def object_properties(node: Node, resolver: Resolver) -> Optional[MapNode]:
    """The `properties` of an object schema, through `$ref`, a lone non-null `anyOf` /
    `oneOf` arm and `allOf` parts."""

    def parts(current: Node) -> list[Node]:
        if not isinstance(current, MapNode):
            return []
        if "$ref" in current:
            target = resolver.target(current)
            return [target] if target is not None else []
        out: list[Node] = []
        for key in ("oneOf", "anyOf", "allOf"):
            arms = current.get(key)
            if isinstance(arms, SeqNode):
                out.extend(a for a in arms.items if not is_null_schema(a))
        return out

    for current in walk([node], parts):
        props = current.get("properties") if isinstance(current, MapNode) and "$ref" not in current else None
        if isinstance(props, MapNode):
            return props
    return None


def server_url(root: MapNode) -> Optional[str]:
    servers = root.get("servers")
    if isinstance(servers, SeqNode) and servers.items and isinstance(servers.items[0], MapNode):
        url = scalar_text(servers.items[0].get("url"))
        if url is not None and re.fullmatch(r"https?://\S+", url):
            return url.rstrip("/")
    return None
