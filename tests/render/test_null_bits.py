"""The dataclass null mask (which optional keys were sent as null) names each optional field's
bit as `1 << n`: readable, and no decimal literal past Python's 4,300-digit limit however many
optional fields a model has."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness.generate import generate_inline, import_package, spec_with_schemas

from generator import ir
from generator.emit import null_bits


def test_bits_follow_the_optional_fields_in_order() -> None:
    fields = (
        ir.Field("a", "a", ir.Primitive("string"), required=True, nullable=False),
        ir.Field("b", "b", ir.Primitive("string"), required=False, nullable=False),
        ir.Field("c", "c", ir.Primitive("string"), required=True, nullable=True),
    )
    assert null_bits(ir.ObjectModel("M", fields)) == {"b": "1 << 0", "c": "1 << 1"}


@pytest.mark.slow
def test_a_model_with_more_optional_fields_than_int_digits_allow(tmp_path: Path) -> None:
    """14,500 optional properties: the last bit, 2**14499, has 4,365 decimal digits."""
    count = 14_500
    properties = "".join(f"    p{i}: {{type: integer}}\n" for i in range(count))
    spec = spec_with_schemas(f"Thing:\n  type: object\n  properties:\n{properties}")
    config = (
        "targets:\n  - kind: dataclass\n    package: {dataclass}\nclient:\n  sync_class: Client\n"
        "  async_class: AsyncClient\n  default_base_url: http://127.0.0.1:9\n"
        "operations:\n  getThing:\n    method: things.get\n"
    )
    out, names = generate_inline(tmp_path, spec, config)
    models = (out / names["dataclass"] / "models.py").read_text(encoding="utf-8")
    assert f"nulls |= 1 << {count - 1}\n" in models
    pkg = import_package(out, names["dataclass"])
    value = {"p0": 1, "p7000": None, f"p{count - 1}": 3, "other": True}
    thing = pkg.Thing.from_dict(dict(value))
    assert thing.to_dict() == value
    assert pkg.Thing.from_json(thing.to_json()).to_dict() == value
