"""Config values that collide with what the document names, or that the generated package
cannot use, are positioned config errors (exit 2), never a silent rename (issue 14, item 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.diagnostics import SpecError
from generator.pipeline import build_package

SPEC = """\
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /runs/{id}:
    get:
      operationId: getRun
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Run'}
components:
  schemas:
    Run:
      type: object
      properties: {id: {type: string}, step: {$ref: '#/components/schemas/RunStep'}}
    RunStep:
      type: object
      properties: {id: {type: string}}
"""

CONFIG = """\
targets:
  - kind: pydantic
    package: {package}
  - kind: dataclass
    package: pkg_dc
client:
  sync_class: {sync_class}
  async_class: {async_class}
  default_base_url: {base_url}
operations:
  getRun: runs.retrieve
{schemas}"""


def config(
    sync_class: str = "Client",
    async_class: str = "AsyncClient",
    package: str = "pkg",
    base_url: str = "http://127.0.0.1:8080",
    schemas: str = "",
) -> str:
    return CONFIG.format(
        sync_class=sync_class, async_class=async_class, package=package, base_url=base_url, schemas=schemas
    )


def problems(tmp_path: Path, config_text: str) -> list[str]:
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(config_text, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        build_package(tmp_path / "spec.yaml", tmp_path / "config.yaml")
    return [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems]


def test_a_valid_config_generates(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(config(), encoding="utf-8")
    package = build_package(tmp_path / "spec.yaml", tmp_path / "config.yaml")
    assert [m.name for m in package.models] == ["RunStep", "Run"]


@pytest.mark.parametrize("key", ["sync_class", "async_class"])
def test_client_class_named_like_a_schema(tmp_path: Path, key: str) -> None:
    found = problems(tmp_path, config(**{key: "Run"}))
    line, col = (7, 15) if key == "sync_class" else (8, 16)
    assert found == [
        f"config.yaml:{line}:{col}: {key} 'Run' is also the class name of schema 'Run'"
        " (rename one of them: client." + key + " or schemas.rename)"
    ]


def test_rename_onto_a_name_another_schema_has(tmp_path: Path) -> None:
    found = problems(tmp_path, config(schemas="schemas:\n  rename:\n    RunStep: Run\n"))
    assert found == ["config.yaml:14:5: schemas.rename: 'RunStep' -> 'Run' is also the class name of schema 'Run'"]


def test_rename_swapping_two_names_is_fine(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    text = config(schemas="schemas:\n  rename:\n    RunStep: Run\n    Run: RunObject\n")
    (tmp_path / "config.yaml").write_text(text, encoding="utf-8")
    package = build_package(tmp_path / "spec.yaml", tmp_path / "config.yaml")
    assert sorted(m.name for m in package.models) == ["Run", "RunObject"]


@pytest.mark.parametrize("name", ["__main__", "__init__", "__pycache__"])
def test_package_names_python_reserves(tmp_path: Path, name: str) -> None:
    found = problems(tmp_path, config(package=name))
    assert found == [f"config.yaml:3:14: package name {name!r} is reserved by Python (a dunder name)"]


@pytest.mark.parametrize("url", ["http://127.0.0.1:0", "https://example.com:99999/v1", "http://h:65536"])
def test_base_url_ports_out_of_range(tmp_path: Path, url: str) -> None:
    found = problems(tmp_path, config(base_url=url))
    assert found == [f"config.yaml:9:21: default_base_url {url!r} has no valid port (1-65535)"]


def test_cli_exit_code_is_2_and_nothing_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(config(sync_class="Run"), encoding="utf-8")
    out = tmp_path / "out"
    code = main(["generate", "--spec", str(tmp_path / "spec.yaml"), "--config", str(tmp_path / "config.yaml"),
                 "--out", str(out)])
    assert code == 2
    assert "sync_class 'Run' is also the class name of schema 'Run'" in capsys.readouterr().err
    assert not out.exists()

