"""Streams, uploads and downloads through the clients generated from OpenAI's WHOLE document
(spec/upstream/openai-openapi.yaml, every operation, specs/whole.config.yaml's overrides), in
the sync, async and standard-library clients, on a loopback server (issue 11, "Done when")."""

from __future__ import annotations

import json
import pathlib
import textwrap
from types import ModuleType
from typing import Dict, Iterator, List

import pytest
from harness.processes import mypy_strict
from stream_clients import KINDS, Clients
from stream_server import StreamServer
from test_generated import _multipart_parts, run_stream_frames

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(params=KINDS)
def clients(request: pytest.FixtureRequest, whole: Dict[str, ModuleType], server: StreamServer) -> Iterator[Clients]:
    c = Clients(request.param, whole, server)
    yield c
    c.close()


RUNS = "/v1/threads/thread_123/runs"


def _pieces(body: bytes, size: int) -> List[bytes]:
    return [body[i : i + size] for i in range(0, len(body), size)]


def test_runs_stream_typed_events_in_order(clients: Clients) -> None:
    clients.server.serve(RUNS, _pieces(run_stream_frames(), 100))
    client = clients.client("whole")
    models = clients.package("whole").models
    stream = clients.call(client.threads.runs.create("thread_123", assistant_id="asst_123", stream=True))
    events = clients.events(stream)
    kinds = [e.event for e in events]
    assert kinds[:4] == ["thread.run.created", "thread.run.queued", "thread.run.in_progress", "thread.run.brand_new_kind"]
    assert kinds[-1] == "thread.run.completed" and "done" not in kinds
    assert isinstance(events[0].data, models.RunObject) and events[0].data.status == "queued"
    assert type(events[3]).__name__ == "UnknownAssistantStreamEvent"
    delta = next(e for e in events if e.event == "thread.message.delta")
    assert delta.data.delta.content[0].text.value == "Hello"
    assert json.loads(clients.server.last(RUNS).body) == {"assistant_id": "asst_123", "stream": True}


def test_runs_create_without_stream_returns_the_run(clients: Clients) -> None:
    from bench.streams import example_frames

    run = dict(example_frames())["thread.run.created"]
    clients.server.serve(RUNS, [run.encode()], content_type="application/json", length=True)
    result = clients.call(clients.client("whole").threads.runs.create("thread_123", assistant_id="asst_123"))
    assert isinstance(result, clients.package("whole").models.RunObject) and result.id == "run_123"
    assert "stream" not in json.loads(clients.server.last(RUNS).body)


def test_create_and_run_and_submit_tool_outputs_stream(clients: Clients) -> None:
    clients.server.serve("/v1/threads/runs", [run_stream_frames()])
    clients.server.serve("/v1/threads/thread_123/runs/run_123/submit_tool_outputs", [run_stream_frames()])
    client = clients.client("whole")
    first = clients.events(clients.call(client.threads.create_and_run(assistant_id="asst_123", stream=True)))
    second = clients.events(
        clients.call(client.threads.runs.submit_tool_outputs("run_123", thread_id="thread_123", tool_outputs=[],
                                                             stream=True))
    )
    assert [e.event for e in first] == [e.event for e in second]
    assert first[0].event == "thread.run.created" and first[-1].event == "thread.run.completed"


def test_leaving_a_runs_stream_early_leaves_the_client_usable(clients: Clients) -> None:
    from bench.streams import example_frames

    clients.server.serve(RUNS, [run_stream_frames()] * 50, pause=0.002)
    run = dict(example_frames())["thread.run.created"]
    clients.server.serve(RUNS + "/run_123/cancel", [run.encode()], content_type="application/json", length=True)
    client = clients.client("whole")
    stream = clients.call(client.threads.runs.create("thread_123", assistant_id="asst_123", stream=True))
    assert [e.event for e in clients.events(stream, stop_after=2)] == ["thread.run.created", "thread.run.queued"]
    cancelled = clients.call(client.threads.runs.cancel("run_123", thread_id="thread_123"))
    assert cancelled.id == "run_123"


def test_chat_completion_chunk_stream(clients: Clients) -> None:
    chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
             "choices": [{"index": 0, "delta": {"content": "Hi"}, "finish_reason": None}]}
    body = "".join(f"data: {json.dumps({**chunk, 'id': f'c{n}'})}\n\n" for n in range(3)) + "data: [DONE]\n\n"
    clients.server.serve("/v1/chat/completions", _pieces(body.encode(), 9))
    client = clients.client("whole")
    stream = clients.call(client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}],
                                                         stream=True))
    chunks = clients.events(stream)
    assert [(c.id, c.choices[0].delta.content) for c in chunks] == [("c0", "Hi"), ("c1", "Hi"), ("c2", "Hi")]
    assert type(chunks[0]).__name__ == "CreateChatCompletionStreamResponse"
    assert json.loads(clients.server.last("/v1/chat/completions").body)["stream"] is True


