"""`python -m generator generate|check [--spec FILE] [--config FILE] [--out DIR]`.

Exit codes: 0 success, 1 `check` found drift, 2 invalid input (one FILE:LINE:COL line per
problem on stderr, no traceback; nothing under the output folder changes).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional, Sequence

from .diagnostics import SpecError
from .pipeline import display_name, generate_files
from .write import UnsafeOutput, diff_tree, write_tree

EXIT_OK, EXIT_DRIFT, EXIT_INVALID = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_ in (
        ("generate", "regenerate the output folder from the spec and templates"),
        ("check", "exit 1 and print a diff when the output folder is not what generate makes"),
    ):
        p = sub.add_parser(name, help=help_)
        p.add_argument("--spec", type=Path, default=Path("spec/openapi.yaml"), help="OpenAPI document")
        p.add_argument("--config", type=Path, default=Path("spec/config.yaml"), help="generator config")
        p.add_argument("--out", type=Path, default=Path("generated"), help="output folder")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    try:
        files = generate_files(args.spec, args.config)
    except SpecError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    if args.command == "check":
        diff = diff_tree(args.out, files, display_name(args.out))
        if diff:
            sys.stdout.write(diff)
            print(f"{display_name(args.out)} is out of date: run `make generate`", file=sys.stderr)
            return EXIT_DRIFT
        return EXIT_OK
    try:
        write_tree(args.out, files)
    except UnsafeOutput as exc:
        print(f"{display_name(args.out)}:1:1: {exc}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK
