"""Setting up this computer's station (首次使用, 设置 → 本站信息), with the checks the form needs.

A workbench database holds one live :class:`Station`. It is created and edited only here,
through the write path, so the county learns about it with the next sync.

The 12-digit 统计用区划代码 is checked for its *form* only (domain reference §7.2): twelve
digits, a province-level prefix that exists, a township part and a village part inside the
ranges of the NBS coding rule. Whether the code names a real village is not checked here (that
needs the NBS tables, and codes change when villages merge).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.changes import Changed, Changes
from desktop.models.errors import LiaisonError, ValidationError
from desktop.models.rules.phone import normalize_phone
from desktop.models.station import Station
from desktop.models.writes import WritePath

NAME_MAX = 100
DIVISION_CODE_LENGTH = 12

# The province-level units of GB/T 2260: a prefix like 19 or 66 cannot start a real code.
PROVINCE_PREFIXES = frozenset(
    {
        "11", "12", "13", "14", "15",
        "21", "22", "23",
        "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54",
        "61", "62", "63", "64", "65",
        "71", "81", "82",
    }
)  # fmt: skip


@dataclass(frozen=True)
class StationInput:
    """What the officer typed into the station form."""

    name: str
    division_code: str
    township: str = ""
    county: str = ""
    phone: str = ""


@dataclass(frozen=True)
class StationDetails:
    """The station as the forms show it (a plain value, safe to pass between threads)."""

    id: str
    name: str
    division_code: str
    township: str
    county: str
    phone: str = ""

    @staticmethod
    def of(station: Station) -> StationDetails:
        return StationDetails(
            station.id,
            station.name,
            station.division_code,
            station.township,
            station.county,
            station.phone or "",
        )


def normalize_division_code(raw: str) -> str:
    """Full-width digits (from a Chinese input method) become ASCII; spaces are dropped."""
    text = unicodedata.normalize("NFKC", raw)
    return "".join(text.split())


def division_code_problem(code: str) -> str | None:
    """Why ``code`` cannot be a village's 12-digit 统计用区划代码, or None if its form is right."""
    if not code:
        return "请填写本村的 12 位统计用区划代码"
    if not (code.isascii() and code.isdigit()):
        return "统计用区划代码只能由数字组成"
    if len(code) != DIVISION_CODE_LENGTH:
        return f"统计用区划代码应为 12 位数字，现在是 {len(code)} 位"
    if code[:2] not in PROVINCE_PREFIXES:
        return f"前两位“{code[:2]}”不是省级代码，请核对"
    township, village = int(code[6:9]), int(code[9:12])
    if not 1 <= township <= 599:
        return f"第 7–9 位（乡镇）是“{code[6:9]}”，应在 001–599 之间，请核对"
    if village == 0:
        return "第 10–12 位是 000，这是乡镇的代码；请填写本村的 12 位代码"
    if village > 599 or village in (444, 555):
        return f"第 10–12 位（村）是“{code[9:12]}”，不是有效的村级代码，请核对"
    return None


def clean_station(data: StationInput) -> tuple[dict[str, str | None], list[ValidationError]]:
    """Normalised column values of ``data`` and every field error (all at once, for the form)."""
    values: dict[str, str | None] = {
        "name": data.name.strip(),
        "division_code": normalize_division_code(data.division_code),
        "township": data.township.strip(),
        "county": data.county.strip(),
        "phone": None,
    }
    errors: list[ValidationError] = []
    if not values["name"]:
        errors.append(ValidationError("name", "请填写站点名称，如“陈家店村新时代文明实践站”"))
    elif len(values["name"]) > NAME_MAX:
        errors.append(ValidationError("name", f"站点名称最多 {NAME_MAX} 个字"))
    problem = division_code_problem(str(values["division_code"]))
    if problem is not None:
        errors.append(ValidationError("division_code", problem))
    for key, label in (("township", "乡镇名称"), ("county", "县（市、区）名称")):
        if len(str(values[key])) > NAME_MAX:
            errors.append(ValidationError(key, f"{label}最多 {NAME_MAX} 个字"))
    if data.phone.strip():
        try:
            values["phone"] = normalize_phone(data.phone).value
        except ValidationError as error:
            errors.append(ValidationError("phone", error.message.replace("联系电话", "站点电话")))
    return values, errors


def _live_station(session: Session) -> Station | None:
    return session.scalar(
        select(Station).where(Station.deleted_at.is_(None)).order_by(Station.created_at).limit(1)
    )


def load_station(session: Session) -> StationDetails | None:
    """This database's station, or None before the first run's setup."""
    station = _live_station(session)
    if station is None:
        return None
    return StationDetails.of(station)


def save_station(session: Session, data: StationInput) -> Changed[StationDetails]:
    """Create the station, or update the existing one with only what changed.

    Raises the first :class:`ValidationError`; the form calls :func:`clean_station` first to
    show every error at once.
    """
    values, errors = clean_station(data)
    if errors:
        raise errors[0]
    writes = WritePath(session)
    station = _live_station(session)
    if station is None:
        station = writes.create(Station(**values))
    else:
        writes.update(station, **values)
    return Changed(StationDetails.of(station), Changes(station=True))


def current_station_id(session: Session) -> str:
    """The station this PC works for; registering needs one."""
    station_id = session.scalar(
        select(Station.id).where(Station.deleted_at.is_(None)).order_by(Station.created_at)
    )
    if station_id is None:
        raise LiaisonError("本机还没有设置所属的新时代文明实践站，请先完成注册后再登记需求。")
    return station_id
