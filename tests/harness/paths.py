"""Where things are: the repository and the inputs and outputs the tests read. Defined once."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"
SPEC = ROOT / "spec" / "openapi.yaml"
CONFIG = ROOT / "spec" / "config.yaml"
UPSTREAM = ROOT / "spec" / "upstream"
SEEDS = ROOT / "tests" / "seeds"
PRISM = ROOT / "node_modules" / ".bin" / "prism"
PY39 = ROOT / ".venv39" / "bin" / "python"
# the committed packages: the pydantic target and the dataclass (standard-library) one
PACKAGES = ("openai_runs", "openai_runs_dataclass")
