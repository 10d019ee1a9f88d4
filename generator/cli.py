"""`python -m generator generate|check [--spec FILE] [--config FILE] [--out DIR]`, and `diff`.

`diff --base OLD [--spec NEW] [--config FILE] [--json]` is generator/diff/command.py.
Exit codes: 0 success, 1 `check` found drift (`diff`: a change breaks callers), 2 invalid
input (one FILE:LINE:COL line per problem on stderr, no traceback; nothing under the output
folder changes).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Iterator, Optional, Sequence

from .diagnostics import Pos, Problem, SpecError
from .diff.command import add_diff_arguments, run_diff
from .pipeline import display_name, generate_files
from .write import UnsafeOutput, check_owned, diff_tree, write_tree

EXIT_OK, EXIT_DRIFT, EXIT_INVALID = 0, 1, 2
EXIT_INTERRUPTED = 130
# Set to show the Python traceback of an internal error (a bug in the generator).
TRACEBACK_ENV = "GENERATOR_TRACEBACK"


def _parser() -> argparse.ArgumentParser:
    installed = Path(sys.argv[0]).name == "api-client-generator"  # the console script
    prog = "api-client-generator" if installed else "python -m generator"
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_ in (
        ("generate", "regenerate the output folder from the spec and templates"),
        ("check", "exit 1 and print a diff when the output folder is not what generate makes"),
    ):
        p = sub.add_parser(name, help=help_)
        p.add_argument("--spec", type=Path, default=Path("spec/openapi.yaml"), help="OpenAPI document")
        p.add_argument("--config", type=Path, default=Path("spec/config.yaml"), help="generator config")
        p.add_argument("--out", type=Path, default=Path("generated"), help="output folder")
        p.add_argument("--strict", action="store_true", help="an operation that cannot be generated is an error")
    add_diff_arguments(
        sub.add_parser("diff", help="the change to the generated API; exit 1 if it breaks callers")
    )
    return parser


def _report(*problems: Problem) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        # spec text quoted in a message must not crash a terminal that is not UTF-8
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        return _run(args)
    except KeyboardInterrupt:
        # the output folder is as it was, or (a signal held back during the swap) wholly new
        print(f"{display_name(args.out)}:1:1: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _run(args: argparse.Namespace) -> int:
    if args.command == "diff":
        return run_diff(args)
    spec_name = display_name(args.spec)
    warnings: list[Problem] = []
    try:
        # (called with three arguments unless --strict: tests stand in for generate_files)
        if args.strict:
            files = generate_files(args.spec, args.config, warnings, strict=True)
        else:
            files = generate_files(args.spec, args.config, warnings)
    except SpecError as exc:
        _report(*exc.problems)
        return EXIT_INVALID
    except RecursionError:
        _report(Problem(Pos(spec_name, 1, 1), "the document is nested too deeply to generate code from"))
        return EXIT_INVALID
    except Exception as exc:  # noqa: BLE001 - a generator bug must not look like a crash on bad input
        _internal_error(spec_name, exc)
        return EXIT_INVALID
    _report(*warnings)
    out_name = display_name(args.out)
    if args.command == "check":
        try:
            check_owned(args.out)  # what generate would refuse to replace is no mere drift
            diff = diff_tree(args.out, files, out_name)
        except UnsafeOutput as exc:
            _report(Problem(Pos(out_name, 1, 1), str(exc)))
            return EXIT_INVALID
        except OSError as exc:
            _report(Problem(Pos(out_name, 1, 1), f"cannot read the output folder: {exc.strerror or exc}"))
            return EXIT_INVALID
        if diff:
            try:
                sys.stdout.write(diff)
                sys.stdout.flush()
            except BrokenPipeError:  # `check | head`: the reader has seen enough
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            print(f"{out_name} is out of date: run `make generate`", file=sys.stderr)
            return EXIT_DRIFT
        return EXIT_OK
    try:
        with _terminate_as_interrupt():
            notes = write_tree(args.out, files)
    except UnsafeOutput as exc:
        _report(Problem(Pos(out_name, 1, 1), str(exc)))
        return EXIT_INVALID
    except OSError as exc:
        _report(Problem(Pos(out_name, 1, 1), f"cannot write the output folder: {exc.strerror or exc}"))
        return EXIT_INVALID
    _report(*(Problem(Pos(out_name, 1, 1), f"warning: {note}") for note in notes))
    return EXIT_OK


def _internal_error(spec_name: str, exc: BaseException) -> None:
    """One line naming the failure; the traceback only on request (it is our bug, not the
    user's input, but the input triggered it, so it is reported against the spec)."""
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" at {Path(last[0].filename).name}:{last[0].lineno}" if last else ""
    _report(
        Problem(
            Pos(spec_name, 1, 1),
            f"internal error: {type(exc).__name__}: {exc}{where} (a bug in the generator;"
            f" set {TRACEBACK_ENV}=1 for the traceback)",
        )
    )
    if os.environ.get(TRACEBACK_ENV):
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """While the output folder is swapped, SIGTERM unwinds like Ctrl-C, so write_tree can
    put the old folder back instead of dying half-way."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _raise_interrupt(signum: int, frame: Optional[FrameType]) -> None:
    raise KeyboardInterrupt
