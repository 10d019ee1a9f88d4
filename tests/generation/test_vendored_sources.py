"""The seed pages and OpenAI's document are vendored so a bare clone tests itself; when the
workplace's originals are beside the clone, the copies must still be byte-identical, but for
the schemas spec/upstream/README.md says were added from the whole document (unmodified)."""

from __future__ import annotations

import re

import pytest
import yaml
from harness.paths import ROOT, SEEDS, UPSTREAM

ORIGINALS = ROOT.parent / "shared"
VENDORED = {
    "seeds": SEEDS,
    "upstream": UPSTREAM,
}
FILES = sorted(
    (group, name)
    for group, pattern in (("seeds", "*.txt"), ("upstream", "*.yaml"))
    for name in (p.name for p in (ORIGINALS / group).glob(pattern))
) or [("seeds", "000_c0a9e2580befc73e.txt")]


WHOLE_DOCUMENT = VENDORED["upstream"] / "openai-openapi.yaml"
ADDED_SCHEMAS_HEADING = "Schemas added from the whole document"


def added_schemas() -> list[str]:
    """The schema names spec/upstream/README.md lists as added to the Runs extract."""
    readme = (VENDORED["upstream"] / "README.md").read_text(encoding="utf-8")
    section = readme.split(ADDED_SCHEMAS_HEADING, 1)[1].split("\n\n", 2)[1]
    return re.findall(r"`([A-Za-z0-9]+)`", section)


def without_schemas(text: str, names: list[str]) -> str:
    """`text` with the blocks of the named components.schemas entries taken out."""
    lines = text.split("\n")
    start = lines.index("  schemas:")
    out, skipping = lines[: start + 1], False
    for line in lines[start + 1 :]:
        if re.match(r"^ {0,4}\S", line):
            skipping = line.startswith("    ") and line[4:-1] in names and line.endswith(":")
        if not skipping:
            out.append(line)
    return "\n".join(out)


def test_vendored_files_exist() -> None:
    assert sorted(p.name for p in VENDORED["seeds"].glob("*.txt")) == [
        "000_c0a9e2580befc73e.txt",
        "001_2e92a2d5fe31cf2e.txt",
        "002_c2916ed9dd75e84f.txt",
        "003_f536413e41500ae8.txt",
    ]
    for name in ("openai-cancel-run.openapi.yaml", "openai-runs.openapi.yaml"):
        assert (VENDORED["upstream"] / name).is_file()


@pytest.mark.parametrize(("group", "name"), FILES)
def test_vendored_copy_matches_original(group: str, name: str) -> None:
    original = ORIGINALS / group / name
    if not original.is_file():
        pytest.skip(f"{original} is not beside this clone (nothing to compare against)")
    vendored = (VENDORED[group] / name).read_text(encoding="utf-8")
    if name == "openai-runs.openapi.yaml":
        vendored = without_schemas(vendored, added_schemas())
    assert vendored == original.read_text(encoding="utf-8")


def test_added_schemas_are_the_whole_documents() -> None:
    names = added_schemas()
    assert "AssistantStreamEvent" in names
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    whole = yaml.load(WHOLE_DOCUMENT.read_text(encoding="utf-8"), Loader=loader)["components"]["schemas"]
    path = VENDORED["upstream"] / "openai-runs.openapi.yaml"
    extract = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)["components"]["schemas"]
    for name in names:
        assert extract[name] == whole[name], name
