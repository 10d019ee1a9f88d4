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
    {"api_key", "base_url", "timeout", "max_retries", "default_headers", "http_client", "close"}
)
RESOURCE_MEMBERS = frozenset({"with_raw_response", "with_streaming_response"})
CLIENT_CLASS_NAMES = frozenset({"OpenAI", "AsyncOpenAI", "Client", "AsyncClient"})


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


def identifier(value: str) -> bool:
    return value.isidentifier() and value.isascii() and not keyword.iskeyword(value)
