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
from dataclasses import dataclass

from bench.common import GENERATED, ROOT, median

PACKAGES = ("openai_runs", "openai_runs_dataclass", "openai")


@dataclass
class ImportTime:
    package: str
    runs: list[float]  # seconds

    @property
    def median(self) -> float:
        return median(self.runs)


def import_seconds(package: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(GENERATED)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {package}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    # "import time:  self [us] | cumulative | imported package"; top level: no indent
    pattern = re.compile(rf"^import time:\s*\d+ \|\s*(\d+) \| {re.escape(package)}$", re.M)
    found = pattern.findall(done.stderr)
    if len(found) != 1:
        raise RuntimeError(f"no importtime line for {package}:\n{done.stderr[-2000:]}")
    return int(found[0]) / 1e6


def measure(runs: int = 15) -> dict[str, ImportTime]:
    out = {name: ImportTime(name, []) for name in PACKAGES}
    for name in PACKAGES:
        import_seconds(name)  # writes the bytecode caches: every measured run finds them
    for _ in range(runs):
        for name in PACKAGES:
            out[name].runs.append(import_seconds(name))
    return out
