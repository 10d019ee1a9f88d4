"""`_validation.decode_json`, the JSON decoder of the dataclass target (and of every client's
`load_json`), calls the standard decoder's scanner directly: it must give what `json.loads`
gives for every text, and refuse what it refuses (NaN and Infinity too, which are no JSON)."""

from __future__ import annotations

import json

import pytest
from openai_runs_dataclass._validation import decode_json

TAKEN = ['{"a": [1, 2.5, null, true]}', " {}", "{}\n", "\t[1]\r\n", '"x"', "0", "-1.5e3", '"\\ud800"', "[]"]
REFUSED = ["", " ", "{} x", "{}{}", "[1,]", "{'a': 1}", "NaN", "[Infinity]", "-Infinity", '{"a": NaN}', "\x00"]


@pytest.mark.parametrize("text", TAKEN)
def test_decodes_what_json_loads_decodes(text: str) -> None:
    assert decode_json(text) == json.loads(text)


@pytest.mark.parametrize("text", REFUSED)
def test_refuses_what_is_no_json(text: str) -> None:
    with pytest.raises(ValueError):
        decode_json(text)
