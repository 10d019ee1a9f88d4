"""spec/config.yaml: what OpenAPI does not say (package names, client shape, headers).

Parsed from located nodes into a typed `Config`; every problem is reported with its
position, all together.
"""

from __future__ import annotations

import keyword
import re
import sys
from dataclasses import dataclass, field
from typing import Optional

from .diagnostics import Diagnostics, Pos
from .naming import RESERVED_TOP_LEVEL
from .source import MapNode, Node, ScalarNode, SeqNode

# matched with fullmatch: `$` would also accept a trailing newline
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_PACKAGE = re.compile(r"[a-z_][a-z0-9_]*")
TARGET_KINDS = ("pydantic", "dataclass")
# A generated package must not hide a module its users (or it) import.
SHADOWED_MODULES = frozenset(sys.stdlib_module_names) | {
    "pydantic", "pydantic_core", "httpx", "httpx2", "httpcore", "httpcore2", "anyio", "h11",
    "typing_extensions", "annotated_types", "generator", "tests", "test",
}
# Attributes the generated client and resource classes own: a resource or method may not
# take these names (`client.close` is the method that closes the connection pool).
CLIENT_MEMBERS = frozenset(
    {"api_key", "base_url", "timeout", "max_retries", "default_headers", "http_client", "close"}
)
RESOURCE_MEMBERS = frozenset({"with_raw_response", "with_streaming_response"})
_CLIENT_CLASS_NAMES = frozenset({"OpenAI", "AsyncOpenAI", "Client", "AsyncClient"})


@dataclass(frozen=True)
class OperationConfig:
    operation_id: str
    method_path: tuple[str, ...]  # ("beta", "threads", "runs", "cancel")
    deprecated: Optional[bool]
    deprecation_message: str
    pos: Pos


@dataclass(frozen=True)
class TargetConfig:
    kind: str
    package: str
    pos: Pos


@dataclass(frozen=True)
class SchemaPath:
    """`Schema.prop.prop`: a component schema key, then property names through inline objects."""

    parts: tuple[str, ...]
    pos: Pos

    def __str__(self) -> str:
        return ".".join(self.parts)


@dataclass(frozen=True)
class Config:
    version: Optional[str]
    targets: tuple[TargetConfig, ...]
    sync_class: str
    async_class: str
    api_key_env: str
    base_url_env: str
    default_base_url: Optional[str]
    headers: tuple[tuple[str, str], ...]
    timeout: float
    max_retries: int
    operations: tuple[OperationConfig, ...]
    renames: dict[str, str]
    pos: Pos
    # properties the server sends as null although the document does not say so
    nullable: tuple[SchemaPath, ...] = ()
    # where each `schemas.rename` key is written (a key the spec does not have is an error)
    rename_pos: dict[str, Pos] = field(default_factory=dict)


def _identifier(value: str) -> bool:
    return value.isidentifier() and value.isascii() and not keyword.iskeyword(value)


class _Reader:
    def __init__(self, diags: Diagnostics) -> None:
        self.diags = diags

    def map(self, node: Node | None, what: str) -> MapNode | None:
        if node is None:
            return None
        if not isinstance(node, MapNode):
            self.diags.error(node.pos, f"{what} must be a mapping")
            return None
        return node

    def text(self, parent: MapNode, key: str, default: Optional[str] = None) -> Optional[str]:
        node = parent.get(key)
        if node is None:
            return default
        if not isinstance(node, ScalarNode) or not isinstance(node.value, str) or not node.value:
            self.diags.error(node.pos, f"'{key}' must be a non-empty string")
            return default
        return node.value

    def known_keys(self, node: MapNode, allowed: tuple[str, ...], what: str) -> None:
        for key in node.keys():
            if key not in allowed:
                self.diags.error(
                    node.key_pos[key], f"unknown key '{key}' in {what} (allowed: {', '.join(allowed)})"
                )


