"""The config for one side of a diff: the same config without the operations it lacks.

When the new document adds an operation and the config maps it, the old document cannot be
built under that config (`operation 'x' is not in the spec`), and the other way round when
an operation is removed; that side is then built with a copy of the config that leaves such
operations out, so they show up as added or removed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import yaml

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def config_for_document(config: Path, base: Path, out: Path) -> Optional[Path]:
    """Write the trimmed config to `out` and return it, or None when trimming changes
    nothing (or either file cannot be read plainly: the first problems then stand)."""
    try:
        config_data = yaml.safe_load(config.read_text(encoding="utf-8"))
        base_data = yaml.safe_load(base.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return None
    if not isinstance(config_data, dict) or not isinstance(config_data.get("operations"), dict):
        return None
    present = _operation_ids(base_data)
    mapped = config_data["operations"]
    kept = {op_id: entry for op_id, entry in mapped.items() if op_id in present}
    if not kept or len(kept) == len(mapped):
        return None
    config_data["operations"] = kept
    # JSON is YAML: no anchors, no tags, nothing the loader could read differently
    out.write_text(json.dumps(config_data, indent=2, default=str), encoding="utf-8")
    return out


def _operation_ids(document: object) -> set[str]:
    paths = document.get("paths") if isinstance(document, dict) else None
    found: set[str] = set()
    for item in paths.values() if isinstance(paths, dict) else ():
        for method in HTTP_METHODS:
            op = item.get(method) if isinstance(item, dict) else None
            if isinstance(op, dict) and isinstance(op.get("operationId"), str):
                found.add(op["operationId"])
    return found
