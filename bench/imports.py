"""Import time of each generated package and of `import openai`: fresh processes, `-X importtime`.

Each run is a new interpreter (`python -X importtime -c "import NAME"`, generated/ on
PYTHONPATH); the cumulative microseconds of the package's own top-level line are its import
time. The packages take turns run by run; the median over the runs is reported.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.common import GENERATED, ROOT, median

# What is imported: the generated packages, the peer, and a floor: a module that imports the
# pydantic package's two dependencies and defines one model (`import pydantic` alone is lazy:
# its model machinery loads with the first BaseModel subclass), which `import openai` pays too.
# The package roots import their names on first use, so each also runs with its models
# module (what a program that parses a Run pays).
PACKAGES = {
    "openai_runs": ("openai_runs",),
    "openai_runs, openai_runs.models": ("openai_runs", "openai_runs.models"),
    "openai_runs_dataclass": ("openai_runs_dataclass",),
    "openai_runs_dataclass, openai_runs_dataclass.models": ("openai_runs_dataclass", "openai_runs_dataclass.models"),
    "openai": ("openai",),
    "floor": ("bench_import_floor",),
}
FLOOR_SOURCE = """import httpx2
import pydantic


class Floor(pydantic.BaseModel):
    x: int = 0
"""


@dataclass
class ImportTime:
    package: str
    runs: list[float]  # seconds

    @property
    def median(self) -> float:
        return median(self.runs)


def import_seconds(modules: tuple[str, ...], extra_path: str) -> float:
    """Seconds `import a, b` takes in a fresh interpreter: the sum of the modules' top-level
    cumulative figures."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(GENERATED), extra_path))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {', '.join(modules)}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    # "import time:  self [us] | cumulative | imported package"; top level: no indent
    total = 0
    for module in modules:
        pattern = re.compile(rf"^import time:\s*\d+ \|\s*(\d+) \| {re.escape(module)}$", re.M)
        found = pattern.findall(done.stderr)
        if len(found) != 1:
            raise RuntimeError(f"no importtime line for {module}:\n{done.stderr[-2000:]}")
        total += int(found[0])
    return total / 1e6


def measure(runs: int = 15) -> dict[str, ImportTime]:
    out = {name: ImportTime(name, []) for name in PACKAGES}
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        (Path(tmp) / "bench_import_floor.py").write_text(FLOOR_SOURCE, encoding="utf-8")
        for modules in PACKAGES.values():
            import_seconds(modules, tmp)  # writes the bytecode caches: every measured run finds them
        for _ in range(runs):
            for name, modules in PACKAGES.items():
                out[name].runs.append(import_seconds(modules, tmp))
    return out
