"""Media types: which request and response bodies this client reads and writes."""

from __future__ import annotations


def json_media_type(media_type: str) -> bool:
    """Whether a media type (`application/json; charset=utf-8`, `...+json`) is JSON."""
    base = media_type.split(";")[0].strip()
    return base == "application/json" or base.endswith("+json")
