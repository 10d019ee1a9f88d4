"""An operation whose only success media type is `text/event-stream` (TGI's
`POST /generate_stream`, the events' schema under that media type) is a method that always
returns `Stream[Event]`, with no `stream` argument; sync, async and stdlib clients."""

from __future__ import annotations

import inspect
import json
import pathlib
from types import ModuleType
from typing import Dict, Iterator

import pytest
from harness.generate import generate_once, import_package
from harness.paths import ROOT
from stream_clients import KINDS, Clients
from stream_server import StreamServer

SPECS = pathlib.Path(__file__).resolve().parent / "specs"


@pytest.fixture(scope="session")
def tgi(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, ModuleType]:
    out = generate_once(ROOT / "tests" / "documents" / "tgi.openapi.json", SPECS / "tgi.config.yaml", tmp_path_factory)
    return {name: import_package(out, name) for name in ("tgi_p", "tgi_d")}


@pytest.fixture(params=KINDS)
def clients(request: pytest.FixtureRequest, tgi: Dict[str, ModuleType], server: StreamServer) -> Iterator[Clients]:
    c = Clients(request.param, tgi, server)
    yield c
    c.close()


def token(n: int) -> dict:  # type: ignore[type-arg]
    return {"index": n, "token": {"id": n, "text": f"t{n}", "logprob": -0.5, "special": False},
            "generated_text": None, "details": None}


def test_the_method_always_streams_and_takes_no_stream_argument(clients: Clients) -> None:
    body = "".join(f"data:{json.dumps(token(n))}\n\n" for n in range(3)).encode()
    clients.server.serve("/v1/generate_stream", [body[i : i + 11] for i in range(0, len(body), 11)])
    client = clients.client("tgi")
    method = client.text.generate_stream
    assert "stream" not in inspect.signature(method).parameters
    events = clients.events(clients.call(method(inputs="Hello")))
    assert [(e.index, e.token.text) for e in events] == [(0, "t0"), (1, "t1"), (2, "t2")]
    assert type(events[0]).__name__ == "StreamResponse"
    assert json.loads(clients.server.last("/v1/generate_stream").body) == {"inputs": "Hello"}


def test_the_json_operation_beside_it_is_unchanged(clients: Clients) -> None:
    answer = {"generated_text": "Hello world"}
    clients.server.serve("/v1/generate", [json.dumps(answer).encode()], content_type="application/json", length=True)
    result = clients.call(clients.client("tgi").text.generate(inputs="Hello"))
    assert result.generated_text == "Hello world"
