"""Saving villagers in the contact book, with the checks a form needs (phone, ID number)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from desktop.models.errors import ValidationError
from desktop.models.rules.idnumber import validate_id_number
from desktop.models.rules.names import name_problem
from desktop.models.rules.phone import normalize_phone
from desktop.models.station import Contact
from desktop.models.writes import WritePath

GENDERS = ("男", "女")
# First-generation ID numbers stopped being valid in 2013; everyone has an 18-digit one now.
LEGACY_ID_MESSAGE = "15 位旧身份证号，请换成 18 位"


@dataclass
class ContactInput:
    name: str
    gender: str | None = None
    phone: str = ""
    proxy_phone: str = ""
    proxy_relation: str = ""
    group_name: str = ""
    grid_id: str | None = None
    address: str = ""
    tags: list[str] = field(default_factory=list)
    id_number: str = ""
    consent_contact: bool = False
    consent_sensitive: bool = False
    guardian_consent: bool = False
    note: str = ""


def clean_contact(data: ContactInput, today: dt.date) -> tuple[dict[str, object], list[ValidationError]]:
    """Normalised column values of ``data`` and every field error (all at once, for the form)."""
    errors: list[ValidationError] = []
    values: dict[str, object] = {
        "name": data.name.strip(),
        "gender": data.gender or None,
        "proxy_relation": data.proxy_relation.strip() or None,
        "group_name": data.group_name.strip(),
        "grid_id": data.grid_id,
        "address": data.address.strip(),
        "tags": sorted(set(data.tags)),
        "consent_contact": data.consent_contact,
        "consent_sensitive": data.consent_sensitive,
        "guardian_consent": data.guardian_consent,
        "note": data.note.strip(),
        "birth_date": None,
        "id_number": None,
    }
    if not values["name"]:
        errors.append(ValidationError("name", "请填写村民姓名"))
    elif problem := name_problem(data.name):
        errors.append(ValidationError("name", problem))
    if values["gender"] not in (None, *GENDERS):
        errors.append(ValidationError("gender", "性别只能是“男”或“女”"))
    for name in ("phone", "proxy_phone"):
        raw = getattr(data, name).strip()
        values[name] = None
        if raw:
            try:
                values[name] = normalize_phone(raw).value
            except ValidationError as error:
                label = "代联系人电话" if name == "proxy_phone" else "联系电话"
                errors.append(ValidationError(name, error.message.replace("联系电话", label)))
    if data.id_number.strip():
        try:
            checked = validate_id_number(data.id_number, today)
        except ValidationError as error:
            errors.append(error)
        else:
            if checked.legacy_15:
                errors.append(ValidationError("id_number", LEGACY_ID_MESSAGE))
            values["id_number"] = checked.value
            values["birth_date"] = checked.birth_date
            if values["gender"] is None:
                values["gender"] = checked.sex
            elif values["gender"] != checked.sex:
                errors.append(
                    ValidationError("gender", f"身份证号码显示性别为“{checked.sex}”，与所选性别不一致")
                )
    return values, errors


def save_contact(
    session: Session,
    station_id: str,
    data: ContactInput,
    *,
    contact: Contact | None = None,
    today: dt.date,
) -> Contact:
    """Create a contact, or update ``contact`` with only what changed. Raises the first error."""
    values, errors = clean_contact(data, today)
    if errors:
        raise errors[0]
    writes = WritePath(session)
    if contact is None:
        return writes.create(Contact(station_id=station_id, **values))
    writes.update(contact, **values)
    return contact
