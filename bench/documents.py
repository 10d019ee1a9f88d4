"""Real documents: what the generator does with each, given a config that maps every operation.

    .venv/bin/python -m bench.documents [DOCUMENT ...]     (default: every vendored document)

For each document: how many operations it has, how many carry an operationId (only those can
be mapped by a config today), how many generate when mapped one at a time, and what blocks
the rest, ranked by how many operations each problem blocks. Problems are grouped by their
message with names and numbers blanked out; a problem reported for every operation (a path
key the whole document fails on) is counted apart as document-wide.
"""

from __future__ import annotations

import argparse
import keyword
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import ROOT
from generator.config import parse_config
from generator.diagnostics import Diagnostics, SpecError
from generator.lower import lower_package
from generator.source import Document, load_document, parse_yaml

DOCUMENTS = {
    "openai": ROOT / "spec" / "upstream" / "openai-openapi.yaml",
    "tgi": ROOT / "tests" / "documents" / "tgi.openapi.json",
    "kratos": ROOT / "tests" / "documents" / "kratos.openapi.json",
    "svix": ROOT / "tests" / "documents" / "svix.openapi.json",
    "traccar": ROOT / "tests" / "documents" / "traccar.openapi.yaml",
}
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

CONFIG_HEAD = """\
targets:
  - kind: pydantic
    package: {package}
  - kind: dataclass
    package: {package}_dataclass
client:
  default_base_url: http://127.0.0.1:9
"""


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str | None


def operations(doc: Document) -> list[Operation]:
    """Every operation of the document, in document order."""
    out = []
    paths = doc.root.get("paths")
    for path, item in getattr(paths, "items", lambda: [])():
        for method, op in getattr(item, "items", lambda: [])():
            if method in HTTP_METHODS:
                op_id = getattr(op.get("operationId"), "value", None) if hasattr(op, "get") else None
                out.append(Operation(method, path, op_id if isinstance(op_id, str) else None))
    return out


def method_name(operation_id: str, taken: set[str]) -> str:
    """A client method name for an operationId: snake case, prefixed (never a keyword or a
    member the client owns), unique."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", operation_id)
    snake = re.sub(r"[^0-9a-zA-Z]+", "_", snake).strip("_").lower() or "operation"
    name = f"op_{snake}"
    while name in taken or keyword.iskeyword(name):
        name += "_"
    taken.add(name)
    return name


def config_text(operation_ids: list[str], package: str = "doc_client") -> str:
    """A config mapping each operationId to `api.op_<snake name>` (no `operations:` when empty)."""
    taken: set[str] = set()
    lines = [CONFIG_HEAD.format(package=package)]
    if operation_ids:
        lines.append("operations:\n")
        for op_id in operation_ids:
            lines.append(f"  {quote(op_id)}:\n    method: api.{method_name(op_id, taken)}\n")
    return "".join(lines)


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def problems_of(spec: Document, operation_ids: list[str]) -> list[str]:
    """The error messages lowering reports with a config mapping these operations."""
    root = parse_yaml(config_text(operation_ids), "config.yaml")
    config_doc = Document(path=Path("config.yaml"), display="config.yaml", sha256="0" * 64, root=root)
    diags = Diagnostics()
    config = parse_config(config_doc.root, diags)
    try:
        lower_package(spec, config_doc, config, diags)
    except SpecError as exc:
        return [str(p) for p in exc.problems]
    return [str(p) for p in diags.problems]


def kind_of(problem: str) -> str:
    """A problem line without its position, names and numbers: what kind of problem it is."""
    message = problem.split(": ", 1)[1] if re.match(r"[^:]+:\d+:\d+: ", problem) else problem
    if message.startswith("unknown schema keyword"):
        return message  # which keyword is the point (typos: min_items, optional)
    message = re.sub(r"'([^']*)'|\"([^\"]*)\"", _blank, message)
    message = re.sub(r"\(operationIds: .*\)", "", message)
    message = re.sub(r"\([A-Z][A-Za-z0-9_]*(, [A-Z][A-Za-z0-9_]*)*\)", "(…)", message)
    return re.sub(r"\b\d+\b", "N", message).strip()


# Quoted words that say what the problem is (keywords, media types) are kept; names are not.
KEYWORDS = frozenset(
    "allOf anyOf oneOf not type properties items additionalProperties discriminator const enum "
    "nullable format required prefixItems patternProperties".split()
)


def _blank(match: re.Match[str]) -> str:
    word = match.group(1) if match.group(1) is not None else match.group(2)
    media_type = re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", word) is not None
    if word in KEYWORDS or word.startswith("$") or media_type:
        return f"'{word}'"
    return "…"


@dataclass
class Report:
    name: str
    total: int
    with_id: int
    generated: int = 0
    document_wide: list[str] = field(default_factory=list)
    blockers: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)


def measure(name: str, path: Path) -> Report:
    spec = load_document(path, path.relative_to(ROOT).as_posix())
    ops = operations(spec)
    ids = [op.operation_id for op in ops if op.operation_id is not None]
    report = Report(name, len(ops), len(ids))
    per_op = {op_id: problems_of(spec, [op_id]) for op_id in ids}
    shared = set.intersection(*(set(p) for p in per_op.values())) if per_op else set()
    report.document_wide = sorted(shared)
    for problems in per_op.values():
        if not problems:
            report.generated += 1
            continue
        kinds = {kind_of(p) for p in problems if p not in shared} or {"(only the document-wide problems)"}
        for kind in kinds:
            report.blockers[kind] += 1
            report.examples.setdefault(kind, next((p for p in problems if kind_of(p) == kind), ""))
    return report


def markdown(reports: list[Report]) -> str:
    lines = [
        "| document | operations | with operationId | generate (mapped one at a time) |",
        "|---|---|---|---|",
    ]
    for r in reports:
        lines.append(f"| {r.name} | {r.total} | {r.with_id} | {r.generated} |")
    lines += ["", "| document | operations blocked | problem (names blanked) |", "|---|---|---|"]
    for r in reports:
        for kind, count in Counter(kind_of(p) for p in r.document_wide).items():
            lines.append(f"| {r.name} | all (document-wide, {count} places) | {escape(kind)} |")
        for kind, count in r.blockers.most_common():
            lines.append(f"| {r.name} | {count} | {escape(kind)} |")
    return "\n".join(lines) + "\n"


def escape(text: str) -> str:
    return text.replace("|", "\\|")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("documents", nargs="*", help=f"among {', '.join(DOCUMENTS)} (default: all)")
    parser.add_argument("--examples", action="store_true", help="print one full problem line per kind")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.documents) - set(DOCUMENTS))
    if unknown:
        parser.error(f"unknown documents: {', '.join(unknown)}")
    reports = []
    for name in args.documents or DOCUMENTS:
        report = measure(name, DOCUMENTS[name])
        reports.append(report)
        print(f"{name}: {report.generated}/{report.total} operations generate", file=sys.stderr)
        if args.examples:
            for kind, example in report.examples.items():
                print(f"  {kind}\n    e.g. {example}", file=sys.stderr)
    print(markdown(reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
