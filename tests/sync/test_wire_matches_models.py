"""The wire spec (liaison_wire) and the desktop's entities must describe the same fields."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

import liaison_wire
from desktop.models.entities import SYNCED_ENTITIES
from desktop.models.rows.stored import village_fields

_WIRE_TYPES = {
    "String": "str",
    "Text": "str",
    "Integer": "int",
    "Boolean": "bool",
    "UtcDateTime": "datetime",
    "Date": "date",
    "JSON": "list",
}


def test_every_entity_is_on_the_wire() -> None:
    assert set(SYNCED_ENTITIES) == set(liaison_wire.ENTITIES)


@pytest.mark.parametrize("name", sorted(SYNCED_ENTITIES))
def test_fields_and_types_agree(name: str) -> None:
    entity, spec = SYNCED_ENTITIES[name], liaison_wire.ENTITIES[name]
    assert set(village_fields(entity)) == set(spec.village_fields)
    assert set(entity.COUNTY_FIELDS) == set(spec.county_fields)
    columns = {c.key: c for c in inspect(entity).columns}
    for field, kind in {**spec.village_fields, **spec.county_fields}.items():
        column = columns[field]
        assert kind.endswith("?") == bool(column.nullable), field
        base = kind.rstrip("?")
        expected = _WIRE_TYPES[type(column.type).__name__]
        if base == "id":
            assert expected == "str" and (column.foreign_keys or field.endswith("_id")), field
        else:
            assert base == expected, field


def test_type_checks_refuse_wrong_values() -> None:
    liaison_wire.check_value("datetime", "2026-11-29T08:00:00Z")
    liaison_wire.check_value("id?", None)
    for kind, value in [
        ("int", True),
        ("str", 3),
        ("datetime", "2026-11-29 08:00"),
        ("date", "2026-13-01"),
        ("id", "short"),
        ("bool", "yes"),
        ("list", {}),
    ]:
        with pytest.raises(liaison_wire.FieldTypeError):
            liaison_wire.check_value(kind, value)
