"""The wheel carries every subpackage of generator/ and the templates (pyproject.toml lists
them by hand: a subpackage left out would install a generator that fails on import)."""

from __future__ import annotations

from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[2]


def test_every_generator_subpackage_is_packaged() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "generator").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert listed - {"generator.templates"} == on_disk
    assert config["tool"]["setuptools"]["package-dir"]["generator.templates"] == "templates"


def test_every_template_file_is_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["generator.templates"]
    templates = ROOT / "templates"
    files = {p for p in templates.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    covered = {p for pattern in patterns for p in templates.glob(pattern)}
    assert files == covered, sorted(str(p.relative_to(templates)) for p in files - covered)
