"""Request bodies and pagination from a tiny inline spec: the TypedDict shapes the upstream
document does not have (a recursive object, keys that class syntax cannot spell, only
required keys), a page without `last_id`, and a comma-separated query array; both targets,
checked by mypy --strict, at run time, and against the scripted server of tests/clients."""

from __future__ import annotations

import json
import textwrap
import warnings
from pathlib import Path
from urllib.parse import parse_qsl

from harness.generate import config_for, generate_inline, import_package
from harness.processes import mypy_strict
from harness.server import ScriptedServer

SPEC = """\
openapi: 3.1.0
info: {title: Shapes, version: 1.0.0}
paths:
  /nodes:
    get:
      operationId: listNodes
      parameters:
        - {name: after, in: query, schema: {type: string}}
        - {name: kinds, in: query, explode: false, schema: {type: array, items: {type: string, enum: [leaf, branch]}}}
      responses:
        '200':
          description: OK
          content: {application/json: {schema: {$ref: '#/components/schemas/NodePage'}}}
    post:
      operationId: createNode
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/CreateNode'}}}
      responses:
        '200':
          description: OK
          content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}
components:
  schemas:
    Node:
      type: object
      required: [id]
      properties: {id: {type: string}, label: {type: string}}
    NodePage:
      type: object
      required: [data, has_more]
      properties:
        data: {type: array, items: {$ref: '#/components/schemas/Node'}}
        has_more: {type: boolean}
        first_id: {type: string}
    Tree:
      type: object
      required: [label]
      properties:
        label: {type: string}
        children: {type: array, items: {$ref: '#/components/schemas/Tree'}}
    Limits:
      type: object
      required: [max-size]
      properties:
        max-size: {type: integer}
        class: {type: string}
    Flags:
      type: object
      required: [enabled]
      properties: {enabled: {type: boolean}}
    CreateNode:
      type: object
      required: [label]
      properties:
        label: {type: string}
        tree: {$ref: '#/components/schemas/Tree'}
        limits: {$ref: '#/components/schemas/Limits'}
        flags: {$ref: '#/components/schemas/Flags'}
        note: {type: [string, 'null']}
        stream: {type: boolean}
"""

CONFIG = config_for({"listNodes": "nodes.list", "createNode": "nodes.create"})

USAGE = """
from typing import List

import {pydantic} as p
import {dataclass} as d


def use(client: p.Client, stdlib: d.Client) -> List[str]:
    tree: p.TreeParam = {{"label": "root", "children": [{{"label": "a", "children": []}}]}}
    limits: d.LimitsParam = {{"max-size": 3, "class": "x"}}
    node = client.nodes.create(label="n", tree=tree, limits={{"max-size": 1}}, flags={{"enabled": True}}, note=None)
    other = stdlib.nodes.create(label="n", limits=limits, tree={{"label": "t"}})
    pages: p.SyncCursorPage[p.Node] = client.nodes.list(kinds=["leaf", "branch"])
    return [node.id, other.id] + [n.id for n in pages] + [n.id for n in stdlib.nodes.list()]


def misuse(client: p.Client) -> None:
    client.nodes.create(label="n", tree={{"label": "root", "children": [{{"name": "a"}}]}})  # error
    client.nodes.create(label="n", limits={{"class": "x"}})  # error: max-size is required
    client.nodes.create(label="n", flags={{}})  # error: enabled is required
"""


def test_request_shapes(tmp_path: Path) -> None:
    out, names = generate_inline(tmp_path, SPEC, CONFIG)
    usage = out / "usage.py"
    usage.write_text(textwrap.dedent(USAGE.format(**names)))
    result = mypy_strict(usage, out / names["pydantic"], out / names["dataclass"])
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    expected = [n for n, line in enumerate(usage.read_text().splitlines(), 1) if "# error" in line]
    assert (
        sorted({int(line.split(":")[1]) for line in errors if line.startswith(str(usage))}) == expected
    ), result.stdout
    assert all(line.startswith(str(usage)) for line in errors), result.stdout

    for pkg in (import_package(out, names["pydantic"]), import_package(out, names["dataclass"])):
        assert pkg.TreeParam.__required_keys__ == {"label"} and pkg.TreeParam.__optional_keys__ == {
            "children"
        }
        assert pkg.LimitsParam.__required_keys__ == {"max-size"} and pkg.LimitsParam.__optional_keys__ == {
            "class"
        }
        assert pkg.FlagsParam.__required_keys__ == {"enabled"}
        server = ScriptedServer().start()
        try:
            client = pkg.Client(api_key="k", base_url=server.url, max_retries=0)
            server.reply(body={"id": "n1"})
            tree = {"label": "root", "children": [{"label": "a"}]}
            node = client.nodes.create(label="n", tree=tree, limits={"max-size": 2, "class": "c"}, note=None)
            assert node.id == "n1"
            assert json.loads(server.requests[-1].body) == {
                "label": "n",
                "tree": tree,
                "limits": {"max-size": 2, "class": "c"},
                "note": None,
            }
            # a page without last_id: the next cursor is the last item's id
            server.reply(body={"data": [{"id": "n1"}, {"id": "n2"}], "has_more": True, "first_id": "n1"})
            server.reply(body={"data": [{"id": "n3"}], "has_more": False})
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # nothing is deprecated here
                ids = [n.id for n in client.nodes.list(kinds=["leaf", "branch"])]
            assert ids == ["n1", "n2", "n3"]
            assert parse_qsl(server.requests[-2].query) == [("kinds", "leaf,branch")]
            assert parse_qsl(server.requests[-1].query) == [("after", "n2"), ("kinds", "leaf,branch")]
            client.close()
        finally:
            server.stop()
