"""Real documents: what the generator does with each, given a config that maps no operation.

    .venv/bin/python -m bench.documents [DOCUMENT ...]     (default: every vendored document)

For each document: how many operations it has, how many carry an operationId, how many
generate (every operation, named from its path; one that cannot be generated is skipped with
a warning), and what blocks the rest, ranked by how many operations each problem blocks.
Problems are grouped by their message with names and numbers blanked out; errors that fail
the whole document (exit 2) are counted apart as document-wide.
"""

from __future__ import annotations

import argparse
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
    "twilio": ROOT / "tests" / "documents" / "twilio-chat.openapi.json",
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


def config_text(package: str = "doc_client") -> str:
    """A config that maps no operation."""
    return CONFIG_HEAD.format(package=package)


def problems_of(spec: Document) -> tuple[list[str], list[str]]:
    """(the skip warnings, the errors) lowering reports with a config that maps no operation."""
    root = parse_yaml(config_text(), "config.yaml")
    config_doc = Document(path=Path("config.yaml"), display="config.yaml", sha256="0" * 64, root=root)
    diags = Diagnostics()
    config = parse_config(config_doc.root, diags)
    try:
        lower_package(spec, config_doc, config, diags)
    except SpecError as exc:
        return [], [str(p) for p in exc.problems]
    return [str(w) for w in diags.warnings if " is skipped: " in w.message], [str(p) for p in diags.problems]


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
    report = Report(name, len(ops), sum(1 for op in ops if op.operation_id is not None))
    skipped, errors = problems_of(spec)
    report.document_wide = errors
    if errors:
        return report
    report.generated = len(ops) - len(skipped)
    for warning in skipped:
        kind = kind_of(warning.split(" is skipped: ", 1)[1])
        report.blockers[kind] += 1
        report.examples.setdefault(kind, warning)
    return report


def markdown(reports: list[Report]) -> str:
    lines = [
        "| document | operations | with operationId | generate (config mapping none) |",
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
