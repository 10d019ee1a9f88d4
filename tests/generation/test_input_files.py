"""What the generator reads: regular files of bounded size, nothing else.

A FIFO as `--spec` used to hang forever and `/dev/zero` to read until memory ran out (and,
as `--config`, to be blamed on the spec). Each is refused before a byte is read, with one
`FILE:1:1:` line naming the right file, exit 2 and no traceback. Numbers Python cannot
write in decimal (more than 4300 digits) are positioned errors, not internal ones.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from harness.cli import run_cli
from harness.generate import config_for, spec_with_schemas

import generator.source as source

THING = """\
Thing:
  type: object
  properties:
    id: {type: string}
"""


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(cwd, *args, timeout=60)


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    (tmp_path / "openapi.yaml").write_text(spec_with_schemas(THING), encoding="utf-8")
    config = config_for({"getThing": "things.get"}).format(pydantic="pkg_p", dataclass="pkg_d")
    (tmp_path / "config.yaml").write_text(config, encoding="utf-8")
    return tmp_path


def assert_refused(result: subprocess.CompletedProcess[str], name: str, message: str) -> None:
    detail = f"exit {result.returncode}\n{result.stderr}"
    assert result.returncode == 2, detail
    assert "Traceback" not in result.stderr, detail
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{name}:1:1: cannot read file: "), detail
    assert message in line, detail


@pytest.mark.parametrize("which", ["--spec", "--config"])
def test_a_fifo_is_refused_not_waited_on(inputs: Path, which: str) -> None:
    os.mkfifo(inputs / "pipe.yaml")
    args = {"--spec": "openapi.yaml", "--config": "config.yaml", which: "pipe.yaml"}
    result = cli(inputs, "generate", *[x for kv in args.items() for x in kv], "--out", "out")
    assert_refused(result, "pipe.yaml", "FIFO")
    assert not (inputs / "out").exists()


@pytest.mark.parametrize("which", ["--spec", "--config"])
def test_a_device_is_refused_and_blamed_on_the_right_file(inputs: Path, which: str) -> None:
    args = {"--spec": "openapi.yaml", "--config": "config.yaml", which: "/dev/zero"}
    result = cli(inputs, "check", *[x for kv in args.items() for x in kv], "--out", "out")
    assert_refused(result, "zero", "character device")


def test_a_folder_is_refused(inputs: Path) -> None:
    result = cli(inputs, "generate", "--spec", ".", "--config", "config.yaml", "--out", "out")
    assert_refused(result, ".", "folder")


def test_an_oversized_file_is_refused_unread(inputs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = inputs / "big.yaml"
    big.write_bytes(b"# " + b"x" * 200 + b"\n")
    monkeypatch.setattr(source, "MAX_INPUT_BYTES", 100)
    with pytest.raises(source.SpecError) as caught:
        source.load_document(big, "big.yaml")
    (problem,) = caught.value.problems
    assert str(problem).startswith("big.yaml:1:1: cannot read file: larger than")


def test_the_real_bound_is_generous() -> None:
    """64 MiB: OpenAI's whole document is 3 MB."""
    assert source.MAX_INPUT_BYTES == 64 << 20


def test_a_symlink_to_a_regular_file_is_read(inputs: Path) -> None:
    (inputs / "link.yaml").symlink_to(inputs / "openapi.yaml")
    result = cli(inputs, "check", "--spec", "link.yaml", "--config", "config.yaml", "--out", "out")
    assert result.returncode == 1, result.stderr  # drift: the folder does not exist yet


HUGE = "1" + "0" * 4300  # 4301 digits


@pytest.mark.parametrize(
    "where, text",
    [
        ("extension", f"x-big: {HUGE}\n"),
        ("negative", f"x-big: -{HUGE}\n"),
        ("hex", f"x-big: 0x{'f' * 3600}\n"),  # 14400 bits: more than 4300 decimal digits
        ("default", f"x-other: 1\ndefault: {HUGE}\n"),
    ],
)
def test_an_integer_too_long_for_python_is_a_positioned_error(inputs: Path, where: str, text: str) -> None:
    schema = THING + "".join(f"  {line}\n" for line in text.splitlines())
    (inputs / "openapi.yaml").write_text(spec_with_schemas(schema), encoding="utf-8")
    line = 1 + spec_with_schemas(schema).split("\n").index(f"      {text.splitlines()[-1]}")
    result = cli(inputs, "generate", "--spec", "openapi.yaml", "--config", "config.yaml", "--out", "out")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert result.stderr.splitlines() == [
        f"openapi.yaml:{line}:{7 + len(text.splitlines()[-1].split(': ')[0]) + 2}: an integer of more than"
        " 4300 digits (Python cannot write it in decimal)"
    ]


def test_an_integer_of_4300_digits_is_kept() -> None:
    root = source.parse_yaml(f"a: {'9' * 4300}\nb: -{'9' * 4300}\nc: 010\n", "x.yaml")
    values = [source.to_plain(node) for _, node in root.items()]
    assert values == [int("9" * 4300), -int("9" * 4300), 10]


# JSON writes a character beyond U+FFFF as an escaped UTF-16 surrogate pair; libyaml refuses
# such escapes (Twilio's documents hold 👍 as "\ud83d\udc4d"), PyYAML's own loader takes them
THUMBS = "\\ud83d\\udc4d"


def test_an_escaped_surrogate_pair_is_its_character() -> None:
    text = f'{{\n  "a": "{THUMBS} up",\n  "{THUMBS}": [1, "x"],\n  "c": 3\n}}\n'
    root = source.parse_yaml(text, "x.json")
    assert source.to_plain(root) == {"a": "\U0001f44d up", "\U0001f44d": [1, "x"], "c": 3}
    assert root.key_pos["c"] == source.Pos("x.json", 4, 3)  # positions as written


def test_a_lone_surrogate_is_a_positioned_error() -> None:
    with pytest.raises(source.SpecError) as caught:
        source.parse_yaml('{\n  "a": "ok",\n  "b": "x\\ud800y"\n}\n', "x.json")
    (problem,) = caught.value.problems
    assert (problem.pos.line, problem.pos.col) == (3, 8)
    assert "lone UTF-16 surrogate (\\ud800)" in problem.message


def test_a_document_with_an_escaped_pair_generates(inputs: Path) -> None:
    spec = spec_with_schemas(THING.replace("type: object", f'type: object\n  description: "{THUMBS} a thing"'))
    (inputs / "openapi.yaml").write_text(spec, encoding="utf-8")
    result = cli(inputs, "generate", "--spec", "openapi.yaml", "--config", "config.yaml", "--out", "out")
    assert result.returncode == 0, result.stderr
    assert "\U0001f44d a thing" in (inputs / "out" / "pkg_p" / "models.py").read_text(encoding="utf-8")
