"""Helpers for tests that generate packages from small inline specs.

`generate_inline(tmp_path, spec_yaml)` writes the spec and a config, runs the generator
in-process and returns the output folder; `import_fresh(out, package)` imports the result
under a unique name so tests never see each other's packages.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from types import ModuleType
from typing import Optional

from generator.cli import main as generator_main

ROOT = Path(__file__).resolve().parents[2]

DEFAULT_CONFIG = """\
targets:
  - kind: pydantic
    package: {{pydantic}}
  - kind: dataclass
    package: {{dataclass}}
client:
  sync_class: {sync_class}
  async_class: {async_class}
  default_base_url: http://127.0.0.1:9
operations:
{operations}
"""


def config_for(operations: dict[str, str], sync_class: str = "Client", async_class: str = "AsyncClient") -> str:
    """A config template (package names still to fill) mapping operationId -> method path."""
    lines = "".join(f"  {op_id}:\n    method: {method}\n" for op_id, method in operations.items())
    return DEFAULT_CONFIG.format(operations=lines.rstrip("\n"), sync_class=sync_class, async_class=async_class)

# A minimal operation so an inline spec only has to describe its schemas.
MINIMAL_PATHS = """\
paths:
  /things/{{thing_id}}:
    get:
      operationId: getThing
      parameters:
        - {{name: thing_id, in: path, required: true, schema: {{type: string}}}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/{root}'}}
"""


def spec_with_schemas(schemas_yaml: str, root: str = "Thing") -> str:
    """An OpenAPI 3.1 document whose only operation returns `root`."""
    return (
        "openapi: 3.1.0\ninfo: {title: Test, version: 1.0.0}\n"
        + MINIMAL_PATHS.format(root=root)
        + "components:\n  schemas:\n"
        + textwrap.indent(textwrap.dedent(schemas_yaml), "    ")
    )


def write_inputs(tmp: Path, spec: str, config: Optional[str] = None) -> tuple[Path, Path, dict[str, str]]:
    suffix = uuid.uuid4().hex[:8]
    names = {"pydantic": f"pkg_p_{suffix}", "dataclass": f"pkg_d_{suffix}"}
    spec_path = tmp / "openapi.yaml"
    config_path = tmp / "config.yaml"
    spec_path.write_text(spec, encoding="utf-8")
    config = (config or config_for({"getThing": "things.get"})).format(**names)
    config_path.write_text(config, encoding="utf-8")
    return spec_path, config_path, names


def run_generator(*args: str) -> int:
    return generator_main(list(args))


def generate_inline(tmp: Path, spec: str, config: Optional[str] = None) -> tuple[Path, dict[str, str]]:
    """Generate both targets from an inline spec; return (output folder, package names)."""
    spec_path, config_path, names = write_inputs(tmp, spec, config)
    out = tmp / "out"
    code = run_generator("generate", "--spec", str(spec_path), "--config", str(config_path), "--out", str(out))
    assert code == 0, f"generator exited {code}"
    return out, names


def import_package(out: Path, package: str) -> ModuleType:
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    return importlib.import_module(package)


def mypy_strict(*paths: Path, python_version: Optional[str] = None) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null"]
    if python_version:
        args += ["--python-version", python_version]
    return subprocess.run(args + [str(p) for p in paths], capture_output=True, text=True, cwd=ROOT)