def test_multipart_upload_tuple_and_file_object(clients: Clients, tmp_path: pathlib.Path) -> None:
    answer = {"id": "file-1", "object": "file", "bytes": 5, "created_at": 1, "filename": "a.jsonl",
              "purpose": "batch", "status": "uploaded"}
    clients.server.serve("/v1/files", [json.dumps(answer).encode()], content_type="application/json", length=True)
    client = clients.client("whole")
    result = clients.call(client.files.create(file=("a.jsonl", b'{"a"}', "application/jsonl"), purpose="batch"))
    assert result.id == "file-1"
    received = clients.server.last("/v1/files")
    assert _multipart_parts(received.body, received.headers["content-type"]) == [
        ('form-data; name="file"; filename="a.jsonl"', b'{"a"}'),
        ('form-data; name="purpose"', b"batch"),
    ]
    path = tmp_path / "data.jsonl"
    path.write_bytes(b"line\n" * 20000)
    with open(path, "rb") as file:
        clients.call(client.files.create(file=file, purpose="batch"))
    received = clients.server.last("/v1/files")
    assert received.headers["content-length"] == str(len(received.body))
    assert _multipart_parts(received.body, received.headers["content-type"]) == [
        ('form-data; name="file"; filename="data.jsonl"', b"line\n" * 20000),
        ('form-data; name="purpose"', b"batch"),
    ]


def test_binary_downloads(clients: Clients, tmp_path: pathlib.Path) -> None:
    content = bytes(range(256)) * 64
    clients.server.serve("/v1/files/file-1/content", [content[:5000], content[5000:]],
                         content_type="application/octet-stream")
    clients.server.serve("/v1/audio/speech", [b"ID3", b"mp3 bytes"], content_type="audio/mpeg")
    client = clients.client("whole")
    download = clients.call(client.files.content("file-1"))
    assert download.content == content
    download.write_to_file(tmp_path / "file.bin")
    assert (tmp_path / "file.bin").read_bytes() == content
    speech = clients.call(client.audio.speech.create(model="tts-1", input="hi", voice="alloy"))
    assert speech.content == b"ID3mp3 bytes" and speech.text == "ID3mp3 bytes"
    assert list(speech.iter_bytes(4)) == [b"ID3m", b"p3 b", b"ytes"]
    assert json.loads(clients.server.last("/v1/audio/speech").body) == {"model": "tts-1", "input": "hi",
                                                                         "voice": "alloy"}


def test_mypy_strict_on_stream_true(whole_out: pathlib.Path, tmp_path: pathlib.Path) -> None:
    code = textwrap.dedent(
        """
        from typing import List, Optional
        from whole_p import AssistantStreamEvent, AsyncOpenAI, CreateChatCompletionStreamResponse, OpenAI, OpenAIFile, RunObject, Stream
        from whole_d import OpenAI as StdlibOpenAI

        client = OpenAI(api_key="k")
        stream: Stream[AssistantStreamEvent] = client.threads.runs.create("t", assistant_id="a", stream=True)
        kinds: List[str] = [event.event for event in stream]
        run: RunObject = client.threads.runs.create("t", assistant_id="a")
        chunks = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}], stream=True)
        for chunk in chunks:
            first: CreateChatCompletionStreamResponse = chunk
            text: Optional[str] = chunk.choices[0].delta.content
        for event in StdlibOpenAI(api_key="k").threads.runs.create("t", assistant_id="a", stream=True):
            reveal_type(event)
        with client.files.with_streaming_response.retrieve("f") as response:
            parsed: OpenAIFile = response.parse()
            pieces: List[bytes] = list(response.iter_bytes())

        async def streamed(aclient: AsyncOpenAI) -> OpenAIFile:
            async with aclient.files.with_streaming_response.retrieve("f") as aresponse:
                body: bytes = await aresponse.read()
                return await aresponse.parse()
        """
    )
    path = tmp_path / "uses_stream.py"
    path.write_text(code)
    result = mypy_strict(path, mypypath=whole_out)
    assert result.returncode == 0, result.stdout
    assert "AssistantStreamEvent" in result.stdout or "Union[" in result.stdout


def test_image_generation_stream_named_events(clients: Clients) -> None:
    """images.generate(stream=True): frames named by their `type` (the documented examples),
    parsed into the arm each names; an unknown one kept."""
    common = {"b64_json": "...", "created_at": 1620000000, "size": "1024x1024", "quality": "high",
              "background": "transparent", "output_format": "png"}
    partial = {"type": "image_generation.partial_image", **common, "partial_image_index": 0}
    usage = {"total_tokens": 100, "input_tokens": 50, "output_tokens": 50,
             "input_tokens_details": {"text_tokens": 10, "image_tokens": 40}}
    completed = {"type": "image_generation.completed", **common, "usage": usage}
    future = {"type": "image_generation.future_kind"}
    body = "".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in (partial, future, completed)).encode()
    clients.server.serve("/v1/images/generations", _pieces(body, 50))
    client = clients.client("whole")
    events = clients.events(clients.call(client.images.generate(prompt="a cat", stream=True)))
    assert [type(e).__name__ for e in events] == [
        "ImageGenPartialImageEvent", "UnknownImageGenStreamEvent", "ImageGenCompletedEvent"
    ]
    assert events[0].partial_image_index == 0 and events[2].usage.total_tokens == 100
