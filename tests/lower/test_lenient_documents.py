"""With no operation map, slips real documents make do not cost operations (issue 10): an
operationId used twice (Svix's GET and HEAD /api/v1/health) names the later operation from
its method and path, a path placeholder no parameter declares is a string path parameter,
and a fragment in a path key (Box's `/files/{file_id}#get_shared_link`) is a label, not
sent; each with a positioned warning. With an operation map (or --strict, for the duplicate)
they stay errors."""

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

OK = "{'200': {description: OK, content: {application/json: {schema: {type: object, properties: {ok: {type: boolean}}}}}}}"
SPEC = f"""\
openapi: 3.1.0
info: {{title: Lenient, version: 1.0.0}}
paths:
  /health:
    get: {{operationId: health.get, responses: {OK}}}
    head: {{operationId: health.get, responses: {{'204': {{description: up}}}}}}
  /apps/{{app_id}}:
    get: {{operationId: app.get, responses: {OK}}}
  /apps/{{app_id}}#share:
    parameters: [{{name: app_id, in: path, required: true, schema: {{type: string}}}}]
    put: {{operationId: app.share, responses: {OK}}}
"""

CONFIG = """\
targets:
  - {kind: pydantic, package: lenient_p}
  - {kind: dataclass, package: lenient_d}
"""


def write(tmp_path: Path, config: str = CONFIG) -> tuple[Path, Path]:
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(config, encoding="utf-8")
    return tmp_path / "spec.yaml", tmp_path / "config.yaml"


def test_both_operations_of_a_duplicate_id_are_generated_with_warnings(tmp_path: Path) -> None:
    warnings: list[Problem] = []
    package = build_package(*write(tmp_path), warnings)
    assert {op.operation_id: op.py_name for op in package.operations} == {
        "health.get": "list",
        "HEAD /health": "head",
        "app.get": "retrieve",
        "app.share": "update",  # the fragment is a label: PUT /apps/{app_id}
    }
    assert [str(w) for w in warnings] == [
        "spec.yaml:6:25: warning: duplicate operationId 'health.get' (HEAD /health):"
        " the method is named from its method and path",
        "spec.yaml:7:3: warning: path '/apps/{app_id}' has placeholder {app_id} but no path"
        " parameter 'app_id' is declared: taken as a string",
        "spec.yaml:9:3: warning: path '/apps/{app_id}#share': the fragment ('#...') is not sent",
    ]


def test_the_undeclared_placeholder_is_a_positional_string(tmp_path: Path) -> None:
    spec, config = write(tmp_path)
    out = tmp_path / "out"
    assert main(["generate", "--spec", str(spec), "--config", str(config), "--out", str(out)]) == 0
    for name in ("lenient_p", "lenient_d"):
        pkg = import_package(out, name)
        server = scripted_server.ScriptedServer().start()
        try:
            client = pkg.Client(api_key="k", base_url=server.url, max_retries=0)
            server.reply(body={"ok": True})
            assert client.apps.retrieve("a/b").ok is True
            server.reply(body={"ok": True})
            client.apps.update("x")
            assert [(r.method, r.target) for r in server.requests] == [("GET", "/apps/a%2Fb"), ("PUT", "/apps/x")]
            assert callable(client.health.head) and callable(client.health.list)
            client.close()
        finally:
            server.stop()


def test_strict_makes_a_duplicate_id_an_error(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        build_package(*write(tmp_path), [], strict=True)
    assert "duplicate operationId 'health.get' (HEAD /health)" in caught.value.problems[0].message


def test_an_operation_map_keeps_both_errors(tmp_path: Path) -> None:
    config = CONFIG + "operations:\n  health.get: health.check\n  app.get: apps.retrieve\n"
    with pytest.raises(SpecError) as caught:
        build_package(*write(tmp_path, config))
    assert sorted(str(p) for p in caught.value.problems) == [
        "spec.yaml:6:25: duplicate operationId 'health.get'",
        "spec.yaml:7:3: path '/apps/{app_id}' has placeholder {app_id} but no path parameter 'app_id' is declared",
        "spec.yaml:9:3: path '/apps/{app_id}#share' must not hold a fragment ('#')",
    ]
