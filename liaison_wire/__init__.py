"""Wire types of the sync protocol, shared by the desktop client and the county server.

This is the only code the two sides share (DESIGN §2): protocol constants and, per entity,
which fields the village owns and which the county owns, with their JSON types; the 同步包
file format (``package``); and the one way both write a file whole or not at all (``files``).
The full protocol is described in docs/sync-protocol.md. Qt-free and dependency-free on
purpose.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

PROTOCOL_VERSION = 1
# The server accepts clients speaking any protocol in this range.
MIN_PROTOCOL = 1
MAX_PROTOCOL = 1

HEADER_PROTOCOL = "X-Liaison-Protocol"
HEADER_APP_VERSION = "X-Liaison-App-Version"
HEADER_SERVER_TIME = "X-Server-Time"
HEADER_CLIENT_TIME = "X-Client-Time"
# On push answers: the most ops per push request this server takes.
HEADER_MAX_PUSH_OPS = "X-Max-Push-Ops"
# On sync answers: the county database's identity, new after ``liaison-county after-restore``.
# A client that sees it change re-pushes what the restored database may lack (op "resync").
HEADER_FEED_EPOCH = "X-Feed-Epoch"

# Every server of protocol 1 takes push requests of up to PUSH_OPS_ANY_SERVER ops; this one
# takes up to MAX_PUSH_OPS and says so on its push answers (HEADER_MAX_PUSH_OPS). A client
# sends at most PUSH_OPS_ANY_SERVER until a server has told it more.
PUSH_OPS_ANY_SERVER = 500
MAX_PUSH_OPS = 1000
MAX_PULL_LIMIT = 1000
MAX_BODY_BYTES = 8 * 1024 * 1024
MAX_BLOB_BYTES = 10 * 1024 * 1024
CLOCK_SKEW_WARNING = dt.timedelta(minutes=5)


class OpStatus(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    APPLIED_WITH_CONFLICT = "applied_with_conflict"
    REJECTED = "rejected"


class OpKind(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    # A record as this PC holds it, sent again after the county restored a backup: applied
    # only where it is newer than what the restored database holds (docs/sync-protocol.md).
    RESYNC = "resync"


@dataclass(frozen=True)
class EntitySpec:
    """One synced entity on the wire.

    Field types: ``str``, ``int``, ``bool``, ``datetime`` (ISO 8601 UTC with ``Z``), ``date``
    (ISO), ``list`` (JSON array of strings), ``id`` (a UUID string); a trailing ``?`` allows
    null. ``village_fields`` may be written by devices; ``county_fields`` only by the county.
    ``scoped`` entities belong to one village; the others are reference data for all.
    """

    name: str
    village_fields: dict[str, str]
    county_fields: dict[str, str]
    scoped: bool = True

    @property
    def village_writable(self) -> bool:
        return bool(self.village_fields)


def _spec(
    name: str, village: dict[str, str], county: dict[str, str] | None = None, scoped: bool = True
) -> EntitySpec:
    return EntitySpec(name, village, county or {}, scoped)


_REFERENCE_COMMON = {"catalog_version": "str"}

ENTITIES: dict[str, EntitySpec] = {
    spec.name: spec
    for spec in (
        _spec(
            "station",
            {
                "name": "str",
                "division_code": "str",
                "township": "str",
                "county": "str",
                "phone": "str?",
            },
        ),
        _spec(
            "grid",
            {"station_id": "id", "name": "str", "leader_contact_id": "id?", "sort_order": "int"},
        ),
        _spec(
            "contact",
            {
                "station_id": "id",
                "name": "str",
                "gender": "str?",
                "phone": "str?",
                "proxy_phone": "str?",
                "proxy_relation": "str?",
                "group_name": "str",
                "grid_id": "id?",
                "address": "str",
                "tags": "list",
                "id_number": "str?",
                "birth_date": "date?",
                "consent_contact": "bool",
                "consent_sensitive": "bool",
                "guardian_consent": "bool",
                "note": "str",
            },
        ),
        _spec(
            "demand",
            {
                "number": "str",
                "station_id": "id",
                "requester_contact_id": "id?",
                "requester_name": "str",
                "requester_phone": "str?",
                "anonymous": "bool",
                "entered_by": "str",
                "channel": "str",
                "category_code": "str",
                "topic_code": "str",
                "catalog_version": "str",
                "menu_item_id": "id?",
                "title": "str",
                "description": "str",
                "urgency": "str",
                "grid_id": "id?",
                "registered_at": "datetime",
                "due_date": "date?",
                "evaluation": "str?",
                "evaluation_note": "str",
                "evaluated_at": "datetime?",
                # Nullable: ops queued before these fields existed still apply.
                "withdrawn_at": "datetime?",
                "withdraw_reason": "str?",
            },
            {
                "status": "str",
                "assigned_team_id": "id?",
                "assigned_team_name": "str",
                "dispatched_at": "datetime?",
                "claimed_at": "datetime?",
                "resolved_at": "datetime?",
                "result": "str",
                "reject_reason": "str",
                "merged_into_id": "id?",
            },
        ),
        _spec(
            "demand_event",
            {
                "demand_id": "id",
                "kind": "str",
                "actor": "str",
                "occurred_at": "datetime",
                "note": "str",
            },
        ),
        _spec(
            "service_menu_item",
            {},
            {
                "title": "str",
                "category_code": "str",
                "topic_code": "str",
                "description": "str",
                "provider": "str",
                "active": "bool",
                "sort_order": "int",
            },
            scoped=False,
        ),
        _spec(
            "team",
            {
                "name": "str",
                "level": "str",
                "parent_id": "id?",
                "owner": "str",
                "station_id": "id?",
                "active": "bool",
                # Nullable: teams published before leaders existed still apply.
                "leader_volunteer_id": "id?",
            },
        ),
        _spec(
            "volunteer",
            {
                "station_id": "id",
                "contact_id": "id?",
                "team_id": "id?",
                "name": "str",
                "gender": "str?",
                "phone": "str?",
                "volunteer_no": "str",
                "skills": "str",
                "registered_on": "date?",
                "active": "bool",
            },
        ),
        _spec(
            "activity",
            {
                "station_id": "id",
                "title": "str",
                "activity_type_code": "str",
                "five_task_code": "str",
                "starts_at": "datetime",
                "ends_at": "datetime",
                "place": "str",
                "team_id": "id?",
                "audience_count": "int",
                "summary": "str",
                "linked_demand_ids": "list",
            },
        ),
        _spec(
            "service_record",
            {
                "activity_id": "id",
                "volunteer_id": "id",
                "start_at": "datetime",
                "end_at": "datetime",
                "break_minutes": "int",
                "credited_minutes": "int",
                "corrects_id": "id?",
                "reason": "str",
            },
        ),
        _spec(
            "points_entry",
            {
                "volunteer_id": "id",
                "kind": "str",
                "amount": "int",
                "reason": "str",
                "activity_id": "id?",
                "occurred_at": "datetime",
            },
        ),
        _spec(
            "star_award",
            {
                "volunteer_id": "id",
                "level": "int",
                "awarded_on": "date",
                "certified_by": "str",
                "scheme_code": "str",
                "note": "str",
            },
        ),
        _spec(
            "commendation",
            {
                "station_id": "id",
                "title": "str",
                "awarded_on": "date",
                "level": "str",
                "issuing_body": "str",
                "volunteer_id": "id?",
                "team_id": "id?",
            },
        ),
        _spec(
            "attachment",
            {
                "owner_entity": "str",
                "owner_id": "id",
                "sha256": "str",
                "size": "int",
                "mime": "str",
                "file_name": "str",
                "note": "str",
            },
        ),
        _spec(
            "catalog_version",
            {},
            {**_REFERENCE_COMMON, "label": "str", "active": "bool", "published_at": "date?"},
            scoped=False,
        ),
        _spec(
            "demand_category",
            {},
            {
                **_REFERENCE_COMMON,
                "code": "str",
                "name": "str",
                "sort_order": "int",
                "default_due_days": "int",
            },
            scoped=False,
        ),
        _spec(
            "demand_topic",
            {},
            {
                **_REFERENCE_COMMON,
                "category_code": "str",
                "code": "str",
                "name": "str",
                "sort_order": "int",
            },
            scoped=False,
        ),
        _spec(
            "activity_type",
            {},
            {
                "code": "str",
                "name": "str",
                "five_task_code": "str",
                "sort_order": "int",
                "active": "bool",
            },
            scoped=False,
        ),
        _spec(
            "priority_group",
            {},
            {
                "code": "str",
                "name": "str",
                "aliases": "list",
                "active": "bool",
                "sort_order": "int",
            },
            scoped=False,
        ),
        _spec(
            "star_scheme",
            {},
            {
                "code": "str",
                "name": "str",
                "thresholds": "list",
                "active": "bool",
                "effective_from": "date?",
            },
            scoped=False,
        ),
        _spec(
            "points_rule",
            {},
            {
                "code": "str",
                "name": "str",
                "basis": "str",
                "points": "int",
                "active": "bool",
                "sort_order": "int",
            },
            scoped=False,
        ),
        _spec(
            "reward",
            {},
            {
                "code": "str",
                "name": "str",
                "kind": "str",
                "cost": "int",
                "active": "bool",
                "sort_order": "int",
            },
            scoped=False,
        ),
    )
}


# Which entity each reference field points at, per entity (a field of kind ``id``/``id?``,
# or a ``list`` of ids named ``…_ids``). The county checks every reference an op or a
# published row makes: the record must exist, be of this entity and belong to the village or
# to the county's reference data. An attachment's ``owner_id`` points at the entity its
# ``owner_entity`` names (ATTACHMENT_OWNER).
ATTACHMENT_OWNER = "*owner_entity"
REFERENCES: dict[str, dict[str, str]] = {
    "grid": {"station_id": "station", "leader_contact_id": "contact"},
    "contact": {"station_id": "station", "grid_id": "grid"},
    "demand": {
        "station_id": "station",
        "requester_contact_id": "contact",
        "menu_item_id": "service_menu_item",
        "grid_id": "grid",
        "assigned_team_id": "team",
        "merged_into_id": "demand",
    },
    "demand_event": {"demand_id": "demand"},
    "team": {"parent_id": "team", "station_id": "station", "leader_volunteer_id": "volunteer"},
    "volunteer": {"station_id": "station", "contact_id": "contact", "team_id": "team"},
    "activity": {"station_id": "station", "team_id": "team", "linked_demand_ids": "demand"},
    "service_record": {
        "activity_id": "activity",
        "volunteer_id": "volunteer",
        "corrects_id": "service_record",
    },
    "points_entry": {"volunteer_id": "volunteer", "activity_id": "activity"},
    "star_award": {"volunteer_id": "volunteer"},
    "commendation": {"station_id": "station", "volunteer_id": "volunteer", "team_id": "team"},
    "attachment": {"owner_id": ATTACHMENT_OWNER},
}


# Whole numbers travel and are stored as 64-bit integers (SQLite's INTEGER, PostgreSQL's
# BIGINT); JSON itself has no limit, so a larger one is refused where it arrives.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1
# The longest text a field may carry (a demand's description is the longest real one), and
# the most items of a list field: generous bounds, so no record a village wrote is refused,
# that keep one op from filling the county's database.
MAX_TEXT_CHARS = 10_000
MAX_LIST_ITEMS = 1_000
# Ids are UUIDs as Python's ``str(uuid.uuid4())`` writes them: lowercase, with hyphens.
UUID_PATTERN = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_UUID = re.compile(UUID_PATTERN)


def is_uuid(value: object) -> bool:
    return type(value) is str and _UUID.fullmatch(value) is not None


class FieldTypeError(ValueError):
    """A field value does not match its declared wire type."""


def check_text(value: str) -> None:
    """Refuse a text no database could keep: too long, or with a NUL character (PostgreSQL
    cannot store one, and no form can type one)."""
    if len(value) > MAX_TEXT_CHARS:
        raise FieldTypeError(f"太长（最多 {MAX_TEXT_CHARS} 个字）")
    if "\x00" in value:
        raise FieldTypeError("含有空字符（NUL）")


def check_value(kind: str, value: Any) -> None:
    """Raise FieldTypeError unless ``value`` fits the wire type ``kind``."""
    nullable = kind.endswith("?")
    base = kind.rstrip("?")
    if value is None:
        if nullable:
            return
        raise FieldTypeError("不能为空")
    if base == "str":
        if not isinstance(value, str):
            raise FieldTypeError("应为文本")
        check_text(value)
    elif base == "id":
        if not is_uuid(value):
            raise FieldTypeError("应为 UUID（如 3f2b8c1e-…，36 位小写）")
    elif base == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldTypeError("应为整数")
        if not INT_MIN <= value <= INT_MAX:
            raise FieldTypeError("数值太大")
    elif base == "bool":
        if not isinstance(value, bool):
            raise FieldTypeError("应为是/否")
    elif base == "datetime":
        if not isinstance(value, str) or not value.endswith("Z") or len(value) > 40:
            raise FieldTypeError("应为 UTC 时间（以 Z 结尾的 ISO 8601）")
        try:
            dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError as error:
            raise FieldTypeError("时间格式不对") from error
    elif base == "date":
        if not isinstance(value, str) or len(value) > 20:
            raise FieldTypeError("应为日期")
        try:
            dt.date.fromisoformat(value)
        except ValueError as error:
            raise FieldTypeError("日期格式不对") from error
    elif base == "list":
        if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
            raise FieldTypeError("应为列表")
        if len(value) > MAX_LIST_ITEMS:
            raise FieldTypeError(f"项目太多（最多 {MAX_LIST_ITEMS} 项）")
        if any(type(v) is int and not INT_MIN <= v <= INT_MAX for v in value):
            raise FieldTypeError("含有太大的数值")
        for item in value:
            if type(item) is str:
                check_text(item)
    else:
        raise AssertionError(kind)


def utc_iso(moment: dt.datetime) -> str:
    """A UTC instant as it travels: ISO 8601 with ``Z``."""
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def parse_utc(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.UTC)