def parse_config(root: MapNode, diags: Diagnostics) -> Config:
    r = _Reader(diags)
    r.known_keys(root, ("version", "targets", "client", "operations", "schemas"), "config")

    version = r.text(root, "version")
    if version is not None and not re.fullmatch(r"[!-~]+", version):
        # it is sent in the User-Agent header
        diags.error(root.get("version").pos, "'version' must be visible ASCII without spaces (e.g. 2.3.0)")  # type: ignore[union-attr]
        version = None

    targets: list[TargetConfig] = []
    targets_node = root.get("targets")
    if targets_node is None:
        diags.error(root.pos, "config needs 'targets' (a list of {kind, package})")
    elif not isinstance(targets_node, SeqNode) or not targets_node.items:
        diags.error(targets_node.pos, "'targets' must be a non-empty list")
    else:
        seen_packages: dict[str, Pos] = {}
        for item in targets_node:
            m = r.map(item, "a target")
            if m is None:
                continue
            r.known_keys(m, ("kind", "package"), "a target")
            kind = r.text(m, "kind")
            package = r.text(m, "package")
            if kind is None or package is None:
                if "kind" not in m or "package" not in m:
                    diags.error(m.pos, "a target needs 'kind' and 'package'")
                continue
            if kind not in TARGET_KINDS:
                diags.error(m.get("kind").pos, f"unknown target kind {kind!r} (known: {', '.join(TARGET_KINDS)})")  # type: ignore[union-attr]
                continue
            if not _PACKAGE.fullmatch(package) or keyword.iskeyword(package):
                diags.error(
                    m.get("package").pos,  # type: ignore[union-attr]
                    f"package name {package!r} is not a valid Python package name"
                    " (lower-case letters, digits and underscores, not a keyword)",
                )
                continue
            if package in SHADOWED_MODULES:
                diags.error(
                    m.get("package").pos,  # type: ignore[union-attr]
                    f"package name {package!r} would shadow the module of that name"
                    " (the standard library, a runtime dependency or the generator)",
                )
                continue
            if package in seen_packages:
                diags.error(m.get("package").pos, f"package {package!r} is emitted by two targets")  # type: ignore[union-attr]
                continue
            seen_packages[package] = m.pos
            targets.append(TargetConfig(kind, package, m.pos))

    client = r.map(root.get("client"), "'client'") or MapNode(root.pos)
    r.known_keys(
        client,
        ("sync_class", "async_class", "api_key_env", "base_url_env", "default_base_url",
         "headers", "timeout", "max_retries"),
        "'client'",
    )
    names = {}
    for key, default in (("sync_class", "Client"), ("async_class", "AsyncClient")):
        class_name = r.text(client, key, default) or default
        if not _identifier(class_name):
            diags.error(client.get(key).pos, f"{key} {class_name!r} is not a Python identifier")  # type: ignore[union-attr]
        elif class_name in RESERVED_TOP_LEVEL - _CLIENT_CLASS_NAMES or class_name.startswith("_"):
            diags.error(
                client.get(key).pos,  # type: ignore[union-attr]
                f"{key} {class_name!r} would shadow a name the generated package defines or imports",
            )
        names[key] = class_name
    if names["sync_class"] == names["async_class"]:
        diags.error((client.get("async_class") or client).pos, "sync_class and async_class must differ")
    envs = {}
    for key, default in (("api_key_env", "API_KEY"), ("base_url_env", "BASE_URL")):
        envs[key] = r.text(client, key, default) or default
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", envs[key]):
            diags.error(
                client.get(key).pos,  # type: ignore[union-attr]
                f"{key} {envs[key]!r} is not an environment variable name (letters, digits, underscores)",
            )
    default_base_url = r.text(client, "default_base_url")
    if default_base_url is not None and not re.fullmatch(r"https?://[^\s]+", default_base_url):
        diags.error(client.get("default_base_url").pos, "default_base_url must be an http(s) URL")  # type: ignore[union-attr]

    headers: list[tuple[str, str]] = []
    headers_node = r.map(client.get("headers"), "'headers'")
    if headers_node is not None:
        for name, value in headers_node.items():
            if not _HEADER_NAME.fullmatch(name):
                diags.error(headers_node.key_pos[name], f"{name!r} is not a valid HTTP header name")
                continue
            if not isinstance(value, ScalarNode) or not isinstance(value.value, str) or any(
                c in value.value for c in "\r\n\0"
            ):
                diags.error(value.pos, f"header {name!r} needs a single-line string value")
                continue
            headers.append((name, value.value))

    timeout = 600.0
    timeout_node = client.get("timeout")
    if timeout_node is not None:
        if not isinstance(timeout_node, ScalarNode) or isinstance(timeout_node.value, bool) or not isinstance(
            timeout_node.value, (int, float)
        ) or not 0 < timeout_node.value < float("inf"):
            diags.error(timeout_node.pos, "timeout must be a positive, finite number of seconds")
        else:
            timeout = float(timeout_node.value)
    max_retries = 2
    retries_node = client.get("max_retries")
    if retries_node is not None:
        if not isinstance(retries_node, ScalarNode) or isinstance(retries_node.value, bool) or not isinstance(
            retries_node.value, int
        ) or retries_node.value < 0:
            diags.error(retries_node.pos, "max_retries must be a non-negative integer")
        else:
            max_retries = retries_node.value

    operations: list[OperationConfig] = []
    ops_node = r.map(root.get("operations"), "'operations'")
    if ops_node is None:
        if "operations" not in root:
            diags.error(root.pos, "config needs 'operations' (operationId: {method: a.b.c})")
    else:
        if not ops_node.entries:
            diags.error(ops_node.pos, "'operations' is empty: map at least one operationId to a method")
        seen_methods: dict[tuple[str, ...], str] = {}
        for op_id, value in ops_node.items():
            key_pos = ops_node.key_pos[op_id]
            if isinstance(value, ScalarNode) and isinstance(value.value, str):
                entry = MapNode(value.pos, {"method": value}, {"method": value.pos})
            else:
                entry = r.map(value, f"operation {op_id!r}")  # type: ignore[assignment]
                if entry is None:
                    continue
            r.known_keys(entry, ("method", "deprecated", "deprecation_message"), f"operation {op_id!r}")
            method = r.text(entry, "method")
            if method is None:
                if "method" not in entry:
                    diags.error(entry.pos, f"operation {op_id!r} needs 'method' (e.g. beta.threads.runs.cancel)")
                continue
            method_pos = entry.get("method").pos  # type: ignore[union-attr]
            parts = tuple(method.split("."))
            bad = [p for p in parts if not _identifier(p) or p.startswith("_")]
            if bad:
                diags.error(
                    method_pos,
                    f"method path {method!r}: {bad[0]!r} is not a Python identifier"
                    " (letters, digits and underscores, no leading underscore, not a keyword)",
                )
                continue
            if len(parts) < 2:
                diags.error(
                    method_pos,
                    f"method path {method!r} needs a resource and a method (e.g. things.{method})",
                )
                continue
            clash = [p for p in parts if p in RESOURCE_MEMBERS] or [p for p in parts[:1] if p in CLIENT_MEMBERS]
            if clash:
                diags.error(
                    method_pos,
                    f"method path {method!r}: {clash[0]!r} is already an attribute of the generated client",
                )
                continue
            if parts in seen_methods:
                diags.error(
                    method_pos,
                    f"operations {seen_methods[parts]!r} and {op_id!r} are both mapped to {method!r}",
                )
                continue
            seen_methods[parts] = op_id
            deprecated: Optional[bool] = None
            dep_node = entry.get("deprecated")
            if dep_node is not None:
                if not isinstance(dep_node, ScalarNode) or not isinstance(dep_node.value, bool):
                    diags.error(dep_node.pos, "'deprecated' must be true or false")
                else:
                    deprecated = dep_node.value
            message = r.text(entry, "deprecation_message", "") or ""
            operations.append(OperationConfig(op_id, parts, deprecated, message, key_pos))
        # a method path may not also be a resource (a.b as a method and a.b.c as another)
        for parts, op_id in seen_methods.items():
            for other in seen_methods:
                if len(other) > len(parts) and other[: len(parts)] == parts:
                    op = next(o for o in operations if o.operation_id == op_id)
                    diags.error(op.pos, f"{'.'.join(parts)!r} is both a method and a resource")

    renames: dict[str, str] = {}
    rename_pos: dict[str, Pos] = {}
    nullable: list[SchemaPath] = []
    schemas_node = r.map(root.get("schemas"), "'schemas'")
    if schemas_node is not None:
        r.known_keys(schemas_node, ("rename", "nullable"), "'schemas'")
        rename_node = r.map(schemas_node.get("rename"), "'rename'")
        if rename_node is not None:
            for key, value in rename_node.items():
                if not isinstance(value, ScalarNode) or not isinstance(value.value, str) or not _identifier(
                    value.value
                ):
                    diags.error(value.pos, f"rename of {key!r} must be a Python identifier")
                    continue
                if value.value in RESERVED_TOP_LEVEL or value.value.startswith("_"):
                    diags.error(
                        value.pos, f"rename of {key!r}: {value.value!r} is a name the generated package defines or imports"
                    )
                    continue
                twin = next((k for k, v in renames.items() if v == value.value), None)
                if twin is not None:
                    diags.error(value.pos, f"schemas {twin!r} and {key!r} are both renamed to {value.value!r}")
                    continue
                renames[key] = value.value
                rename_pos[key] = rename_node.key_pos[key]
        nullable_node = schemas_node.get("nullable")
        if nullable_node is not None:
            if not isinstance(nullable_node, SeqNode):
                diags.error(nullable_node.pos, "'nullable' must be a list of Schema.property paths")
            else:
                for item in nullable_node:
                    if not isinstance(item, ScalarNode) or not isinstance(item.value, str) or not re.fullmatch(
                        r"[^.\s]+(\.[^.\s]+)+", item.value
                    ):
                        diags.error(item.pos, "a 'nullable' entry must be a string Schema.property (e.g. RunObject.instructions)")
                        continue
                    nullable.append(SchemaPath(tuple(item.value.split(".")), item.pos))

    return Config(
        version=version,
        targets=tuple(targets),
        sync_class=names["sync_class"],
        async_class=names["async_class"],
        api_key_env=envs["api_key_env"],
        base_url_env=envs["base_url_env"],
        default_base_url=default_base_url,
        headers=tuple(headers),
        timeout=timeout,
        max_retries=max_retries,
        operations=tuple(operations),
        renames=renames,
        rename_pos=rename_pos,
        pos=root.pos,
        nullable=tuple(nullable),
    )
