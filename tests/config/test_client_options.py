"""`client.options`, `client.strict_response_validation`, `client.log_env` and `poll:` in the
config: typed values, and positioned problems for what the generated client could not honour."""

from __future__ import annotations

from tests.config.test_config_sections import MINIMAL, parse, where

OPTIONS = MINIMAL + """\
client:
  options:
    organization: {env: OPENAI_ORG_ID, header: OpenAI-Organization}
    project: {header: OpenAI-Project}
  strict_response_validation: false
  log_env: OPENAI_LOG
"""


def test_options_are_read_in_order() -> None:
    config, problems = parse(OPTIONS)
    assert problems == []
    assert [(o.name, o.env, o.header) for o in config.client_options] == [
        ("organization", "OPENAI_ORG_ID", "OpenAI-Organization"),
        ("project", None, "OpenAI-Project"),
    ]
    assert config.strict_response_validation is False
    assert config.log_env == "OPENAI_LOG"


def test_defaults_without_options() -> None:
    config, problems = parse(MINIMAL)
    assert problems == []
    assert (config.client_options, config.strict_response_validation, config.log_env) == ((), True, None)


def test_an_option_may_not_shadow_the_client_or_frame_the_request() -> None:
    _, problems = parse(
        MINIMAL
        + """\
client:
  headers: {X-Team: a}
  options:
    timeout: {header: X-Timeout}
    length: {header: Content-Length}
    team: {header: x-team}
    bad: {header: "a b"}
    nameless: {env: X}
    1st: {header: X-First}
"""
    )
    assert where(problems) == [
        (9, 5, "option 'timeout' must be a Python identifier the client does not already define"),
        (10, 22, "option 'length': 'Content-Length' is not a header the client may send"),
        (11, 5, "option 'team': header 'x-team' is sent twice"),
        (12, 19, "option 'bad': 'a b' is not a header the client may send"),
        (13, 15, "option 'nameless' needs 'header' (the HTTP header it is sent as)"),
        (14, 5, "option '1st' must be a Python identifier the client does not already define"),
    ]


def test_strict_response_validation_must_be_a_boolean() -> None:
    _, problems = parse(MINIMAL + "client:\n  strict_response_validation: 'no'\n  log_env: 'A B'\n")
    assert where(problems) == [
        (7, 31, "strict_response_validation must be true or false"),
        (8, 12, "log_env 'A B' is not an environment variable name (letters, digits, underscores)"),
    ]


def test_poll_declares_a_poller_or_a_helper() -> None:
    config, problems = parse(
        """\
targets: [{kind: pydantic, package: pkg}]
operations:
  getThing:
    method: things.retrieve
    poll: {method: poll, status: state, until: [done, failed], interval_header: x-poll-after-ms}
  createThing: {method: things.create, poll: create_and_poll}
"""
    )
    assert problems == []
    poller = config.operations[0].poller
    assert poller is not None
    assert (poller.method, poller.status, poller.until, poller.interval_header, poller.interval_ms) == (
        "poll", "state", ("done", "failed"), "x-poll-after-ms", 1000,
    )
    assert config.operations[1].poll_helper == "create_and_poll"


def test_a_poller_needs_its_parts() -> None:
    _, problems = parse(
        """\
targets: [{kind: pydantic, package: pkg}]
operations:
  a: {method: things.a, poll: {method: poll, status: state}}
  b: {method: things.b, poll: {method: poll, status: state, until: [x], interval_ms: 0}}
  c: {method: things.c, poll: [x]}
  d: {method: things.d, poll: {method: poll, status: s, until: [x], every: 2}}
"""
    )
    assert where(problems) == [
        (3, 31, "a poller needs 'method', 'status' and a non-empty 'until' list of statuses"),
        (4, 86, "interval_ms must be a positive integer (milliseconds), at most an hour"),
        (5, 31, "'poll' must be a method name (e.g. create_and_poll) or a poller mapping"),
        (6, 69, "unknown key 'every' in 'poll' (allowed: method, status, until, interval_header, interval_ms)"),
    ]
