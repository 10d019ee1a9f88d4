"""Tiny inline documents for the unit tests of the lowering modules."""

from __future__ import annotations

import textwrap
from pathlib import Path

from generator.config import parse_config
from generator.lower.isolation import OperationProblems
from generator.lower.schemas import SchemaLowerer
from generator.source import Document, MapNode, parse_yaml

CONFIG = """\
targets:
  - kind: pydantic
    package: pkg
operations:
  op: things.get
"""


def document(text: str, name: str = "spec.yaml") -> Document:
    return Document(Path(name), name, "0" * 64, parse_yaml(textwrap.dedent(text), name))


def schemas_doc(schemas: str) -> Document:
    """A document whose components/schemas are `schemas` (YAML, indented as you like)."""
    body = textwrap.indent(textwrap.dedent(schemas), "    ")
    return document(f"openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{body}")


def node_at(doc: Document, *keys: str) -> MapNode:
    node = doc.root
    for key in keys:
        child = node.get(key)
        assert isinstance(child, MapNode), key
        node = child
    return node


def lowerer(schemas: str) -> tuple[SchemaLowerer, OperationProblems]:
    """A SchemaLowerer over a document with the given component schemas (names claimed)."""
    diags = OperationProblems()
    config = parse_config(parse_yaml(CONFIG, "config.yaml"), diags)
    assert not diags.problems
    lw = SchemaLowerer(schemas_doc(schemas), config, diags)
    lw.claim_component_names(lw.components)
    return lw, diags
