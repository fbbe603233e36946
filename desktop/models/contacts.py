"""Saving villagers in the contact book, with the checks a form needs (phone, ID number)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.catalog import PriorityGroup
from desktop.models.changes import Changed, Changes
from desktop.models.errors import LiaisonError, ValidationError
from desktop.models.grids import GridChoice, grid_choices
from desktop.models.queries import DemandFilter, DemandRow, list_demands
from desktop.models.rules.idnumber import validate_id_number
from desktop.models.rules.names import name_problem
from desktop.models.rules.phone import normalize_phone
from desktop.models.rules.priority_groups import Vocabulary, build_vocabulary
from desktop.models.station import Contact
from desktop.models.station_setup import current_station_id
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


def vocabulary(session: Session) -> Vocabulary:
    """The 重点人群 in use: the built-in groups with what the county has published on top."""
    published = session.scalars(select(PriorityGroup).where(PriorityGroup.deleted_at.is_(None)))
    return build_vocabulary(published)


# --- the contact form (新增村民 / 编辑村民) ---------------------------------------------------

# A villager's demands the form lists (the newest first).
HISTORY_LIMIT = 200
CONTACTS_CHANGED = Changes(contacts=True)


def contact_groups(session: Session) -> list[str]:
    """The 村民小组 names in use, for the filter and the form's choices."""
    names = session.scalars(
        select(Contact.group_name).where(Contact.deleted_at.is_(None)).distinct()
    )
    return sorted(name for name in names if name)


@dataclass(frozen=True)
class ContactForm:
    """What the dialog shows, read in one go on the database worker."""

    contact_id: str | None
    data: ContactInput
    grids: list[GridChoice]
    groups: list[str]
    demands: list[DemandRow]
    # The priority groups to offer, (tag, label) in order: the vocabulary in use, then this
    # villager's own categories (kept from a roster) that it does not know.
    priority_groups: list[tuple[str, str]]


def load_contact_form(session: Session, contact_id: str | None, today: dt.date) -> ContactForm:
    groups = contact_groups(session)
    words = vocabulary(session)
    offered = list(words.labels.items())
    if contact_id is None:
        return ContactForm(
            None, ContactInput(name=""), grid_choices(session), groups, [], offered
        )
    contact = session.get(Contact, contact_id)
    if contact is None or contact.deleted_at is not None:
        raise LiaisonError("这位村民已从通讯录中删除（可能是在别的电脑上删除后同步过来的）。")
    data = ContactInput(
        name=contact.name,
        gender=contact.gender,
        phone=contact.phone or "",
        proxy_phone=contact.proxy_phone or "",
        proxy_relation=contact.proxy_relation or "",
        group_name=contact.group_name,
        grid_id=contact.grid_id,
        address=contact.address,
        tags=list(contact.tags or []),
        id_number=contact.id_number or "",
        consent_contact=contact.consent_contact,
        consent_sensitive=contact.consent_sensitive,
        guardian_consent=contact.guardian_consent,
        note=contact.note,
    )
    demands = list_demands(session, DemandFilter(contact_id=contact_id), today, limit=HISTORY_LIMIT)
    offered += [(tag, tag) for tag in data.tags if tag not in words.labels]
    return ContactForm(contact_id, data, grid_choices(session), groups, demands, offered)


@dataclass(frozen=True)
class SaveOutcome:
    contact_id: str | None
    errors: list[ValidationError]


def save_contact_form(
    session: Session, contact_id: str | None, data: ContactInput, today: dt.date
) -> Changed[SaveOutcome]:
    """新增村民 (``contact_id`` None) or 编辑村民 from the form: check ``data`` and save it;
    every error comes back at once and nothing is written then."""
    _values, errors = clean_contact(data, today)
    if errors:
        return Changed(SaveOutcome(None, errors))
    if contact_id is None:
        created = save_contact(session, current_station_id(session), data, today=today)
        session.flush()
        return Changed(SaveOutcome(created.id, []), CONTACTS_CHANGED)
    contact = session.get(Contact, contact_id)
    if contact is None or contact.deleted_at is not None:
        raise LiaisonError("这位村民已从通讯录中删除，无法保存修改。")
    save_contact(session, contact.station_id, data, contact=contact, today=today)
    return Changed(SaveOutcome(contact_id, []), CONTACTS_CHANGED)
