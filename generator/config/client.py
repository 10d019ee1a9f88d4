"""The `client:` section: class names, environment variables, base URL, headers, timeouts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..naming import RESERVED_TOP_LEVEL
from ..reader import Reader, scalar_text
from ..source import MapNode
from .model import CLIENT_CLASS_NAMES, HEADER_NAME, identifier

CLIENT_KEYS = (
    "sync_class", "async_class", "api_key_env", "base_url_env", "default_base_url",
    "headers", "timeout", "max_retries",
)


@dataclass(frozen=True)
class ClientSection:
    sync_class: str = "Client"
    async_class: str = "AsyncClient"
    api_key_env: str = "API_KEY"
    base_url_env: str = "BASE_URL"
    default_base_url: Optional[str] = None
    headers: tuple[tuple[str, str], ...] = ()
    timeout: float = 600.0
    max_retries: int = 2


def read_client(r: Reader, root: MapNode) -> ClientSection:
    client = r.map(root.get("client"), "'client'") or MapNode(root.pos)
    r.known_keys(client, CLIENT_KEYS, "'client'")
    sync_class = _class_name(r, client, "sync_class", "Client")
    async_class = _class_name(r, client, "async_class", "AsyncClient")
    if sync_class == async_class:
        r.diags.error((client.get("async_class") or client).pos, "sync_class and async_class must differ")
    return ClientSection(
        sync_class=sync_class,
        async_class=async_class,
        api_key_env=_env_name(r, client, "api_key_env", "API_KEY"),
        base_url_env=_env_name(r, client, "base_url_env", "BASE_URL"),
        default_base_url=_base_url(r, client),
        headers=_headers(r, client),
        timeout=_timeout(r, client),
        max_retries=_max_retries(r, client),
    )


def _class_name(r: Reader, client: MapNode, key: str, default: str) -> str:
    given = r.text(client, key)
    if given is None:
        return default
    name = given.value
    if not identifier(name):
        r.diags.error(given.pos, f"{key} {name!r} is not a Python identifier")
    elif name in RESERVED_TOP_LEVEL - CLIENT_CLASS_NAMES or name.startswith("_"):
        r.diags.error(given.pos, f"{key} {name!r} would shadow a name the generated package defines or imports")
    return name


def _env_name(r: Reader, client: MapNode, key: str, default: str) -> str:
    given = r.text(client, key)
    if given is None:
        return default
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", given.value):
        r.diags.error(
            given.pos,
            f"{key} {given.value!r} is not an environment variable name (letters, digits, underscores)",
        )
    return given.value


def _base_url(r: Reader, client: MapNode) -> Optional[str]:
    given = r.text(client, "default_base_url")
    if given is None:
        return None
    if not re.fullmatch(r"https?://[^\s]+", given.value):
        r.diags.error(given.pos, "default_base_url must be an http(s) URL")
    return given.value


def _headers(r: Reader, client: MapNode) -> tuple[tuple[str, str], ...]:
    headers: list[tuple[str, str]] = []
    node = r.map(client.get("headers"), "'headers'")
    for name, value in node.items() if node is not None else ():
        assert node is not None
        text = scalar_text(value)
        if not HEADER_NAME.fullmatch(name):
            r.diags.error(node.key_pos[name], f"{name!r} is not a valid HTTP header name")
        elif text is None or any(c in text for c in "\r\n\0"):
            r.diags.error(value.pos, f"header {name!r} needs a single-line string value")
        else:
            headers.append((name, text))
    return tuple(headers)


def _timeout(r: Reader, client: MapNode) -> float:
    message = "timeout must be a positive, finite number of seconds"
    given = r.number(client, "timeout", message)
    if given is None:
        return 600.0
    try:
        seconds = float(given.value)
    except OverflowError:  # an integer past what a float holds (10**400)
        seconds = float("inf")
    if not 0 < seconds < float("inf"):
        r.diags.error(given.pos, message)
        return 600.0
    return seconds


def _max_retries(r: Reader, client: MapNode) -> int:
    message = "max_retries must be a non-negative integer"
    given = r.integer(client, "max_retries", message)
    if given is None:
        return 2
    if given.value < 0:
        r.diags.error(given.pos, message)
        return 2
    return given.value
