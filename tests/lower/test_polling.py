"""Pollers and poll helpers (generator/lower/polling.py): what the config's `poll:` declares,
checked against the operations and models it names."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator import ir
from generator.diagnostics import SpecError
from generator.pipeline import build_package

SPEC = """\
openapi: 3.1.0
info: {title: Jobs, version: '1'}
paths:
  /queues/{queue_id}/jobs:
    post:
      operationId: createJob
      parameters: [{name: queue_id, in: path, required: true, schema: {type: string}}]
      requestBody:
        content: {application/json: {schema: {type: object, properties: {task: {type: string}}}}}
      responses: {'200': {content: {application/json: {schema: {$ref: '#/components/schemas/Job'}}}}}
  /queues/{queue_id}/jobs/{job_id}:
    get:
      operationId: getJob
      parameters:
        - {name: queue_id, in: path, required: true, schema: {type: string}}
        - {name: job_id, in: path, required: true, schema: {type: string}}
      responses: {'200': {content: {application/json: {schema: {$ref: '#/components/schemas/Job'}}}}}
components:
  schemas:
    Job:
      type: object
      required: [id, queue_id, state]
      properties:
        id: {type: string}
        queue_id: {type: string}
        state: {type: string, enum: [queued, running, done, failed]}
"""

CONFIG = """\
targets: [{kind: pydantic, package: jobs}]
operations:
  getJob:
    method: queues.jobs.retrieve
    poll: {method: poll, status: state, until: [done, failed], interval_header: x-poll-after-ms}
  createJob: {method: queues.jobs.create, poll: create_and_poll}
"""


def build(tmp_path: Path, spec: str = SPEC, config: str = CONFIG) -> ir.Package:
    (tmp_path / "spec.yaml").write_text(textwrap.dedent(spec), encoding="utf-8")
    (tmp_path / "config.yaml").write_text(textwrap.dedent(config), encoding="utf-8")
    return build_package(tmp_path / "spec.yaml", tmp_path / "config.yaml")


def test_a_poller_and_a_helper(tmp_path: Path) -> None:
    package = build(tmp_path)
    ops = {op.operation_id: op for op in package.operations}
    assert ops["getJob"].poller == ir.Poller("poll", "state", ("done", "failed"), "x-poll-after-ms", 1000)
    assert ops["createJob"].poll_helper == ir.PollHelper(
        "create_and_poll", ("queues", "jobs", "poll"), (("job_id", "id"), ("queue_id", "queue_id"))
    )
    # the resource tree carries the same operations
    jobs = package.resources[0].children[0]
    assert {op.operation_id: op for op in jobs.operations} == ops


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (CONFIG.replace("status: state", "status: phase"), "poll: 'Job' has no field 'phase'"),
        (CONFIG.replace("until: [done, failed]", "until: [done, gone]"), "poll: 'gone' is not a value of Job.state"),
        (CONFIG.replace("method: poll,", "method: create,"), "poll: 'queues.jobs.create' is already a method or resource"),
        (
            CONFIG.replace("getJob:\n    method: queues.jobs.retrieve\n    poll:", "getJob:\n    method: queues.jobs.retrieve\n    x-poll:"),
            "unknown key 'x-poll'",
        ),
        (
            CONFIG.replace("poll: {method: poll, status: state, until: [done, failed], interval_header: x-poll-after-ms}", "deprecated: false"),
            "poll: no operation with a poller retrieves what 'createJob' returns",
        ),
    ],
)
def test_what_a_poll_cannot_do_is_a_positioned_error(tmp_path: Path, config: str, message: str) -> None:
    with pytest.raises(SpecError) as caught:
        build(tmp_path, config=config)
    assert any(message in p.message and p.pos.file.endswith("config.yaml") for p in caught.value.problems), [
        str(p) for p in caught.value.problems
    ]


def test_a_poller_needs_a_get_returning_a_model(tmp_path: Path) -> None:
    config = CONFIG.replace("poll: create_and_poll", "poll: {method: poll_it, status: state, until: [done]}")
    with pytest.raises(SpecError, match="poll: 'createJob' is no GET operation returning one model"):
        build(tmp_path, config=config)
