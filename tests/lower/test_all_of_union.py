"""`allOf` of a union and an object (TGI's `Message`: a `oneOf` of message bodies, plus an
object with `role`) is the union of each arm combined with the object; an `allOf` part may
be a chain of `$ref`s (Asana's `AttachmentBase: {$ref: AttachmentCompact}`) or a map with no
`type` (Box's metadata) (issue 10)."""

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


CHAIN = """\
Thing:
  allOf:
    - $ref: '#/components/schemas/Base'
    - {additionalProperties: {type: string}}
    - {type: object, properties: {size: {type: integer}}}
Base: {$ref: '#/components/schemas/Compact'}
Compact: {type: object, required: [gid], properties: {gid: {type: string}}}
"""


def test_parts_through_ref_chains_and_untyped_maps_merge(tmp_path: Path) -> None:
    for models in generate_models(tmp_path, CHAIN):
        data = {"gid": "1", "size": 2, "extra": "kept"}
        thing = models.Thing.from_dict(data)
        assert (thing.gid, thing.size) == ("1", 2)
        assert thing.to_dict() == data
        with pytest.raises(ValueError, match="gid"):
            models.Thing.from_dict({"size": 2})
