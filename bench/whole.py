"""OpenAI's whole document (spec/upstream/openai-openapi.yaml: 3 MB, 288 operations), unmodified.

Whole processes, taking turns, on the same document: ours (both targets, formatted, with a
config that maps no operation: every operation the generator can name), datamodel-codegen
(pydantic v2 models only) and openapi-python-client (models and client, ruff-formatted).
Reported: the median wall time (the target's measure) and CPU time (steadier when other
work shares the cores), ours' peak memory (the child's max RSS from wait4), and the
import time of the package ours generated against `import openai`, then the first use of one
model (import included) against openai's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import imports
from bench.common import ROOT, median
from bench.table import Row

DOCUMENT = ROOT / "spec" / "upstream" / "openai-openapi.yaml"
BIN = Path(sys.executable).parent
PACKAGE = "openai_whole"

# No `operations:`: every operation of the document, named from its path (issue 10 item 2).
CONFIG = f"""\
targets:
  - kind: pydantic
    package: {PACKAGE}
  - kind: dataclass
    package: {PACKAGE}_dataclass
client:
  sync_class: OpenAI
  async_class: AsyncOpenAI
  api_key_env: OPENAI_API_KEY
  base_url_env: OPENAI_BASE_URL
  default_base_url: https://api.openai.com/v1
"""

OURS = "ours: both targets, formatted"
# While a config without `operations:` fails, ours also runs with the config that maps the
# operations that generate (tests/documents/configs/openai.yaml), so the other rows exist.
MAPPED_CONFIG = ROOT / "tests" / "documents" / "configs" / "openai.yaml"
OURS_MAPPED = "ours: both targets, formatted (config mapping the operations that generate)"
DCG = "datamodel-codegen (models only)"
OPC = "openapi-python-client generate (--meta none)"

GENERATE_VS_DCG = 0.5  # issue 10: ours <= 0.5x datamodel-codegen's models-only time
PEAK_MEMORY = 1 << 30  # ours' peak RSS < 1 GB
IMPORT_VS_OPENAI = 0.3  # import of the generated package <= 0.3x import openai


def commands(out: Path, config: Path) -> dict[str, list[str]]:
    return {
        OURS: [
            sys.executable, "-m", "generator", "generate",
            "--spec", str(DOCUMENT), "--config", str(config), "--out", str(out / "ours"),
        ],
        DCG: [
            str(BIN / "datamodel-codegen"), "--input", str(DOCUMENT), "--input-file-type", "openapi",
            "--output-model-type", "pydantic_v2.BaseModel", "--output", str(out / "m.py"),
        ],
        OPC: [
            str(BIN / "openapi-python-client"), "generate", "--path", str(DOCUMENT),
            "--output-path", str(out / "opc"), "--overwrite", "--meta", "none",
        ],
    }  # fmt: skip


@dataclass
class Run:
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds, children included
    peak_rss: int = 0  # bytes, the largest over the runs
    failure: str = ""  # the exit status and the last stderr line, when it failed


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, int, str]:
    """(wall seconds, CPU seconds, peak RSS in bytes, exit status, stderr) of one whole process
    (CPU and RSS from wait4: the process and the children it waited for, e.g. ruff)."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    stderr = child.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, child.returncode, stderr


def measure(runs: int, keep: Path) -> dict[str, Run]:
    """Each generator `runs` times, taking turns; ours' last output stays under `keep`."""
    # openapi-python-client runs `ruff` from PATH on its output: the one in this environment
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    config = keep / "config.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    out: dict[str, Run] = {}
    ours = OURS
    probe = Run()
    record(probe, commands(keep, config)[OURS][:-1] + [str(keep / "out")], env)
    if probe.failure:
        out[OURS] = probe
        if not MAPPED_CONFIG.is_file():
            return out
        config.write_text(MAPPED_CONFIG.read_text(encoding="utf-8").format(name=PACKAGE), encoding="utf-8")
        ours = OURS_MAPPED
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-whole-") as tmp:
            for name, argv in commands(Path(tmp), config).items():
                if name == OURS:
                    name, argv = ours, [*argv[:-1], str(keep / "out")]
                record(out.setdefault(name, Run()), argv, env)
    return out


def record(run: Run, argv: list[str], env: dict[str, str]) -> None:
    seconds, cpu, rss, code, stderr = timed(argv, env)
    run.seconds.append(seconds)
    run.cpu.append(cpu)
    run.peak_rss = max(run.peak_rss, rss)
    if code != 0:
        last = stderr.strip().splitlines()[-1:] or [""]
        run.failure = f"exit {code}: {last[0][:160]}"


