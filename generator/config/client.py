"""The `client:` section: class names, environment variables, base URL, headers, timeouts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urlsplit

from ..diagnostics import Pos
from ..naming import RESERVED_TOP_LEVEL
from ..reader import Reader, scalar_text
from ..source import MapNode, Node
from .model import CLIENT_CLASS_NAMES, CLIENT_MEMBERS, HEADER_NAME, ClientOptionConfig, identifier

CLIENT_KEYS = (
    "sync_class", "async_class", "api_key_env", "base_url_env", "default_base_url",
    "headers", "timeout", "max_retries", "options", "strict_response_validation", "log_env",
)
# Headers the HTTP client frames the request with: never the config's to set.
FRAMING_HEADERS = frozenset({"content-length", "transfer-encoding", "host", "connection"})
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


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
    class_pos: dict[str, Pos] = field(default_factory=dict)
    options: tuple[ClientOptionConfig, ...] = ()
    strict_response_validation: bool = True
    log_env: Optional[str] = None


def read_client(r: Reader, root: MapNode) -> ClientSection:
    client = r.map(root.get("client"), "'client'") or MapNode(root.pos)
    r.known_keys(client, CLIENT_KEYS, "'client'")
    sync_class = _class_name(r, client, "sync_class", "Client")
    async_class = _class_name(r, client, "async_class", "AsyncClient")
    if sync_class == async_class:
        r.diags.error((client.get("async_class") or client).pos, "sync_class and async_class must differ")
    headers = _headers(r, client)
    return ClientSection(
        sync_class=sync_class,
        async_class=async_class,
        api_key_env=_env_name(r, client, "api_key_env", "API_KEY"),
        base_url_env=_env_name(r, client, "base_url_env", "BASE_URL"),
        default_base_url=_base_url(r, client),
        headers=headers,
        timeout=_timeout(r, client),
        max_retries=_max_retries(r, client),
        class_pos={key: node.pos for key in ("sync_class", "async_class") if (node := client.get(key)) is not None},
        options=_options(r, client, {name.lower() for name, _ in headers}),
        strict_response_validation=_strict(r, client),
        log_env=_optional_env_name(r, client, "log_env"),
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
    return _optional_env_name(r, client, key) or default


def _optional_env_name(r: Reader, client: MapNode, key: str) -> Optional[str]:
    given = r.text(client, key)
    if given is None:
        return None
    if not _ENV_NAME.fullmatch(given.value):
        r.diags.error(
            given.pos,
            f"{key} {given.value!r} is not an environment variable name (letters, digits, underscores)",
        )
    return given.value


def _strict(r: Reader, client: MapNode) -> bool:
    given = r.boolean(client, "strict_response_validation", "strict_response_validation must be true or false")
    return True if given is None else given.value


def _options(r: Reader, client: MapNode, headers: set[str]) -> tuple[ClientOptionConfig, ...]:
    """`options: {organization: {env: OPENAI_ORG_ID, header: OpenAI-Organization}}`; no two
    send the same header, nor one of `headers` (lower-case names)."""
    node = r.map(client.get("options"), "'options'")
    options: list[ClientOptionConfig] = []
    for name, value in node.items() if node is not None else ():
        assert node is not None
        option = _option(r, name, value, node.key_pos[name])
        if option is None:
            continue
        if option.header.lower() in headers:
            r.diags.error(node.key_pos[name], f"option {name!r}: header {option.header!r} is sent twice")
            continue
        headers.add(option.header.lower())
        options.append(option)
    return tuple(options)


def _option(r: Reader, name: str, value: Node, pos: Pos) -> Optional[ClientOptionConfig]:
    entry = r.map(value, f"option {name!r}")
    if entry is None:
        return None
    r.known_keys(entry, ("env", "header"), f"option {name!r}")
    if not identifier(name) or name.startswith("_") or name in CLIENT_MEMBERS or name in RESERVED_TOP_LEVEL:
        r.diags.error(pos, f"option {name!r} must be a Python identifier the client does not already define")
        return None
    header = r.text(entry, "header")
    if header is None:
        if "header" not in entry:
            r.diags.error(entry.pos, f"option {name!r} needs 'header' (the HTTP header it is sent as)")
        return None
    if not HEADER_NAME.fullmatch(header.value) or header.value.lower() in FRAMING_HEADERS:
        r.diags.error(header.pos, f"option {name!r}: {header.value!r} is not a header the client may send")
        return None
    return ClientOptionConfig(name, _optional_env_name(r, entry, "env"), header.value, pos)


def _base_url(r: Reader, client: MapNode) -> Optional[str]:
    given = r.text(client, "default_base_url")
    if given is None:
        return None
    if not re.fullmatch(r"https?://[^\s]+", given.value):
        r.diags.error(given.pos, "default_base_url must be an http(s) URL")
    elif not _valid_port(given.value):
        r.diags.error(given.pos, f"default_base_url {given.value!r} has no valid port (1-65535)")
    return given.value


def _valid_port(url: str) -> bool:
    """No port, or one a client can connect to (urlsplit accepts 0; the clients do not)."""
    try:
        port = urlsplit(url).port
    except ValueError:  # not a number, or past 65535
        return False
    return port is None or port > 0


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
