"""`diff --base OLD [--spec NEW] [--config FILE] [--json]`: the change to the generated API.

Exit 0 when nothing breaks callers, 1 when something does, 2 on invalid input (one
`FILE:LINE:COL: message` line per problem, nothing written). `--base` is a file, or a git
revision of the spec file (`HEAD~1`, read with `git show REV:./<spec>`), or `REV:PATH`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Callable

from .. import ir
from ..diagnostics import Pos, Problem, SpecError
from ..pipeline import build_package, display_name
from .api import diff_packages
from .base import config_for_document
from .changes import Change

EXIT_OK, EXIT_BREAKING, EXIT_INVALID, EXIT_INTERRUPTED = 0, 1, 2, 130
GIT_TIMEOUT = 60.0
TRACEBACK_ENV = "GENERATOR_TRACEBACK"  # as for generate: show the traceback of a generator bug


def add_diff_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base",
        required=True,
        help="the previous OpenAPI document: a file, a git revision of --spec (HEAD~1), or REV:PATH",
    )
    parser.add_argument(
        "--spec", type=Path, default=Path("spec/openapi.yaml"), help="the new OpenAPI document"
    )
    parser.add_argument(
        "--config", type=Path, default=Path("spec/config.yaml"), help="generator config (both)"
    )
    parser.add_argument("--json", action="store_true", help="print the changes as JSON")


def run_diff(args: argparse.Namespace) -> int:
    spec_name = display_name(args.spec)
    try:
        with tempfile.TemporaryDirectory(prefix="api-client-generator-diff-") as tmp:
            return _diff(args, Path(tmp))
    except KeyboardInterrupt:
        _report([Problem(Pos(spec_name, 1, 1), "interrupted")])
        return EXIT_INTERRUPTED


def _diff(args: argparse.Namespace, tmp: Path) -> int:
    spec_name = display_name(args.spec)
    warnings: list[Problem] = []
    new = _build_document(args.spec, spec_name, args.config, tmp / "config-new.json", warnings)
    if isinstance(new, list):
        _report(new)
        return EXIT_INVALID
    base = _base_file(args.base, args.spec, tmp)
    if isinstance(base, Problem):
        _report([base])
        return EXIT_INVALID
    base_path, base_name = base
    old = _build_document(base_path, base_name, args.config, tmp / "config-base.json", [])
    if isinstance(old, list):
        _report(old)
        return EXIT_INVALID
    _report(warnings)
    changes = diff_packages(old, new)
    text = _as_json(changes, base_name, spec_name) if args.json else _as_text(changes, base_name, spec_name)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `diff | head`: the reader has seen enough
        pass
    return EXIT_BREAKING if any(c.breaking for c in changes) else EXIT_OK


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _build(build: Callable[[], ir.Package], spec_name: str) -> ir.Package | list[Problem]:
    """The package, or the problems to report (never a traceback)."""
    try:
        return build()
    except SpecError as exc:
        return list(exc.problems)
    except RecursionError:
        return [Problem(Pos(spec_name, 1, 1), "the document is nested too deeply to generate code from")]
    except Exception as exc:  # noqa: BLE001 - a generator bug must not look like a crash on bad input
        last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
        where = f" at {Path(last[0].filename).name}:{last[0].lineno}" if last else ""
        message = f"internal error: {type(exc).__name__}: {exc}{where} (a bug in the generator;"
        if os.environ.get(TRACEBACK_ENV):
            traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
        return [Problem(Pos(spec_name, 1, 1), f"{message} set {TRACEBACK_ENV}=1 for the traceback)")]


def _build_document(
    path: Path, name: str, config: Path, trimmed: Path, warnings: list[Problem]
) -> ir.Package | list[Problem]:
    """One document under the config; problems name it as the user did (`name`). When the
    config maps operations the document lacks (added since the base, or removed from the new
    document), it is built with a copy of the config without them, so they show as added or
    removed; if that fails too, the first problems stand."""
    shown = display_name(path)
    kept: list[Problem] = []
    first = _build(lambda: build_package(path, config, kept), name)
    if isinstance(first, list):
        # a problem in the config means both files loaded (through the guarded loader, so
        # reading them again plainly is safe)
        in_config = any(p.pos.file == display_name(config) for p in first)
        if in_config and config_for_document(config, path, trimmed) is not None:
            kept = []
            second = _build(lambda: build_package(path, trimmed, kept), name)
            first = first if isinstance(second, list) else second
    if isinstance(first, list):
        return [
            Problem(Pos(name, p.pos.line, p.pos.col), p.message) if p.pos.file == shown else p for p in first
        ]
    warnings += [
        Problem(Pos(name, p.pos.line, p.pos.col), p.message) if p.pos.file == shown else p for p in kept
    ]
    return first


def _base_file(base: str, spec: Path, tmp: Path) -> tuple[Path, str] | Problem:
    """The base document as a file, and its name in messages."""
    given = Path(base)
    if given.is_file():
        return given, display_name(given)
    if base.startswith("-"):  # never an option of git (`--output=FILE` would write a file)
        return Problem(Pos(base, 1, 1), "no such file, and not a git revision")
    if ":" in base:
        _, _, rel = base.partition(":")
        cwd, obj, name = Path.cwd(), base, base
    else:
        rel = display_name(spec)
        cwd, obj, name = spec.resolve().parent, f"{base}:./{spec.name}", f"{base}:{rel}"
    if not cwd.is_dir():
        return Problem(
            Pos(base, 1, 1), f"no such file, and no folder {display_name(cwd)} to read git revisions in"
        )
    try:
        shown = subprocess.run(
            ["git", "show", obj], cwd=cwd, capture_output=True, timeout=GIT_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Problem(Pos(base, 1, 1), f"no such file, and git cannot read it as a revision: {exc}")
    if shown.returncode != 0:
        why = shown.stderr.decode("utf-8", "backslashreplace").strip().splitlines()[:1]
        detail = f": {why[0]}" if why else ""
        return Problem(Pos(base, 1, 1), f"no such file, and not a git revision of {rel}{detail}")
    path = tmp / f"base{Path(rel).suffix}"
    path.write_bytes(shown.stdout)
    return path, name


def _as_text(changes: list[Change], base: str, spec: str) -> str:
    """Grouped, one line per change, readable as it is in a pull-request comment."""
    if not changes:
        return f"No change to the generated API from {base} to {spec}.\n"
    breaking = [c for c in changes if c.breaking]
    compatible = [c for c in changes if not c.breaking]
    lines = [f"API changes from {base} to {spec}: {len(breaking)} breaking, {len(compatible)} compatible"]
    for title, group in (("Breaking", breaking), ("Compatible", compatible)):
        if group:
            lines += ["", f"{title} ({len(group)}):"]
            lines += [f"- {change}" for change in group]
    return "\n".join(lines) + "\n"


def _as_json(changes: list[Change], base: str, spec: str) -> str:
    document = {
        "base": base,
        "spec": spec,
        "breaking": any(c.breaking for c in changes),
        "changes": [c.to_json() for c in changes],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
