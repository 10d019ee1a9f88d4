"""Import blocks are computed in Python and sorted as ruff's `I` rules want them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.annotate import Name
from generator.imports import FUTURE, Imports, isort_order


def test_isort_order_constants_classes_functions() -> None:
    assert isort_order(["cast", "Union", "TYPE_CHECKING", "Any", "deprecated", "T"]) == (
        "TYPE_CHECKING",
        "Any",
        "T",
        "Union",
        "cast",
        "deprecated",
    )


def block() -> Imports:
    imports = Imports(own=".models").add(FUTURE, "annotations")
    imports.need([Name("typing", "Union"), Name("typing", "Any"), Name(".models", "Run"), Name("", "_arm_of_U")])
    imports.need([Name("httpx2", ""), Name(".params", "RunParam"), Name("pydantic", "Tag")])
    imports.add("os").add("http.client").add("collections.abc", "Mapping").add(".", "_retry")
    imports.add("._base", "ModelBase", alias="_ModelBase").add("._base", "keep", alias="_keep")
    imports.add("typing_extensions", "deprecated")
    return imports


def test_sections_and_order() -> None:
    assert block().render() == (
        "from __future__ import annotations\n"
        "\n"
        "import http.client\n"
        "import os\n"
        "from collections.abc import Mapping\n"
        "from typing import Any, Union\n"
        "\n"
        "import httpx2\n"
        "from pydantic import Tag\n"
        "from typing_extensions import deprecated\n"
        "\n"
        "from . import _retry\n"
        "from ._base import ModelBase as _ModelBase\n"
        "from ._base import keep as _keep\n"
        "from .params import RunParam"
    )


def test_ruff_accepts_the_block(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    source = pkg / "models.py"
    source.write_text(block().render() + "\n\n__all__ = [_retry, _ModelBase, _keep, RunParam, http, os]\n")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "I", str(source)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
