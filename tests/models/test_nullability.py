"""Null and absence, generated from inline specs into both targets: the three spellings of a
nullable type, required against optional, and what each may be sent as."""

from __future__ import annotations

from pathlib import Path

from harness.generate import generate_models as build
from harness.models import both, rejects


def test_nullable_and_required_vs_optional(tmp_path: Path) -> None:
    pkgs = build(
        tmp_path,
        """
        Thing:
          type: object
          required: [id, maybe, legacy, nullable_list]
          properties:
            id: {type: string}
            maybe: {type: [integer, 'null']}
            legacy: {type: integer, nullable: true}
            nullable_list: {anyOf: [{type: array, items: {type: string}}, {type: 'null'}]}
            optional: {type: boolean}
        """,
    )
    both(pkgs, "Thing", {"id": "a"})  # nullable required fields may be absent
    both(pkgs, "Thing", {"id": "a", "maybe": None, "legacy": None, "nullable_list": None})
    for p in both(pkgs, "Thing", {"id": "a", "maybe": 1, "legacy": 2, "nullable_list": ["x"], "optional": False}):
        assert (p.maybe, p.legacy, p.nullable_list, p.optional) == (1, 2, ["x"], False)
    for p in both(pkgs, "Thing", {"id": "a"}):
        assert p.maybe is None and p.optional is None
    rejects(pkgs, "Thing", {}, "id")
    rejects(pkgs, "Thing", {"id": None}, "id")
    # an optional field may be sent as null too (kept as sent): its attribute is Optional
    # either way, so accepting what real servers send costs no type safety
    both(pkgs, "Thing", {"id": "a", "optional": None})
    rejects(pkgs, "Thing", {"id": "a", "maybe": "1"}, "maybe")
    rejects(pkgs, "Thing", {"id": "a", "nullable_list": [1]}, "nullable_list[0]")


def test_a_decoded_model_equals_the_one_built_from_the_same_values(tmp_path: Path) -> None:
    """The dataclass target remembers only which optional keys were sent as null: a value
    decoded from a dict equals the model built by keyword from the same values, and differs
    from it only where the dict said null (which `to_dict` gives back)."""
    pkgs = build(
        tmp_path,
        """
        Thing:
          type: object
          required: [id]
          properties:
            id: {type: string}
            count: {type: integer}
            note: {type: string}
        """,
    )
    Thing = pkgs[1].Thing
    assert Thing.from_dict({"id": "a", "count": 2}) == Thing(id="a", count=2)
    assert Thing.from_dict({"id": "a"}) == Thing(id="a")
    sent_null = Thing.from_dict({"id": "a", "count": 2, "note": None})
    assert sent_null != Thing(id="a", count=2)
    assert sent_null.to_dict() == {"id": "a", "count": 2, "note": None}
    assert Thing(id="a", count=2).to_dict() == {"id": "a", "count": 2}
