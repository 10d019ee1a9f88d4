"""The JSON Schema vocabulary real documents use (issue 10, item 3): keywords beside `$ref`
combine as `allOf` would; `$recursiveRef` / `$dynamicRef`; `not` and unknown keywords are
ignored with a warning; `allOf` request bodies and nested `allOf` chains."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from harness.generate import config_for, import_package, write_inputs

from generator.cli import main
from generator.diagnostics import Problem
from generator.pipeline import build_package

scripted_server: Any = importlib.import_module("harness.server")

SPEC = """\
openapi: 3.1.0
info: {title: Vocabulary, version: 1.0.0}
paths:
  /nodes:
    post:
      operationId: createNode
      requestBody:
        required: true
        content:
          application/json:
            schema:
              allOf:
                - $ref: '#/components/schemas/Named'
                - {type: object, required: [tree], properties: {tree: {$ref: '#/components/schemas/Tree'}}}
      responses:
        '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Labelled'}}}}
components:
  schemas:
    Base:
      type: object
      required: [id]
      properties: {id: {type: string, min_items: 3}}
    Named:
      allOf:
        - $ref: '#/components/schemas/Base'
        - {type: object, properties: {name: {type: string, not: {const: ''}}}}
    Labelled:
      $ref: '#/components/schemas/Named'
      type: object
      properties: {label: {type: [string, 'null']}}
    Tree:
      $recursiveAnchor: true
      type: object
      properties:
        value: {type: integer}
        children: {type: array, items: {$recursiveRef: '#'}}
"""


def test_the_vocabulary_lowers(tmp_path: Path) -> None:
    spec, config, _ = write_inputs(tmp_path, SPEC, config_for({"createNode": "nodes.create"}))
    warnings: list[Problem] = []
    package = build_package(spec, config, warnings)
    assert sorted(w.message for w in warnings) == [
        "warning: 'not' is not enforced by the generated code; it is ignored",
        "warning: unknown schema keyword 'min_items' is ignored",
    ]
    models = {m.name: m for m in package.models}
    # a nested allOf chain (Labelled -> Named -> Base) and properties beside $ref
    assert [f.json_name for f in models["Labelled"].fields] == ["id", "name", "label"]
    assert models["Labelled"].fields[0].required
    (op,) = package.operations
    assert op.body is not None
    assert [(f.json_name, f.required) for f in op.body.fields] == [("id", True), ("name", False), ("tree", True)]
    tree = package.params_types[0]
    assert tree.name == "TreeParam" and tree.recursive


def test_the_generated_client_sends_the_all_of_body(tmp_path: Path) -> None:
    spec, config, names = write_inputs(tmp_path, SPEC, config_for({"createNode": "nodes.create"}))
    out = tmp_path / "out"
    assert main(["generate", "--spec", str(spec), "--config", str(config), "--out", str(out)]) == 0
    for package in names.values():
        pkg = import_package(out, package)
        server = scripted_server.ScriptedServer().start()
        try:
            client = pkg.Client(api_key="k", base_url=server.url, max_retries=0)
            server.reply(body={"id": "n", "label": None})
            tree = {"value": 1, "children": [{"value": 2, "children": []}]}
            result = client.nodes.create(id="n", tree=tree)
            assert result.id == "n" and result.label is None
            assert json.loads(server.requests[0].body) == {"id": "n", "tree": tree}
            client.close()
        finally:
            server.stop()
