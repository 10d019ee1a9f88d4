"""Contract tests: the three clients against Prism mocking OpenAI's own OpenAPI extract.

Prism validates each request against the upstream document (path, bearer auth) and answers
with a response generated from it; `Prefer: code=NNN` asks it for another documented
status. Skipped when node_modules/.bin/prism is missing, except in CI (CI=... set), where
that is a failure: CI installs it (`make test` runs `npm ci`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from harness.driver import Api
from harness.paths import UPSTREAM
from harness.prism import prism_mock

pytestmark = pytest.mark.prism

UPSTREAM_SPEC = UPSTREAM / "openai-cancel-run.openapi.yaml"


@pytest.fixture(scope="module")
def prism_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with prism_mock(UPSTREAM_SPEC, tmp_path_factory.mktemp("prism")) as url:
        yield url


def test_cancel_returns_a_valid_run(api: Api, prism_url: str) -> None:
    client = api.make(base_url=prism_url)
    run = api.cancel(client, "run_abc123", thread_id="thread_abc123")
    assert isinstance(run, api.pkg.Run)
    assert run.object == "thread.run"
    assert isinstance(run.id, str) and isinstance(run.created_at, int)
    assert run.to_dict()["status"] == run.status


def test_raw_response_from_prism(api: Api, prism_url: str) -> None:
    client = api.make(base_url=prism_url)
    raw = api.cancel(client, "run_abc123", thread_id="thread_abc123", raw=True)
    assert raw.status_code == 200
    assert raw.headers["content-type"].startswith("application/json")
    assert isinstance(raw.parse(), api.pkg.Run)


def test_odd_ids_stay_one_path_segment(api: Api, prism_url: str) -> None:
    client = api.make(base_url=prism_url)
    run = api.cancel(client, "run/with?odd#chars %", thread_id="thread 1")
    assert isinstance(run, api.pkg.Run)


def test_missing_auth_maps_to_authentication_error(api: Api, prism_url: str) -> None:
    """Prism answers 401 when the request has no bearer token: the client always sends one,
    so the call removes it with Omit()."""
    client = api.make(base_url=prism_url, max_retries=2)
    with pytest.raises(api.pkg.AuthenticationError) as caught:
        api.cancel(client, extra_headers={"Authorization": api.pkg.Omit()})
    assert caught.value.status_code == 401
    assert isinstance(caught.value.body, dict)


def test_a_non_bearer_auth_maps_to_authentication_error(api: Api, prism_url: str) -> None:
    client = api.make(base_url=prism_url)
    with pytest.raises(api.pkg.AuthenticationError):
        api.cancel(client, extra_headers={"Authorization": "Basic dXNlcjpwYXNz"})


def test_rate_limit_maps_to_rate_limit_error_after_the_retries(
    api: Api, prism_url: str, sleeps: list[float]
) -> None:
    client = api.make(base_url=prism_url, max_retries=2)
    with pytest.raises(api.pkg.RateLimitError) as caught:
        api.cancel(client, extra_headers={"Prefer": "code=429"})
    assert caught.value.status_code == 429
    assert len(sleeps) == 2  # retried twice (waits recorded, not slept)
    assert isinstance(caught.value.body, dict) and "message" in caught.value.body
