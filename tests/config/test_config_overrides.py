"""`overrides:`: per-operation options (method, stream, poll, response, deprecated) when the
config maps no operations, so every operation still generates (issue 11, item 3)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.config import parse_config
from generator.diagnostics import Diagnostics, SpecError
from generator.ir import Operation, Package, Resource
from generator.pipeline import build_package
from generator.source import parse_yaml

SPEC = """\
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /threads/{thread_id}/runs:
    post:
      operationId: createRun
      parameters: [{name: thread_id, in: path, required: true, schema: {type: string}}]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: {assistant_id: {type: string}, stream: {type: [boolean, 'null']}}
      responses:
        '200':
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Run'}
  /files/{file_id}/content:
    get:
      operationId: downloadFile
      parameters: [{name: file_id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          content:
            application/json:
              schema: {type: string}
  /files:
    get:
      operationId: listFiles
      responses:
        '200':
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
components:
  schemas:
    Run:
      type: object
      properties: {id: {type: string}}
    Event:
      type: object
      properties: {event: {type: string}}
"""

HEAD = """\
targets:
  - kind: pydantic
    package: pkg
client:
  default_base_url: http://127.0.0.1:8080
"""


def build(tmp_path: Path, config: str) -> Package:
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(HEAD + textwrap.dedent(config), encoding="utf-8")
    return build_package(tmp_path / "spec.yaml", tmp_path / "config.yaml")


def problems(tmp_path: Path, config: str) -> list[str]:
    with pytest.raises(SpecError) as caught:
        build(tmp_path, config)
    return [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems]


def by_method(package: Package) -> dict[str, Operation]:
    out: dict[str, Operation] = {}

    def visit(resources: tuple[Resource, ...], prefix: str) -> None:
        for resource in resources:
            for op in resource.operations:
                out[f"{prefix}{resource.attr}.{op.py_name}"] = op
            visit(resource.children, f"{prefix}{resource.attr}.")

    visit(package.resources, "")
    return out


def test_overrides_are_read_with_method_optional() -> None:
    diags = Diagnostics()
    text = HEAD + "overrides:\n  createRun: {stream: {events: Event}, deprecated: true}\n  downloadFile: {method: files.content}\n"
    config = parse_config(parse_yaml(text, "config.yaml"), diags)
    assert diags.problems == []
    assert config.map_all and config.operations == ()
    run, download = config.overrides
    assert (run.operation_id, run.method_path, run.deprecated) == ("createRun", (), True)
    assert run.stream is not None and (run.stream.param, run.stream.events) == ("stream", "Event")
    assert (download.operation_id, download.method_path) == ("downloadFile", ("files", "content"))


def test_every_operation_generates_with_the_overrides_laid_over(tmp_path: Path) -> None:
    package = build(
        tmp_path,
        """\
        overrides:
          createRun: {stream: {events: Event}}
          downloadFile: {method: files.content, response: binary}
        """,
    )
    ops = by_method(package)
    assert sorted(ops) == ["files.content", "files.list", "threads.runs"]
    stream = ops["threads.runs"].stream
    assert stream is not None and stream.param_py == "stream"
    assert ops["files.content"].binary and ops["files.content"].response is None
    assert ops["files.list"].stream is None and not ops["files.list"].binary


def test_without_overrides_the_same_operations_neither_stream_nor_download(tmp_path: Path) -> None:
    ops = by_method(build(tmp_path, ""))
    assert sorted(ops) == ["files.content.list", "files.list", "threads.runs"]
    assert all(op.stream is None for op in ops.values())
    assert not any(op.binary for op in ops.values())


def test_overrides_beside_operations_is_an_error(tmp_path: Path) -> None:
    found = problems(tmp_path, "operations:\n  createRun: threads.runs.create\noverrides:\n  createRun: {deprecated: true}\n")
    assert found == [
        "config.yaml:8:1: 'overrides' is for a config without 'operations' (every operation generated):"
        " put these options in the 'operations' entries instead"
    ]


def test_unknown_operation_id_and_unknown_key_are_positioned(tmp_path: Path) -> None:
    found = problems(tmp_path, "overrides:\n  createRunn: {deprecated: true}\n  listFiles: {methd: files.all}\n")
    assert found == [
        "config.yaml:7:3: overrides: operation 'createRunn' is not in the spec",
        "config.yaml:8:15: unknown key 'methd' in operation 'listFiles'"
        " (allowed: method, deprecated, deprecation_message, poll, stream, response)",
    ]


def test_a_method_another_operation_has_is_an_error(tmp_path: Path) -> None:
    found = problems(tmp_path, "overrides:\n  downloadFile: {method: files.list}\n")
    assert found == ["config.yaml:7:3: overrides: 'files.list' is also the method of operation 'listFiles'"]
    found = problems(tmp_path, "overrides:\n  listFiles: {method: files.content}\n")
    assert found == ["config.yaml:7:3: overrides: 'files.content' is also a resource"]


def test_a_declared_stream_is_checked_where_written(tmp_path: Path) -> None:
    found = problems(tmp_path, "overrides:\n  listFiles: {stream: {events: Event}}\n")
    assert found == ["config.yaml:7:32: stream: the request body has no boolean property 'stream' to ask for the stream"]
