"""Start the Prism mock server (npm @stoplight/prism-cli in ./node_modules) for a test.

Skipped when Prism is missing, except in CI (CI=... set), where that is a failure: CI
installs it (`make test` runs `npm ci`).
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .paths import PRISM


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(urllib.request.Request(url, method="POST"), timeout=1)
    except urllib.error.HTTPError:
        return True  # any HTTP status: it is up
    except OSError:
        return False
    return True


@contextmanager
def prism_mock(spec: Path, log_dir: Path, probe_path: str = "/threads/t/runs/r/cancel") -> Iterator[str]:
    """Serve `spec` on 127.0.0.1 (a free port) until the block ends; yield the base URL."""
    if not PRISM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{PRISM} is missing: CI must install Prism (npm ci)")
        pytest.skip(f"{PRISM} is missing: run `npm ci` (or `make test`) to install Prism")
    assert spec.exists(), spec
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = log_dir / "prism.log"
    with open(log_path, "wb") as log:  # a file, not a pipe: a full pipe would block Prism
        process = subprocess.Popen(
            [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(port), str(spec)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while not _answers(url + probe_path):
                if process.poll() is not None:
                    output = log_path.read_text(errors="replace")
                    pytest.fail(f"prism exited with {process.returncode}: {output[-2000:]}")
                if time.monotonic() > deadline:
                    pytest.fail("prism did not answer within 30 s")
                time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
