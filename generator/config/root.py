"""The whole config: its top-level keys, each section read by its own reader."""

from __future__ import annotations

import re

from ..diagnostics import Diagnostics
from ..reader import Reader
from ..source import MapNode
from .client import read_client
from .model import Config
from .operations import read_operations, read_overrides
from .schemas import read_schemas
from .targets import read_targets

TOP_LEVEL_KEYS = ("version", "targets", "client", "operations", "overrides", "schemas")


def parse_config(root: MapNode, diags: Diagnostics) -> Config:
    r = Reader(diags)
    r.known_keys(root, TOP_LEVEL_KEYS, "config")
    version = r.text(root, "version")
    if version is not None and not re.fullmatch(r"[!-~]+", version.value):
        # it is sent in the User-Agent header
        diags.error(version.pos, "'version' must be visible ASCII without spaces (e.g. 2.3.0)")
        version = None
    targets = read_targets(r, root)
    client = read_client(r, root)
    operations = read_operations(r, root)
    schemas = read_schemas(r, root)
    return Config(
        version=version.value if version is not None else None,
        targets=tuple(targets),
        sync_class=client.sync_class,
        async_class=client.async_class,
        api_key_env=client.api_key_env,
        base_url_env=client.base_url_env,
        default_base_url=client.default_base_url,
        headers=client.headers,
        timeout=client.timeout,
        max_retries=client.max_retries,
        operations=tuple(operations),
        renames=schemas.renames,
        rename_pos=schemas.rename_pos,
        pos=root.pos,
        nullable=tuple(schemas.nullable),
        class_pos=client.class_pos,
        map_all="operations" not in root,
        client_options=client.options,
        strict_response_validation=client.strict_response_validation,
        log_env=client.log_env,
        overrides=tuple(read_overrides(r, root)),
    )
