"""Streams, uploads and downloads through generated clients (sync, async, standard library)
on a loopback server: the Runs stream of spec/upstream (config-declared), a chat-completions
chunk stream, a multipart upload and binary downloads (tests/streams/specs/media.*)."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import textwrap
from types import ModuleType
from typing import Dict, Iterator, List

import pytest
from harness.generate import import_package, run_generator
from stream_clients import Clients
from stream_server import StreamServer

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPECS = pathlib.Path(__file__).resolve().parent / "specs"
UPSTREAM = ROOT / "spec" / "upstream"
KINDS = ("sync", "async", "stdlib")

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _generate(out: pathlib.Path, spec: pathlib.Path, config: pathlib.Path) -> None:
    code = run_generator("generate", "--spec", str(spec), "--config", str(config), "--out", str(out))
    assert code == 0, f"generator exited {code}"


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, ModuleType]:
    """The media packages and the upstream Runs packages, generated once."""
    out = tmp_path_factory.mktemp("generated_streams")
    _generate(out / "media", SPECS / "media.openapi.yaml", SPECS / "media.config.yaml")
    _generate(out / "runs", UPSTREAM / "openai-runs.openapi.yaml", UPSTREAM / "config.yaml")
    return {
        "media_p": import_package(out / "media", "media_p"),
        "media_d": import_package(out / "media", "media_d"),
        "runs_p": import_package(out / "runs", "openai_runs_upstream"),
        "runs_d": import_package(out / "runs", "openai_runs_upstream_dataclass"),
        "out": out,  # type: ignore[dict-item]
    }


@pytest.fixture(params=KINDS)
def clients(request: pytest.FixtureRequest, generated: Dict[str, ModuleType], server: StreamServer) -> Iterator[Clients]:
    c = Clients(request.param, generated, server)
    yield c
    c.close()


def run_stream_frames() -> bytes:
    """createRun's documented "Streaming" example, plus an event kind this version does not
    know, and a frame after `done` that must never be read as an event."""
    from bench.streams import example_frames

    frames = list(example_frames())
    frames.insert(3, ("thread.run.brand_new_kind", '{"id": "x"}'))
    frames.append(("thread.run.created", "{}"))
    return "".join(f"event: {e}\ndata: {d}\n\n" for e, d in frames).encode()


def test_runs_stream_typed_events_in_order(clients: Clients) -> None:
    frames = run_stream_frames()
    clients.server.serve("/v1/threads/thread_123/runs", [frames[i : i + 100] for i in range(0, len(frames), 100)])
    client = clients.client("runs")
    models = clients.package("runs").models
    stream = clients.call(client.beta.threads.runs.create("thread_123", assistant_id="asst_123", stream=True))
    events = clients.events(stream)
    kinds = [e.event for e in events]
    assert kinds[:4] == ["thread.run.created", "thread.run.queued", "thread.run.in_progress", "thread.run.brand_new_kind"]
    assert kinds[-1] == "thread.run.completed" and "done" not in kinds
    assert isinstance(events[0].data, models.Run) and events[0].data.status == "queued"
    assert type(events[3]).__name__ == "UnknownAssistantStreamEvent"
    delta = next(e for e in events if e.event == "thread.message.delta")
    assert delta.data.delta.content[0].text.value == "Hello"
    sent = json.loads(clients.server.last("/v1/threads/thread_123/runs").body)
    assert sent == {"assistant_id": "asst_123", "stream": True}


def test_runs_without_stream_returns_the_run(clients: Clients) -> None:
    from bench.streams import example_frames

    run = json.loads(example_frames()[0][1])
    clients.server.serve("/v1/threads/thread_123/runs", [json.dumps(run).encode()], content_type="application/json",
                         length=True)
    client = clients.client("runs")
    result = clients.call(client.beta.threads.runs.create("thread_123", assistant_id="asst_123"))
    assert isinstance(result, clients.package("runs").models.Run)
    assert "stream" not in json.loads(clients.server.last().body)


def test_leaving_a_stream_early_leaves_the_client_usable(clients: Clients) -> None:
    frames = run_stream_frames()
    clients.server.serve("/v1/threads/thread_123/runs", [frames] * 50, pause=0.002)
    from bench.streams import example_frames

    run = dict(example_frames())["thread.run.created"]
    clients.server.serve("/v1/threads/thread_123/runs/run_123/cancel", [run.encode()],
                         content_type="application/json", length=True)
    client = clients.client("runs")
    stream = clients.call(client.beta.threads.runs.create("thread_123", assistant_id="asst_123", stream=True))
    assert len(clients.events(stream, stop_after=2)) == 2
    cancelled = clients.call(client.beta.threads.runs.cancel("run_123", thread_id="thread_123"))
    assert cancelled.id == "run_123"


def test_chat_completion_chunks(clients: Clients) -> None:
    chunk = {"id": "c1", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": "Hi"}}]}
    body = "".join(f"data: {json.dumps(chunk)}\n\n" for _ in range(3)) + "data: [DONE]\n\n"
    clients.server.serve("/v1/chat/completions", [body.encode()[i : i + 9] for i in range(0, len(body), 9)])
    client = clients.client("media")
    stream = clients.call(client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}],
                                                         stream=True))
    chunks = clients.events(stream)
    assert [c.choices[0].delta.content for c in chunks] == ["Hi", "Hi", "Hi"]
    assert type(chunks[0]).__name__ == "CreateChatCompletionStreamResponse"


def _multipart_parts(body: bytes, content_type: str) -> List[tuple[str, bytes]]:
    from test_multipart import parse

    return [(headers["Content-Disposition"], content) for headers, content in parse(body, content_type)]


def test_multipart_upload_tuple_and_file_object(clients: Clients, tmp_path: pathlib.Path) -> None:
    answer = {"id": "file-1", "object": "file", "bytes": 5, "filename": "a.jsonl", "purpose": "batch"}
    clients.server.serve("/v1/files", [json.dumps(answer).encode()], content_type="application/json", length=True)
    client = clients.client("media")
    result = clients.call(client.files.create(file=("a.jsonl", b'{"a"}', "application/jsonl"), purpose="batch"))
    assert result.id == "file-1"
    received = clients.server.last("/v1/files")
    assert _multipart_parts(received.body, received.headers["content-type"]) == [
        ('form-data; name="file"; filename="a.jsonl"', b'{"a"}'),
        ('form-data; name="purpose"', b"batch"),
    ]
    path = tmp_path / "data.jsonl"
    path.write_bytes(b"line\n" * 1000)
    with open(path, "rb") as file:
        clients.call(client.files.create(file=file, purpose="batch", expires_after={"anchor": "created_at",
                                                                                   "seconds": 3600}))
    received = clients.server.last("/v1/files")
    assert received.headers["content-length"] == str(len(received.body))
    assert _multipart_parts(received.body, received.headers["content-type"]) == [
        ('form-data; name="file"; filename="data.jsonl"', b"line\n" * 1000),
        ('form-data; name="purpose"', b"batch"),
        ('form-data; name="expires_after"', b'{"anchor":"created_at","seconds":3600}'),
    ]


def test_binary_downloads(clients: Clients, tmp_path: pathlib.Path) -> None:
    content = bytes(range(256)) * 64
    clients.server.serve("/v1/files/file-1/content", [content[:5000], content[5000:]],
                         content_type="application/octet-stream")
    clients.server.serve("/v1/audio/speech", [b"ID3", b"mp3 bytes"], content_type="audio/mpeg")
    client = clients.client("media")
    download = clients.call(client.files.content("file-1"))
    assert download.content == content
    download.write_to_file(tmp_path / "file.bin")
    assert (tmp_path / "file.bin").read_bytes() == content
    speech = clients.call(client.audio.speech.create(model="tts-1", input="hi", voice="alloy"))
    assert speech.content == b"ID3mp3 bytes"
    assert list(speech.iter_bytes(4)) == [b"ID3m", b"p3 b", b"ytes"]


def test_mypy_sees_the_stream_and_the_model(generated: Dict[str, ModuleType], tmp_path: pathlib.Path) -> None:
    code = textwrap.dedent(
        """
        from typing import List
        from openai_runs_upstream import AssistantStreamEvent, OpenAI, Run, Stream
        from openai_runs_upstream_dataclass import OpenAI as StdlibOpenAI

        client = OpenAI(api_key="k")
        stream: Stream[AssistantStreamEvent] = client.beta.threads.runs.create("t", assistant_id="a", stream=True)
        kinds: List[str] = [event.event for event in stream]
        run: Run = client.beta.threads.runs.create("t", assistant_id="a")
        also_run: Run = client.beta.threads.runs.create("t", assistant_id="a", stream=False)
        for event in StdlibOpenAI(api_key="k").beta.threads.runs.create("t", assistant_id="a", stream=True):
            reveal_type(event)
        """
    )
    path = tmp_path / "uses_stream.py"
    path.write_text(code)
    out = pathlib.Path(str(generated["out"])) / "runs"
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, str(path)],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "MYPYPATH": str(out)},
    )
    assert result.returncode == 0, result.stdout
    assert "AssistantStreamEvent" in result.stdout or "Union[" in result.stdout
