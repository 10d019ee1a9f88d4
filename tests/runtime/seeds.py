"""The documented JSON examples, cut out of the seed pages (never retyped).

Standard library only: these suites also run on Python 3.9 and 3.13 with nothing but the
generated packages and their runtime dependencies installed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

from harness.paths import SEEDS


def json_blocks(text: str) -> List[Any]:
    """Every JSON value that starts with `{` in the text, outermost first, no overlaps."""
    decoder = json.JSONDecoder()
    found: List[Any] = []
    i = text.find("{")
    while i != -1:
        try:
            value, end = decoder.raw_decode(text, i)
        except ValueError:
            i = text.find("{", i + 1)
            continue
        found.append(value)
        i = text.find("{", end)
    return found


def seed_pages() -> List[Path]:
    """The seed pages (copied unmodified from the project's documentation sources)."""
    pages = sorted(SEEDS.glob("*.txt"))
    if not pages:
        raise FileNotFoundError(f"no seed pages under {SEEDS}")
    return pages


def seed_examples() -> List[Tuple[str, Dict[str, Any]]]:
    """(id, example) for every documented Run example in the seed pages."""
    out: List[Tuple[str, Dict[str, Any]]] = []
    for page in seed_pages():
        for n, block in enumerate(json_blocks(page.read_text(encoding="utf-8"))):
            if isinstance(block, dict) and block.get("object") == "thread.run":
                out.append((f"{page.stem}#{n}", block))
    return out


def seed_snippets() -> List[Tuple[str, Dict[str, Any]]]:
    """Other JSON objects quoted in the pages (e.g. tool choice examples)."""
    out: List[Tuple[str, Dict[str, Any]]] = []
    for page in seed_pages():
        for n, block in enumerate(json_blocks(page.read_text(encoding="utf-8"))):
            if isinstance(block, dict) and block.get("object") != "thread.run":
                out.append((f"{page.stem}#{n}", block))
    return out
