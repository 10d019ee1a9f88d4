"""Black is the style, ruff's formatter the tool: black referees ruff on what we generate.

The generator formats with `ruff format` (generator/render.py `format_python`, ~100x faster
than black on large outputs); these tests render the packages unformatted and check that
ruff and black, given the same raw text, produce the same bytes for every Python file.
"""

from __future__ import annotations

from pathlib import Path

import black
import pytest
from black.mode import TargetVersion

from generator import render
from generator.pipeline import build_package

ROOT = Path(__file__).resolve().parents[2]

BLACK_MODE = black.Mode(
    target_versions={TargetVersion.PY39},
    line_length=render.LINE_LENGTH,
    magic_trailing_comma=False,
)

INPUTS = {
    "spec/openapi.yaml": "spec/config.yaml",
    "spec/upstream/openai-runs.openapi.yaml": "spec/upstream/config.yaml",
    # a real document of another API (all 60 operations): its config is a template
    "tests/documents/kratos.openapi.json": "tests/documents/configs/none.yaml",
}


def raw_render(spec: str, config: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The rendered files before formatting (Python files only)."""
    package = build_package(ROOT / spec, config)
    monkeypatch.setattr(render, "format_python", lambda source, name: source)
    return {name: text for name, text in render.render_package(package).items() if name.endswith(".py")}


@pytest.mark.parametrize("spec", sorted(INPUTS))
def test_ruff_output_is_black_output(spec: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        (ROOT / INPUTS[spec]).read_text(encoding="utf-8").replace("{name}", "doc"), encoding="utf-8"
    )
    raw = raw_render(spec, config, monkeypatch)
    monkeypatch.undo()
    assert len(raw) > 10
    for name, text in raw.items():
        ours = render.format_python(text, name)
        assert ours == black.format_str(text, mode=BLACK_MODE), name


def test_committed_output_is_black_stable() -> None:
    """What `make generate` committed is a fixed point of black with the generator's mode."""
    files = sorted((ROOT / "generated").rglob("*.py"))
    assert len(files) > 10
    for path in files:
        text = path.read_text()
        assert black.format_str(text, mode=BLACK_MODE) == text, path


def test_unparsable_code_names_the_file() -> None:
    with pytest.raises(
        render.RenderError, match=r"^pkg/broken\.py: generated code does not parse: .*pkg/broken\.py:2:1"
    ):
        render.format_python("x = (\n", "pkg/broken.py")


def test_settings_of_the_output_folder_do_not_apply(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pyproject.toml with other ruff settings where the generator runs changes nothing."""
    settings = '[tool.ruff]\nindent-width = 2\n[tool.ruff.format]\nindent-style = "tab"\npreview = true\n'
    (tmp_path / "pyproject.toml").write_text(settings)
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "ruff.toml").write_text(
        settings.replace("[tool.ruff]\n", "").replace("tool.ruff.", "")
    )
    monkeypatch.chdir(tmp_path)
    source = "def f() -> None:\n    if True:\n        pass\n"
    assert render.format_python(source, "pkg/m.py") == source
