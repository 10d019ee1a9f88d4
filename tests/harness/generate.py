"""Generation into a temporary folder, and using what was generated.

`generate_inline(tmp_path, spec_yaml)` writes the spec and a config (package names made
unique, so tests never see each other's packages), runs the generator in-process and returns
the output folder and the names; `generate_files` does the same for files on disk.
`import_package(out, package)` imports a result in-process; `fresh_packages` imports packages
whose names other tests also use, with a clean sys.modules. `generate_once` generates a
document (OpenAI's whole one takes ~11 s) once per test session, for every test that asks
for the same inputs. (To use them in a subprocess: `harness.processes`.)
"""

from __future__ import annotations

import importlib
import sys
import textwrap
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Optional

import pytest

from generator.cli import main as generator_main

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
    """The CLI in-process (`generator.cli.main`): its exit code; output goes to capsys."""
    return generator_main(list(args))


def generate_files(spec: Path, config: Path, out: Path) -> Path:
    """Generate from files on disk into `out` (in-process); return `out`."""
    code = run_generator("generate", "--spec", str(spec), "--config", str(config), "--out", str(out))
    assert code == 0, f"generator exited {code}"
    return out


_ONCE: dict[tuple[Path, Path], Path] = {}


def generate_once(spec: Path, config: Path, tmp_factory: pytest.TempPathFactory) -> Path:
    """The output folder of `spec` + `config`, generated at the first call of the session
    (in-process) and reused by later ones; the folder stays on sys.path for `import_package`."""
    key = (spec.resolve(), config.resolve())
    if key not in _ONCE:
        _ONCE[key] = generate_files(spec, config, tmp_factory.mktemp(f"once_{spec.stem}"))
    return _ONCE[key]


def generate_inline(tmp: Path, spec: str, config: Optional[str] = None) -> tuple[Path, dict[str, str]]:
    """Generate both targets from an inline spec; return (output folder, package names)."""
    spec_path, config_path, names = write_inputs(tmp, spec, config)
    return generate_files(spec_path, config_path, tmp / "out"), names


def generate_models(tmp: Path, schemas_yaml: str, root: str = "Thing") -> tuple[ModuleType, ModuleType]:
    """Generate `spec_with_schemas(schemas_yaml, root)` and import both targets (pydantic,
    dataclass)."""
    out, names = generate_inline(tmp, spec_with_schemas(schemas_yaml, root))
    return import_package(out, names["pydantic"]), import_package(out, names["dataclass"])


def import_package(out: Path, package: str) -> ModuleType:
    """Import `package` generated into `out` (which stays on sys.path for the session)."""
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    return importlib.import_module(package)


def forget_packages(*packages: str) -> None:
    """Drop `packages` and their submodules from sys.modules."""
    for name in list(sys.modules):
        if name.split(".")[0] in packages:
            del sys.modules[name]


@contextmanager
def fresh_packages(out: Path, *packages: str) -> Iterator[list[ModuleType]]:
    """Import `packages` from `out` with a clean sys.modules (other tests import packages of
    the same names), and forget them and `out` again when the block ends."""
    forget_packages(*packages)
    sys.path.insert(0, str(out))
    try:
        importlib.invalidate_caches()
        yield [importlib.import_module(name) for name in packages]
    finally:
        forget_packages(*packages)
        sys.path[:] = [p for p in sys.path if p != str(out)]
