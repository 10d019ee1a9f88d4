"""`pip install .` gives the `api-client-generator` command, templates included; the hooks of
.pre-commit-hooks.yaml run through it. Offline: the wheel is built without build isolation
and installed without dependencies into a fresh venv that sees this environment's packages."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from .inputs import CONFIG, SPEC, edit

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the generator installed from a copy of the checkout."""
    tmp = tmp_path_factory.mktemp("install")
    source = tmp / "source"  # pip builds in place: keep build/ and *.egg-info out of the checkout
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("generator", "templates"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    # this environment's packages (pip, setuptools, jinja2, pyyaml, black) after the venv's own
    (site / "dev-env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    python = venv / "bin" / "python"
    args = [
        str(python),
        "-m",
        "pip",
        "install",
        "-q",
        "--no-build-isolation",
        "--no-deps",
        "--no-index",
        str(source),
    ]
    done = run(args, tmp, {**os.environ, "PIP_NO_INDEX": "1"})
    assert done.returncode == 0, done.stderr
    return venv


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def env_for(venv: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"}


def test_installed_command_generates_what_the_checkout_generates(venv: Path, tmp_path: Path) -> None:
    (tmp_path / "spec").mkdir()
    for name in ("openapi.yaml", "config.yaml"):
        shutil.copy2(ROOT / "spec" / name, tmp_path / "spec" / name)
    env = env_for(venv)
    where = run(
        [str(venv / "bin" / "python"), "-c", "import generator.render as r; print(r.TEMPLATES)"],
        tmp_path,
        env,
    )
    assert Path(where.stdout.strip()).is_relative_to(venv), where  # the wheel's own templates
    spec_args = ["--spec", "spec/openapi.yaml", "--config", "spec/config.yaml"]
    done = run(["api-client-generator", "generate", *spec_args, "--out", "installed"], tmp_path, env)
    assert done.returncode == 0, done.stderr
    # the checkout's generator, run the same way from the same folder
    checkout_env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = run(
        [sys.executable, "-m", "generator", "generate", *spec_args, "--out", "checkout"],
        tmp_path,
        checkout_env,
    )
    assert done.returncode == 0, done.stderr
    installed, checkout = tree(tmp_path / "installed"), tree(tmp_path / "checkout")
    assert installed == checkout and len(installed) > 10
    assert (
        run(["api-client-generator", "check", *spec_args, "--out", "installed"], tmp_path, env).returncode
        == 0
    )
    usage = run(["api-client-generator", "--help"], tmp_path, env)
    assert (
        usage.returncode == 0
        and usage.stdout.startswith("usage: api-client-generator")
        and "diff" in usage.stdout
    )


def test_installed_command_exit_codes(venv: Path, tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "openapi.yaml").write_text(
        edit(SPEC, "        title: {type: string}\n", ""), encoding="utf-8"
    )
    (tmp_path / "config.yaml").write_text(CONFIG, encoding="utf-8")
    env = env_for(venv)
    args = [
        "api-client-generator",
        "diff",
        "--base",
        "base.yaml",
        "--spec",
        "openapi.yaml",
        "--config",
        "config.yaml",
    ]
    done = run(args, tmp_path, env)
    assert (done.returncode, done.stderr) == (1, "") and "- Thing.title: field removed\n" in done.stdout
    (tmp_path / "openapi.yaml").write_text("openapi: [", encoding="utf-8")
    done = run(args, tmp_path, env)
    assert (
        done.returncode == 2 and done.stderr.startswith("openapi.yaml:1:") and "Traceback" not in done.stderr
    )


def hook_entries() -> dict[str, list[str]]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert all(hook["language"] == "python" and hook["pass_filenames"] is False for hook in hooks)
    return {hook["id"]: shlex.split(hook["entry"]) for hook in hooks}


def test_manifest_is_valid_for_pre_commit() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert set(hook_entries()) == {"api-client-check", "api-client-diff"}


def git(repo: Path, *args: str) -> None:
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=repo, check=True, capture_output=True)


def test_hook_entries_in_a_vendoring_repository(venv: Path, tmp_path: Path) -> None:
    """The hooks' commands, as pre-commit runs them (no file names), in a repository with the
    default layout: spec/openapi.yaml, spec/config.yaml, generated/."""
    entries, env = hook_entries(), env_for(venv)
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "openapi.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "spec" / "config.yaml").write_text(CONFIG, encoding="utf-8")
    assert run(["api-client-generator", "generate"], tmp_path, env).returncode == 0
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "vendor the client")
    assert run(entries["api-client-check"], tmp_path, env).returncode == 0
    assert run(entries["api-client-diff"], tmp_path, env).returncode == 0
    # the spec loses a response field; the vendored code was not regenerated
    (tmp_path / "spec" / "openapi.yaml").write_text(
        edit(SPEC, "        title: {type: string}\n", ""), encoding="utf-8"
    )
    check = run(entries["api-client-check"], tmp_path, env)
    assert check.returncode == 1 and check.stdout.startswith("---"), check.stdout
    diff = run(entries["api-client-diff"], tmp_path, env)
    assert diff.returncode == 1 and "- Thing.title: field removed\n" in diff.stdout, diff.stdout
