"""The `schemas:` section: class renames and properties the server sends as null."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..diagnostics import Pos
from ..naming import RESERVED_TOP_LEVEL
from ..reader import Reader, scalar_text
from ..source import MapNode, Node
from .model import SchemaPath, identifier


@dataclass
class SchemasSection:
    renames: dict[str, str] = field(default_factory=dict)
    rename_pos: dict[str, Pos] = field(default_factory=dict)
    nullable: list[SchemaPath] = field(default_factory=list)


def read_schemas(r: Reader, root: MapNode) -> SchemasSection:
    section = SchemasSection()
    node = r.map(root.get("schemas"), "'schemas'")
    if node is None:
        return section
    r.known_keys(node, ("rename", "nullable"), "'schemas'")
    rename_node = r.map(node.get("rename"), "'rename'")
    for key, value in rename_node.items() if rename_node is not None else ():
        assert rename_node is not None
        new_name = _rename(r, key, value, section.renames)
        if new_name is not None:
            section.renames[key] = new_name
            section.rename_pos[key] = rename_node.key_pos[key]
    nullable = r.seq(node.get("nullable"), "'nullable' must be a list of Schema.property paths")
    for item in nullable if nullable is not None else ():
        text = scalar_text(item)
        if text is None or not re.fullmatch(r"[^.\s]+(\.[^.\s]+)+", text):
            r.diags.error(item.pos, "a 'nullable' entry must be a string Schema.property (e.g. RunObject.instructions)")
            continue
        section.nullable.append(SchemaPath(tuple(text.split(".")), item.pos))
    return section


def _rename(r: Reader, key: str, value: Node, renames: dict[str, str]) -> Optional[str]:
    """The class name `schemas.rename` gives `key`, or None (the problem reported)."""
    name = scalar_text(value)
    if name is None or not identifier(name):
        r.diags.error(value.pos, f"rename of {key!r} must be a Python identifier")
        return None
    if name in RESERVED_TOP_LEVEL or name.startswith("_"):
        r.diags.error(value.pos, f"rename of {key!r}: {name!r} is a name the generated package defines or imports")
        return None
    twin = next((k for k, v in renames.items() if v == name), None)
    if twin is not None:
        r.diags.error(value.pos, f"schemas {twin!r} and {key!r} are both renamed to {name!r}")
        return None
    return name
