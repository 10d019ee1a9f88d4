"""spec/config.yaml: what OpenAPI does not say (package names, client shape, headers).

Parsed from located nodes into a typed `Config`; every problem is reported with its
position, all together. One reader per section (`targets`, `client`, `operations`,
`overrides`, `schemas`), each over the typed accessors of `generator.reader`.
"""

from __future__ import annotations

from .client import read_client
from .model import (
    CLIENT_MEMBERS,
    RESOURCE_MEMBERS,
    SHADOWED_MODULES,
    TARGET_KINDS,
    Config,
    OperationConfig,
    SchemaPath,
    TargetConfig,
)
from .operations import read_operations, read_overrides
from .root import parse_config
from .schemas import read_schemas
from .targets import read_targets

__all__ = [
    "CLIENT_MEMBERS",
    "RESOURCE_MEMBERS",
    "SHADOWED_MODULES",
    "TARGET_KINDS",
    "Config",
    "OperationConfig",
    "SchemaPath",
    "TargetConfig",
    "parse_config",
    "read_client",
    "read_operations",
    "read_overrides",
    "read_schemas",
    "read_targets",
]
