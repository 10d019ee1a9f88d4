"""The seed pages and OpenAI's document are vendored so a bare clone tests itself; when the
workplace's originals are beside the clone, the copies must still be byte-identical."""

from __future__ import annotations

import pytest
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
    vendored_file = VENDORED[group] / name
    assert vendored_file.read_bytes() == original.read_bytes()
