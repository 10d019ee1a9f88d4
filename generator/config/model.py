"""The typed config (`Config` and its parts) and the names it may not take."""

from __future__ import annotations

import keyword
import re
import sys
from dataclasses import dataclass, field
from typing import Optional

from ..diagnostics import Pos

# matched with fullmatch: `$` would also accept a trailing newline
HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
PACKAGE = re.compile(r"[a-z_][a-z0-9_]*")
TARGET_KINDS = ("pydantic", "dataclass")
# A generated package must not hide a module its users (or it) import.
SHADOWED_MODULES = frozenset(sys.stdlib_module_names) | {
    "pydantic", "pydantic_core", "httpx", "httpx2", "httpcore", "httpcore2", "anyio", "h11",
    "typing_extensions", "annotated_types", "generator", "tests", "test",
}
# Attributes the generated client and resource classes own: a resource or method may not
# take these names (`client.close` is the method that closes the connection pool).
CLIENT_MEMBERS = frozenset(
    {
        "api_key", "base_url", "timeout", "max_retries", "default_headers", "http_client", "close",
        "with_options", "strict_response_validation",
    }
)
RESOURCE_MEMBERS = frozenset({"with_raw_response", "with_streaming_response"})
CLIENT_CLASS_NAMES = frozenset({"OpenAI", "AsyncOpenAI", "Client", "AsyncClient"})


@dataclass(frozen=True)
class StreamConfig:
    """`stream: {param: stream, events: SCHEMA}`: the operation streams server-sent events,
    each one a `SCHEMA` (under components/schemas), when its body property `param` is true."""

    param: str
    events: str
    param_pos: Pos
    events_pos: Pos


@dataclass(frozen=True)
class PollerConfig:
    """`poll:` on a retrieve operation: a `method` beside it that calls it until the `status`
    field of the result is one of `until`, waiting `interval_ms` between calls unless the
    response's `interval_header` (milliseconds) or the caller's `poll_interval_ms` says."""

    method: str
    status: str
    until: tuple[str, ...]
    interval_header: Optional[str]
    interval_ms: int
    pos: Pos


@dataclass(frozen=True)
class OperationConfig:
    operation_id: str
    method_path: tuple[str, ...]  # ("beta", "threads", "runs", "cancel"); () in `overrides:` without `method`
    deprecated: Optional[bool]
    deprecation_message: str
    pos: Pos
    # `poll: {method: poll, ...}` on a retrieve operation (a poller), or `poll: NAME` on an
    # operation returning what a poller retrieves (a helper: call it, then poll the result)
    poller: Optional[PollerConfig] = None
    poll_helper: Optional[str] = None
    poll_pos: Optional[Pos] = None
    stream: Optional[StreamConfig] = None
    binary_response: bool = False  # `response: binary`: a download the document calls JSON


@dataclass(frozen=True)
class ClientOptionConfig:
    """`client.options.NAME: {env, header}`: a client argument (default: the environment
    variable), sent as the header with every request when set."""

    name: str
    env: Optional[str]
    header: str
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
    # where `client.sync_class` / `client.async_class` are written, when they are
    class_pos: dict[str, Pos] = field(default_factory=dict)
    # no `operations:` in the config: every operation of the document, named from its path
    map_all: bool = False
    client_options: tuple[ClientOptionConfig, ...] = ()
    strict_response_validation: bool = True
    log_env: Optional[str] = None
    # `overrides:` (only with map_all): per-operation options, the name from the path unless given
    overrides: tuple[OperationConfig, ...] = ()


def identifier(value: str) -> bool:
    return value.isidentifier() and value.isascii() and not keyword.iskeyword(value)
