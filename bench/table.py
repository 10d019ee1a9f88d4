"""The one table `make bench` prints, and the record it writes into docs/benchmarks.md."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bench.common import ROOT

BEGIN = "<!-- bench:results (written by `make bench`; edit outside these markers) -->"
END = "<!-- /bench:results -->"

VERSIONED = (
    "openai",
    "pydantic",
    "pydantic-core",
    "httpx2",
    "httpcore2",
    "anyio",
    "typing-extensions",
    "datamodel-code-generator",
    "openapi-python-client",
    "black",
    "ruff",
    "jinja2",
    "pyyaml",
)


@dataclass
class Row:
    section: str
    measure: str
    value: str
    ratio: str = ""
    target: str = ""
    met: bool | None = None  # None: no target on this row
    client_cpu: str = ""
    server_cpu: str = ""

    @property
    def status(self) -> str:
        return "" if self.met is None else ("met" if self.met else "MISSED")


COLUMNS = ("section", "measure", "value", "client CPU", "server CPU", "ratio", "target", "status")


def _cells(row: Row) -> tuple[str, ...]:
    return (
        row.section, row.measure, row.value, row.client_cpu, row.server_cpu, row.ratio, row.target, row.status
    )


def text_table(rows: list[Row]) -> str:
    cells = [COLUMNS] + [_cells(row) for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = []
    previous = None
    for n, line in enumerate(cells):
        if n > 1 and line[0] != previous:
            lines.append("")
        previous = line[0]
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(rows: list[Row]) -> str:
    def escape(cell: str) -> str:
        return cell.replace("|", "\\|")

    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        lines.append("| " + " | ".join(escape(cell) for cell in _cells(row)) + " |")
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return platform.system()


def _commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "generated", "templates", "bench"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" (with uncommitted changes)" if dirty else "")


def machine() -> list[tuple[str, str]]:
    versions = []
    for name in VERSIONED:
        try:
            versions.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return [
        ("date", time.strftime("%Y-%m-%d %H:%M %Z")),
        ("commit", _commit()),
        ("CPU", f"{_cpu_model()}, {os.cpu_count()} cores"),
        ("OS", f"{_os_name()} ({platform.machine()}, kernel {platform.release()})"),
        ("Python", f"{platform.python_implementation()} {sys.version.split()[0]}"),
        ("packages", ", ".join(versions)),
    ]


def write_record(path: Path, rows: list[Row], method: str) -> None:
    """Replace the marked block of `path` with this run's table, machine and method; the
    prose around it (what limits a missed target) is kept."""
    block = "\n".join(
        [
            BEGIN,
            "",
            markdown_table(rows),
            "",
            *[f"- {name}: {value}" for name, value in machine()],
            "",
            method,
            "",
            END,
        ]
    )
    text = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        text = text.rstrip("\n") + f"\n\n{BEGIN}\n{END}\n"
        start, end = text.find(BEGIN), text.find(END)
    path.write_text(text[:start] + block + text[end + len(END):], encoding="utf-8")
