"""The reference data every station starts with (``reference/*.json``: the proposed catalog of
the domain notes, activity types, star schemes, points rules) and the ids of its rows.

Shared by both sides: the ids are name-based UUIDs, so the county's copy of a default row has the
same identity as every station's, and a county publish of it updates it instead of adding
another.
"""

from __future__ import annotations

import json
import uuid
from functools import cache
from pathlib import Path
from typing import Any

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
DEFAULT_CATALOG_FILE = "catalog_2026.1.json"
_NAMESPACE = uuid.UUID("6f1c3f1e-8b0e-4c47-9d55-2a51c6c0b7a1")


def reference_id(kind: str, *parts: str) -> str:
    """Stable id of a default reference row, shared by every station and the county."""
    return str(uuid.uuid5(_NAMESPACE, ":".join((kind, *parts))))


@cache
def load_reference(name: str) -> dict[str, Any]:
    with (REFERENCE_DIR / name).open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def catalog_rows(catalog: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """A catalog file's rows as the county publishes them (the ids every station's built-in
    copy has)."""
    version = catalog["catalog_version"]
    categories, topics = [], []
    for order, category in enumerate(catalog["categories"]):
        categories.append({
            "id": reference_id("demand_category", version, category["code"]),
            "catalog_version": version, "code": category["code"], "name": category["name"],
            "sort_order": order, "default_due_days": category.get("default_due_days", 7),
        })  # fmt: skip
        for t_order, (code, name) in enumerate(category["topics"]):
            topics.append({
                "id": reference_id("demand_topic", version, code), "catalog_version": version,
                "category_code": category["code"], "code": code, "name": name, "sort_order": t_order,
            })  # fmt: skip
    return {
        "catalog_version": [{
            "id": reference_id("catalog_version", version), "catalog_version": version,
            "label": catalog.get("label", version), "active": True,
            "published_at": catalog.get("published_at"),
        }],
        "demand_category": categories,
        "demand_topic": topics,
    }  # fmt: skip
