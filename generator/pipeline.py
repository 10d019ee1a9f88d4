"""spec + config -> {relative path: text}: load, validate, lower, render, format."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from . import ir
from .config import parse_config
from .diagnostics import Diagnostics, Problem, SpecError
from .lower import lower_package
from .render import render_package
from .source import load_document


def display_name(path: Path) -> str:
    """How a file is named in messages and headers: as given when relative, relative to the
    working directory when under it, else its bare name (output must not depend on where
    a checkout lives)."""
    if not path.is_absolute():
        return path.as_posix()
    try:
        return Path(os.path.relpath(path, Path.cwd())).as_posix() if path.is_relative_to(Path.cwd()) else path.name
    except ValueError:
        return path.name


def build_package(
    spec_path: Path, config_path: Path, warnings: Optional[list[Problem]] = None, strict: bool = False
) -> ir.Package:
    """Load and validate both inputs and lower them to the IR; SpecError lists problems.
    Warnings (sorted) are appended to `warnings` when given. `strict`: an operation that
    cannot be generated is an error even when the config maps no operations."""
    # both files are read before giving up, so one run reports the problems of both
    loaded = []
    problems = []
    for path in (spec_path, config_path):
        try:
            loaded.append(load_document(path, display_name(path)))
        except SpecError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SpecError(problems)
    spec, config_doc = loaded
    diags = Diagnostics()
    config = parse_config(config_doc.root, diags)
    package = lower_package(spec, config_doc, config, diags, strict)
    diags.raise_if_any()
    if warnings is not None:
        warnings.extend(sorted(diags.warnings, key=lambda p: (p.pos, p.message)))
    return package


def generate_files(
    spec_path: Path, config_path: Path, warnings: Optional[list[Problem]] = None, strict: bool = False
) -> dict[str, str]:
    return render_package(build_package(spec_path, config_path, warnings, strict))
