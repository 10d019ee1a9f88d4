"""`allOf` of a union and an object (TGI's `Message`: a `oneOf` of message bodies, plus an
object with `role`) is the union of each arm combined with the object (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness.generate import generate_models

SCHEMAS = """\
Thing:
  type: object
  properties:
    message: {$ref: '#/components/schemas/Message'}
Message:
  allOf:
    - $ref: '#/components/schemas/MessageBody'
    - {type: object, required: [role], properties: {role: {type: string}}}
MessageBody:
  oneOf:
    - {type: object, required: [kind, text], properties: {kind: {type: string, enum: [text]}, text: {type: string}}}
    - type: object
      required: [kind, calls]
      properties: {kind: {type: string, enum: [calls]}, calls: {type: array, items: {type: string}}}
"""


def test_each_arm_carries_the_objects_properties(tmp_path: Path) -> None:
    for models in generate_models(tmp_path, SCHEMAS):
        text = {"message": {"kind": "text", "text": "hi", "role": "user"}}
        calls = {"message": {"kind": "calls", "calls": ["a"], "role": "tool"}}
        parsed = models.Thing.from_dict(text)
        assert (parsed.message.text, parsed.message.role) == ("hi", "user")
        assert models.Thing.from_dict(calls).message.calls == ["a"]
        assert parsed.to_dict() == text and models.Thing.from_dict(calls).to_dict() == calls
        with pytest.raises(ValueError, match="role"):
            models.Thing.from_dict({"message": {"kind": "text", "text": "hi"}})
