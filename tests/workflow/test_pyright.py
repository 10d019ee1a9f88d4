"""pyright --strict (pinned in package.json) finds no error in the packages generated from
OpenAI's whole document, both targets, on the oldest and newest supported Pythons: a team that
vendors them into a pyright-strict repository need not exclude them (`make lint` holds
generated/ to the same).

The document is generated once, with a config that maps no operation (every operation that
generates is in the clients). Skipped when pyright or a runtime environment is missing,
except in CI (CI=... set), where that is a failure: `make test` installs them.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from harness.paths import ROOT, UPSTREAM

from generator.cli import main as generator_main

PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"
ENVIRONMENTS = {"3.9": ROOT / ".venv39" / "bin" / "python", "3.13": ROOT / ".venv313" / "bin" / "python"}
PACKAGES = ("openai_whole", "openai_whole_dataclass")
CONFIG = f"""\
targets:
  - {{kind: pydantic, package: {PACKAGES[0]}}}
  - {{kind: dataclass, package: {PACKAGES[1]}}}
client:
  sync_class: OpenAI
  async_class: AsyncOpenAI
  api_key_env: OPENAI_API_KEY
  base_url_env: OPENAI_BASE_URL
"""

pytestmark = pytest.mark.slow


def require(path: Path, what: str) -> None:
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must install {what} (make test)")
        pytest.skip(f"{path} is missing: run `make test` (or `make pyright`) to install {what}")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the generated packages (out/) and a strict pyrightconfig.json."""
    require(PYRIGHT, "pyright (npm ci)")
    tmp = tmp_path_factory.mktemp("pyright")
    (tmp / "config.yaml").write_text(CONFIG, encoding="utf-8")
    out = tmp / "out"
    spec = UPSTREAM / "openai-openapi.yaml"
    code = generator_main(
        ["generate", "--spec", str(spec), "--config", str(tmp / "config.yaml"), "--out", str(out)]
    )
    assert code == 0, f"the generator exited {code}"
    assert sorted(p.name for p in out.iterdir()) == list(PACKAGES)
    settings = {"include": ["out"], "typeCheckingMode": "strict"}
    (tmp / "pyrightconfig.json").write_text(json.dumps(settings), encoding="utf-8")
    return tmp


def pyright(project: Path, version: str) -> dict[str, Any]:
    done = subprocess.run(
        [
            str(PYRIGHT),
            "-p",
            str(project / "pyrightconfig.json"),
            "--pythonpath",
            str(ENVIRONMENTS[version]),
            "--pythonversion",
            version,
            "--outputjson",
        ],
        capture_output=True,
        text=True,
        cwd=project,
        timeout=1800,
    )
    assert done.stdout, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


@pytest.mark.parametrize("version", list(ENVIRONMENTS))
def test_whole_document_is_pyright_strict_clean(project: Path, version: str) -> None:
    require(ENVIRONMENTS[version], f"the Python {version} environment")
    report = pyright(project, version)
    summary = report["summary"]
    errors = [
        f"{d['file']}:{d['range']['start']['line'] + 1}: {d['message']} ({d.get('rule', '')})"
        for d in report["generalDiagnostics"]
        if d["severity"] == "error"
    ]
    assert summary["filesAnalyzed"] == len(list((project / "out").rglob("*.py")))  # all of them
    assert summary["errorCount"] == 0, "\n".join(errors[:50])
    assert errors == []
