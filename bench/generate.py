"""Generation wall time, whole process, on spec/openapi.yaml: ours (every target, formatted in
black's style by ruff format) against datamodel-code-generator (pydantic v2 models only) and openapi-python-client
(its attrs models and httpx client, formatted with ruff). The three take turns; the median
of the runs is reported.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import ROOT, SPEC, median

BIN = Path(sys.executable).parent


def commands(out: Path) -> dict[str, list[str]]:
    return {
        "ours: python -m generator generate (2 packages, ruff format)": [
            sys.executable, "-m", "generator", "generate", "--out", str(out / "ours"),
        ],
        "datamodel-codegen (models only)": [
            str(BIN / "datamodel-codegen"), "--input", str(SPEC), "--input-file-type", "openapi",
            "--output-model-type", "pydantic_v2.BaseModel", "--output", str(out / "m.py"),
        ],
        "openapi-python-client generate (--meta none)": [
            str(BIN / "openapi-python-client"), "generate", "--path", str(SPEC),
            "--output-path", str(out / "opc"), "--overwrite", "--meta", "none",
        ],
    }


@dataclass
class GenerateTime:
    name: str
    runs: list[float]

    @property
    def median(self) -> float:
        return median(self.runs)


def measure(runs: int = 5) -> dict[str, GenerateTime]:
    # openapi-python-client runs `ruff` from PATH on its output: the one in this environment
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    out: dict[str, GenerateTime] = {}
    for run in range(runs + 1):  # run 0 warms the caches (bytecode, page cache) and is dropped
        with tempfile.TemporaryDirectory(prefix="bench-gen-") as tmp:
            for name, argv in commands(Path(tmp)).items():
                start = time.perf_counter()
                done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
                seconds = time.perf_counter() - start
                if done.returncode != 0:
                    raise RuntimeError(f"{name} failed ({done.returncode}):\n{done.stderr[-2000:]}")
                if run:
                    out.setdefault(name, GenerateTime(name, [])).runs.append(seconds)
    return out