def rows(quick: bool) -> list[Row]:
    section = "generate OpenAI's whole document (3 MB, 288 operations; whole process)"
    with tempfile.TemporaryDirectory(prefix="bench-whole-keep-") as keep:
        times = measure(1 if quick else 3, Path(keep))
        result = [Row(section, OURS, "FAILED", times[OURS].failure, f"<= {GENERATE_VS_DCG:g}x", False)]
        if DCG not in times:
            return result  # nothing else ran: no mapped config either
        result = [] if not times[OURS].failure else result
        dcg, dcg_cpu = median(times[DCG].seconds), median(times[DCG].cpu)
        for name, run in times.items():
            if name == OURS and run.failure:
                continue
            t, cpu = median(run.seconds), median(run.cpu)
            ratio = f"{t / dcg:.2f}x datamodel-codegen (CPU: {cpu / dcg_cpu:.2f}x)"
            row = Row(section, name, f"{t:.1f} s (CPU {cpu:.1f} s)", ratio)
            if run.failure:
                row.value, row.ratio = f"FAILED ({t:.1f} s)", run.failure
            if name in (OURS, OURS_MAPPED):
                row.target = f"<= {GENERATE_VS_DCG:g}x"
                row.met = not run.failure and t / dcg <= GENERATE_VS_DCG
            result.append(row)
        ours = times.get(OURS_MAPPED, times[OURS])
        memory = Row(
            section, "ours: peak memory (max RSS)", f"{ours.peak_rss / 2**20:.0f} MiB", target="< 1 GiB"
        )
        memory.met = ours.peak_rss < PEAK_MEMORY
        result.append(memory)
        if not ours.failure:
            result += import_rows(Path(keep) / "out", runs=3 if quick else 9)
    return result


# First use: what a program that parses one model pays, import included (wall time inside a
# fresh interpreter: `-X importtime` does not see the modules a lazy `__getattr__` imports).
# The same schema on both sides: OpenAI's CreateChatCompletionResponse, openai's ChatCompletion.
FIRST_USE = {
    "openai": "from openai.types.chat import ChatCompletion",
    PACKAGE: f"from {PACKAGE} import CreateChatCompletionResponse",
    f"{PACKAGE}_dataclass": f"from {PACKAGE}_dataclass import CreateChatCompletionResponse",
}
FIRST_USE_PROBE = "import time\nstart = time.perf_counter()\n{}\nprint(time.perf_counter() - start)\n"


def first_use_seconds(statement: str, extra_path: str) -> float:
    env = {**os.environ, "PYTHONPATH": extra_path}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(
        [sys.executable, "-c", FIRST_USE_PROBE.format(statement)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    return float(done.stdout.strip())


def import_rows(out: Path, runs: int) -> list[Row]:
    section = "import of the package generated from the whole document (fresh process)"
    packages = {"openai": ("openai",), PACKAGE: (PACKAGE,), f"{PACKAGE}_dataclass": (f"{PACKAGE}_dataclass",)}
    seconds: dict[str, list[float]] = {name: [] for name in packages}
    first: dict[str, list[float]] = {name: [] for name in FIRST_USE}
    for modules in packages.values():
        imports.import_seconds(modules, str(out))  # writes the bytecode caches
    for statement in FIRST_USE.values():
        first_use_seconds(statement, str(out))
    for _ in range(runs):
        for name, modules in packages.items():
            seconds[name].append(imports.import_seconds(modules, str(out)))
        for name, statement in FIRST_USE.items():
            first[name].append(first_use_seconds(statement, str(out)))
    theirs = median(seconds["openai"])
    result = []
    for name, runs_of in seconds.items():
        t = median(runs_of)
        row = Row(section, f"import {name}", f"{t * 1e3:.0f} ms")
        if name != "openai":
            row.ratio = f"{t / theirs:.3f}x import openai"
            row.target = f"<= {IMPORT_VS_OPENAI:g}x"
            row.met = t / theirs <= IMPORT_VS_OPENAI
        result.append(row)
    theirs = median(first["openai"])
    for name, statement in FIRST_USE.items():
        t = median(first[name])
        row = Row(section, f"first use: `{statement}`", f"{t * 1e3:.0f} ms")
        if name != "openai":
            row.ratio = f"{t / theirs:.2f}x openai's"
        result.append(row)
    return result
