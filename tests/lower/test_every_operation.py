"""With no `operations:` in the config, every operation is generated, named from its path;
one that cannot be generated is skipped with a positioned warning, and only the operations
that reach a problem are (issue 10, items 1 and 2)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from harness.generate import import_package

from generator.cli import main
from generator.diagnostics import Problem, SpecError
from generator.pipeline import build_package

scripted_server: Any = importlib.import_module("harness.server")

RESPONSE = "{'200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}}"
ID = "[{name: id, in: path, required: true, schema: {type: string}}]"
SPEC = f"""\
openapi: 3.1.0
info: {{title: Every, version: 1.0.0}}
paths:
  /things:
    get: {{operationId: listThings, responses: {RESPONSE}}}
    post: {{operationId: createThing, responses: {RESPONSE}}}
  /things/{{id}}:
    parameters: {ID}
    get: {{responses: {RESPONSE}}}
    post: {{operationId: modifyThing, responses: {RESPONSE}}}
    put: {{operationId: putThing, responses: {RESPONSE}}}
    delete: {{operationId: deleteThing, responses: {{'204': {{description: gone}}}}}}
  /things/{{id}}/cancel:
    parameters: {ID}
    post: {{operationId: cancelThing, responses: {RESPONSE}}}
  /gadgets/{{id}}:
    parameters: {ID}
    put: {{operationId: putGadget, responses: {RESPONSE}}}
  /threads/{{id}}/runs:
    parameters: {ID}
    get: {{operationId: listRuns, responses: {RESPONSE}}}
  /threads/{{id}}/runs/{{run}}:
    parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}, {{name: run, in: path, required: true, schema: {{type: string}}}}]
    get: {{operationId: getRun, responses: {RESPONSE}}}
  /things?beta=true:
    get: {{operationId: listBetaThings, responses: {RESPONSE}}}
  /tuples:
    get:
      operationId: getTuple
      responses: {{'200': {{description: OK, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Pair'}}}}}}}}}}
  /pairs:
    get:
      operationId: listPairs
      responses: {{'200': {{description: OK, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Pairs'}}}}}}}}}}
components:
  schemas:
    Thing: {{type: object, properties: {{id: {{type: string}}}}}}
    Pair: {{type: array, prefixItems: [{{type: string}}, {{type: integer}}]}}
    Pairs: {{type: object, properties: {{pairs: {{type: array, items: {{$ref: '#/components/schemas/Pair'}}}}}}}}
"""

CONFIG = """\
targets:
  - {kind: pydantic, package: every_p}
  - {kind: dataclass, package: every_d}
client: {default_base_url: 'http://127.0.0.1:9'}
"""


def write(tmp_path: Path, spec: str = SPEC, config: str = CONFIG) -> tuple[Path, Path]:
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(config, encoding="utf-8")
    return tmp_path / "spec.yaml", tmp_path / "config.yaml"


def method_paths(resources: Any, prefix: tuple[str, ...] = ()) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in resources:
        for op in r.operations:
            out[op.operation_id] = ".".join((*prefix, r.attr, op.py_name))
        out.update(method_paths(r.children, (*prefix, r.attr)))
    return out


def test_operations_are_named_from_their_paths(tmp_path: Path) -> None:
    warnings: list[Problem] = []
    package = build_package(*write(tmp_path), warnings)
    assert method_paths(package.resources) == {
        "listThings": "things.list_things",  # collides with listBetaThings: named from the operationId
        "createThing": "things.create",
        "GET /things/{id}": "things.retrieve",  # no operationId
        "modifyThing": "things.update",
        "putThing": "things.replace",
        "deleteThing": "things.delete",
        "cancelThing": "things.cancel",
        "putGadget": "gadgets.update",  # PUT is the update when there is no POST or PATCH
        "listRuns": "threads.runs.list",
        "getRun": "threads.runs.retrieve",
        "listBetaThings": "things.list_beta_things",
    }


def test_an_operation_that_cannot_be_generated_is_skipped_with_a_warning(tmp_path: Path) -> None:
    warnings: list[Problem] = []
    package = build_package(*write(tmp_path), warnings)
    skipped = sorted(str(w) for w in warnings if "is skipped" in w.message)
    # both operations reaching the `prefixItems` schema, named, at the construct's position
    assert skipped == [
        "spec.yaml:38:25: warning: operation GET /pairs (pairs.list) is skipped:"
        " unsupported construct: 'prefixItems' (tuples)",
        "spec.yaml:38:25: warning: operation GET /tuples (tuples.list) is skipped:"
        " unsupported construct: 'prefixItems' (tuples)",
    ]
    assert "getTuple" not in {op.operation_id for op in package.operations}
    assert [m.name for m in package.models] == ["Thing"]  # nothing only a skipped one used
    assert "tuples" not in {r.attr for r in package.resources}


def test_the_rest_generates_and_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec, config = write(tmp_path)
    out = tmp_path / "out"
    assert main(["generate", "--spec", str(spec), "--config", str(config), "--out", str(out)]) == 0
    assert "warning: operation GET /tuples (tuples.list) is skipped" in capsys.readouterr().err
    for package in ("every_p", "every_d"):
        pkg = import_package(out, package)
        server = scripted_server.ScriptedServer().start()
        try:
            client = pkg.Client(api_key="k", base_url=server.url, max_retries=0)
            server.reply(body={"id": "t1"})
            assert client.things.retrieve("t1").id == "t1"
            server.reply(body={"id": "r"})
            assert client.threads.runs.retrieve("r", id="th").id == "r"
            server.reply(body={"id": "c"})
            client.things.cancel("t1")
            assert [(r.method, r.path) for r in server.requests] == [
                ("GET", "/things/t1"), ("GET", "/threads/th/runs/r"), ("POST", "/things/t1/cancel")
            ]
            client.close()
        finally:
            server.stop()


def test_strict_makes_a_skipped_operation_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec, config = write(tmp_path)
    out = tmp_path / "out"
    assert main(["generate", "--strict", "--spec", str(spec), "--config", str(config), "--out", str(out)]) == 2
    assert "spec.yaml:38:25: unsupported construct: 'prefixItems' (tuples)" in capsys.readouterr().err
    assert not out.exists()


def test_an_operation_the_config_names_stays_an_error(tmp_path: Path) -> None:
    paths = write(tmp_path, config=CONFIG + "operations:\n  getTuple: tuples.get\n  listThings: things.list\n")
    with pytest.raises(SpecError) as caught:
        build_package(*paths)
    assert [p.message for p in caught.value.problems] == ["unsupported construct: 'prefixItems' (tuples)"]


def test_a_broken_document_still_fails_whole(tmp_path: Path) -> None:
    broken = SPEC.replace("$ref: '#/components/schemas/Pair'}}", "$ref: '#/components/schemas/Nope'}}", 1)
    spec, config = write(tmp_path, broken)
    with pytest.raises(SpecError) as caught:
        build_package(spec, config)
    assert [p.message for p in caught.value.problems] == [
        "dangling $ref '#/components/schemas/Nope': nothing at that location"
    ]


def test_refs_inside_extensions_are_not_schema(tmp_path: Path) -> None:
    """`x-*` values are data: a `$ref` there is neither followed nor named."""
    spec = SPEC.replace(
        "    get: {operationId: listThings, responses:",
        "    x-docs: {$ref: '#/components/schemas/Pairs'}\n    get: {operationId: listThings, responses:",
    ).replace("  /tuples:", "  /tuples:\n    x-group: {schema: {$ref: '#/components/schemas/Missing'}}")
    package = build_package(*write(tmp_path, spec))
    assert "listThings" in {op.operation_id for op in package.operations}
    assert [m.name for m in package.models] == ["Thing"]
