"""``generate_demo``: the demo village's records, drawn from one seed (see the package's doc)."""

from __future__ import annotations

import bisect
import datetime as dt
import random
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session
from stdnum.cn.ric import calc_check_digit

from desktop.demo.load import (
    EVENT_STAGE,
    Counts,
    DemandRef,
    Event,
    Pipeline,
    Row,
    TeamRef,
    Writer,
    all_stages,
    id_buffer,
    local_day,
    new_id,
    open_transaction,
    table_of,
    utc,
)
from desktop.demo.pictures import draw_scene
from desktop.demo.texts import (
    ACTIVITY_CATEGORIES,
    ACTIVITY_TEXT,
    ACTIVITY_TYPE_WEIGHTS,
    AREA_CODE,
    CATEGORY_WEIGHTS,
    CHANNEL_INTRO,
    CHANNEL_WEIGHTS,
    CLAIM,
    COUNTY,
    COUNTY_CODE,
    DESCRIPTION_TAILS,
    DISPATCH,
    DIVISION_CODE,
    ELDER_TAILS,
    ELDER_TOPICS,
    ENTERED_BY,
    EVALUATE,
    EVALUATION_CUM,
    EVALUATION_NOTES,
    EVALUATIONS,
    FESTIVALS_BY_MONTH,
    FIRST_F,
    FIRST_M,
    GROUP_COUNT,
    GROUP_NAMES,
    GROUP_SHORT,
    GUARDIAN_TOPICS,
    MENU,
    MID_F,
    MID_M,
    MOBILE_PREFIXES,
    NORMAL,
    NOTES,
    OLD_F,
    OLD_M,
    PLACES,
    PLANS,
    PROXY_RELATIONS_ELDER,
    REDEEM_ITEMS,
    REJECT,
    REJECT_REASONS,
    RESOLVE,
    RESULTS,
    SECOND_F,
    SECOND_M,
    STATION_NAME,
    STATUS_MIX,
    STATUS_TEXT,
    SURNAMES,
    TAG_DESCRIPTIONS,
    TEAMS,
    TOPIC_TEXT,
    TOWNSHIP,
    URGENT,
    VERY_URGENT,
    VILLAGE,
    WORKING_AGE_TOPICS,
    YOUNG_F,
    YOUNG_M,
    Person,
    S,
    cn_number,
    cumulative,
    in_season,
)
from desktop.models import beijing
from desktop.models.activity import (
    Activity,
    Attachment,
    Commendation,
    PointsEntry,
    ServiceRecord,
    StarAward,
    Team,
    Volunteer,
)
from desktop.models.beijing import CHINA_TZ
from desktop.models.catalog import ActivityType, DemandCategory, DemandTopic
from desktop.models.db import Database
from desktop.models.demand import Demand, DemandEvent, DemandNumberCounter, ServiceMenuItem
from desktop.models.photos import MIME, store_photo
from desktop.models.reference_data import active_catalog_version
from desktop.models.rows.stage import Parts, Prepared
from desktop.models.rows.stored import python_form
from desktop.models.rows.write import raise_demand_counters
from desktop.models.rules.demand_status import Channel, DemandStatus
from desktop.models.rules.hours import compute_hours
from desktop.models.rules.points import PointsEntry as LedgerLine
from desktop.models.rules.points import PointsKind, check_entry
from desktop.models.rules.stars import DEFAULT_SCHEME, star_level
from desktop.models.station import Contact, Grid, Station
from desktop.models.writes import WritePath

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]

DEMAND_BATCH = 10_000
CONTACT_BATCH = 10_000
HISTORY_DAYS = 730



@dataclass(frozen=True)
class DemoSize:
    demands: int = 2000
    contacts: int = 800
    activities: int = 120
    volunteers: int = 60



# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------


def so_far(current: int) -> list[LedgerLine]:
    """A ledger whose balance is ``current`` (one line): what check_entry needs to check the
    next entry, without summing the whole history again each time."""
    return [LedgerLine(PointsKind.ADJUST, current)] if current else []


def overlaps(
    busy: list[tuple[dt.datetime, dt.datetime]], start: dt.datetime, end: dt.datetime
) -> bool:
    """Whether ``start``–``end`` overlaps one of ``busy`` (in the order they started, none
    longer than a day): only the latest few can."""
    for s, e in reversed(busy):
        if s < start - dt.timedelta(days=1):
            return False
        if start < e and s < end:
            return True
    return False


# 表彰 of the three volunteers who served most last year: title, level, issuing body.
HONOURS = (
    ("优秀志愿者", "县级", "农安县文明办"),
    ("优秀志愿者", "乡镇级", "合隆镇党委"),
    ("最美志愿者", "村级", "陈家店村党支部"),
)
# At most this many activity photos are drawn (each takes a moment).
DEMO_PHOTOS = 24


class _Generator:
    def __init__(
        self,
        size: DemoSize,
        seed: int,
        unsynced: bool,
        now: dt.datetime,
        instant_text: Callable[[dt.datetime], str],
    ) -> None:
        self.size = size
        # An instant's stored text, for the staged timeline events (rows.stored.python_form).
        self.instant_text = instant_text
        self.rng = random.Random(seed)
        self.unsynced = unsynced
        self.now = now
        self.today = local_day(now)
        self.counts = Counts()
        self.station_id = ""
        self.grid_ids: list[str] = []
        self.new_grid_ids: list[str] = []
        self.people: list[Person] = []
        self.teams: list[TeamRef] = []
        self.menu: list[tuple[str, str, str]] = []
        self.volunteer_rows: list[Row] = []
        self.demand_refs: dict[str, list[DemandRef]] = defaultdict(list)
        self.day_seq: dict[str, int] = {}
        self._surnames = [s for s, _ in SURNAMES]
        self._surname_cum = cumulative([w for _, w in SURNAMES])
        self._name_pool: dict[tuple[str, str], list[str]] = {}

    # ---- setup -----------------------------------------------------------------------------

    def load_station(self, session: Session) -> Row | None:
        """Use the station the database already has, or return the row of a new one."""
        existing = session.scalar(
            select(Station).where(Station.deleted_at.is_(None)).order_by(Station.created_at)
        )
        if existing is not None:
            self.station_id = existing.id
            self.grid_ids = list(
                session.scalars(
                    select(Grid.id)
                    .where(Grid.station_id == existing.id, Grid.deleted_at.is_(None))
                    .order_by(Grid.sort_order)
                )
            )
            if not self.grid_ids:
                self.new_grid_ids = [new_id() for _ in range(self.rng.randint(4, 8))]
                self.grid_ids = list(self.new_grid_ids)
            return None
        self.station_id = new_id()
        self.new_grid_ids = [new_id() for _ in range(self.rng.randint(4, 8))]
        self.grid_ids = list(self.new_grid_ids)
        created = self.now - dt.timedelta(days=HISTORY_DAYS + 60)
        return {
            "id": self.station_id, "name": STATION_NAME, "division_code": DIVISION_CODE,
            "township": TOWNSHIP, "county": COUNTY, "created_at": created, "updated_at": created,
        }

    def load_catalog(self, session: Session) -> None:
        version = active_catalog_version(session)
        self.catalog_version = version
        cats = list(
            session.scalars(
                select(DemandCategory)
                .where(DemandCategory.catalog_version == version)
                .order_by(DemandCategory.sort_order)
            )
        )
        topics = list(
            session.scalars(
                select(DemandTopic)
                .where(DemandTopic.catalog_version == version)
                .order_by(DemandTopic.sort_order)
            )
        )
        self.category_names = {c.code: c.name for c in cats}
        self.due_days = {c.code: c.default_due_days for c in cats}
        self.categories = [c.code for c in cats]
        self.category_cum = cumulative([CATEGORY_WEIGHTS.get(c, 3.0) for c in self.categories])
        self.topics: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for t in topics:
            self.topics[t.category_code].append((t.code, t.name))
        self.topic_names = {t.code: t.name for t in topics}
        self.activity_types = [
            (a.code, a.name, a.five_task_code)
            for a in session.scalars(
                select(ActivityType).where(ActivityType.active.is_(True)).order_by(
                    ActivityType.sort_order
                )
            )
        ]

    # ---- people ----------------------------------------------------------------------------

    def _given_name(self, gender: str, age: int) -> str:
        rng = self.rng
        if age >= 55:
            whole, first, second = (OLD_M, "", "") if gender == "男" else (OLD_F, "", "")
        elif age >= 25:
            whole = MID_M if gender == "男" else MID_F
            first, second = (FIRST_M, SECOND_M) if gender == "男" else (FIRST_F, SECOND_F)
        else:
            whole, first, second = (YOUNG_M, "", "") if gender == "男" else (YOUNG_F, "", "")
        if first and rng.random() < 0.45:
            return rng.choice(first) + rng.choice(second)
        return rng.choice(whole)

    def _surname(self) -> str:
        return self.rng.choices(self._surnames, cum_weights=self._surname_cum)[0]

    def _mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def _landline(self) -> str:
        return f"{AREA_CODE}-8{self.rng.randrange(10**7):07d}"

    def _age(self) -> int:
        r = self.rng.random()
        if r < 0.07:
            return self.rng.randint(3, 13)
        if r < 0.25:
            return self.rng.randint(18, 39)
        if r < 0.60:
            return self.rng.randint(40, 59)
        if r < 0.93:
            return self.rng.randint(60, 79)
        return self.rng.randint(80, 94)

    def _id_number(self, gender: str, born: dt.date) -> str:
        seq = self.rng.randrange(0, 500) * 2 + (1 if gender == "男" else 0)
        body = f"{COUNTY_CODE}{born:%Y%m%d}{seq:03d}"
        # calc_check_digit reads the first 17 characters of a full-length number.
        return body + calc_check_digit(body + "0")

    def make_people(self, n: int) -> list[Row]:
        """Villagers household by household; returns the contact rows."""
        rng = self.rng
        rows: list[Row] = []
        house_no = [0] * GROUP_COUNT
        year = self.today.year
        grid_count = len(self.grid_ids)
        while len(rows) < n:
            group = rng.randrange(GROUP_COUNT)
            house_no[group] += 1 if rng.random() < 0.8 else 2
            address = f"{TOWNSHIP}{VILLAGE}{GROUP_SHORT[group]} {house_no[group]} 号"
            grid_index = group * grid_count // GROUP_COUNT if grid_count else -1
            grid_id = self.grid_ids[grid_index] if grid_count else None
            size = min(n - len(rows), rng.choices((1, 2, 3, 4, 5), (22, 40, 18, 14, 6))[0])
            surname = self._surname()
            head_age = self._age()
            while head_age < 25:
                head_age = self._age()
            head_gender = "男" if rng.random() < (0.45 if size == 1 else 0.8) else "女"
            members: list[tuple[str, str, int, str]] = [(surname, head_gender, head_age, "")]
            if size >= 2:
                spouse_age = max(20, head_age + rng.randint(-5, 3))
                spouse_gender = "女" if head_gender == "男" else "男"
                members.append((self._surname(), spouse_gender, spouse_age, ""))
            for _ in range(size - len(members)):
                kid_age = head_age - rng.randint(24, 32)
                if kid_age < 18 or (head_age >= 60 and rng.random() < 0.5):
                    kid_age = rng.randint(3, 13)
                members.append((surname, rng.choice("男女"), max(kid_age, 3), "child"))
            all_elderly = all(age >= 60 for _, _, age, _ in members)
            adults_phone: str | None = None
            for m_surname, gender, age, role in members:
                key = (m_surname, gender + ("o" if age >= 55 else "m" if age >= 25 else "y"))
                pool = self._name_pool.setdefault(key, [])
                if len(pool) < 40 or rng.random() < 0.25:
                    name = m_surname + self._given_name(gender, age)
                    pool.append(name)
                else:
                    name = rng.choice(pool)
                phone: str | None = None
                proxy: str | None = None
                relation: str | None = None
                r = rng.random()
                if age < 14:
                    proxy = adults_phone or self._mobile()
                    relation = {
                        (True, "男"): "爷爷", (True, "女"): "奶奶",
                        (False, "男"): "父亲", (False, "女"): "母亲",
                    }[(head_age >= 55, head_gender)]
                elif age >= 70 and r < 0.35:
                    proxy, relation = self._mobile(), rng.choice(PROXY_RELATIONS_ELDER)
                elif r < 0.09:
                    phone = self._landline()
                elif r < 0.93:
                    phone = self._mobile()
                if phone and adults_phone is None:
                    adults_phone = phone
                tags: list[str] = []
                if age >= 60:
                    if size == 1 and rng.random() < 0.55:
                        tags.append("ELDERLY_LIVING_ALONE")
                    elif all_elderly and rng.random() < 0.12:
                        tags.append("LEFT_BEHIND_ELDERLY")
                if age < 14 and (head_age >= 55 or rng.random() < 0.3) and rng.random() < 0.6:
                    tags.append("LEFT_BEHIND_CHILD")
                if age >= 18 and rng.random() < 0.012:
                    tags.append("PERSON_WITH_DISABILITY")
                if role == "" and rng.random() < 0.012:
                    tags.append("DIBAO_HOUSEHOLD")
                born: dt.date | None = None
                id_number: str | None = None
                if (tags and rng.random() < 0.12) or rng.random() < 0.004:
                    born = dt.date(year - age, rng.randint(1, 12), rng.randint(1, 28))
                    id_number = self._id_number(gender, born)
                elif age < 14:
                    born = dt.date(year - age, rng.randint(1, 12), rng.randint(1, 28))
                person = Person(
                    id=new_id(), name=name, surname=m_surname, gender=gender, age=age,
                    phone=phone, proxy_phone=proxy, group=group, grid_index=grid_index,
                    address=address, tags=tags,
                )
                self.people.append(person)
                created = self.now - dt.timedelta(
                    days=rng.randint(HISTORY_DAYS, HISTORY_DAYS + 120), minutes=rng.randint(0, 600)
                )
                rows.append({
                    "id": person.id, "station_id": self.station_id, "name": name,
                    "gender": gender, "phone": phone, "proxy_phone": proxy,
                    "proxy_relation": relation, "group_name": GROUP_NAMES[group],
                    "grid_id": grid_id, "address": address, "tags": tags,
                    "id_number": id_number, "birth_date": born,
                    "consent_contact": phone is not None or proxy is not None,
                    "consent_sensitive": bool(tags), "guardian_consent": age < 14 and bool(tags),
                    "note": rng.choice(NOTES) if rng.random() < 0.06 else "",
                    "created_at": created, "updated_at": created,
                })
        return rows

    def grid_rows(self) -> list[Row]:
        """The new grids (a new station's), each led by one of its villagers."""
        rows: list[Row] = []
        created = self.now - dt.timedelta(days=HISTORY_DAYS + 59)
        offset = len(self.grid_ids) - len(self.new_grid_ids)
        for i, grid_id in enumerate(self.new_grid_ids, start=offset):
            # Leaders come from the first batch, which is committed together with the grids.
            candidates = [
                p for p in self.people[:CONTACT_BATCH]
                if p.grid_index == i and 30 <= p.age <= 65 and p.phone and not p.tags
            ]
            leader = self.rng.choice(candidates).id if candidates else None
            rows.append({
                "id": grid_id, "station_id": self.station_id,
                "name": f"第{cn_number(i + 1)}网格", "leader_contact_id": leader,
                "sort_order": i, "created_at": created, "updated_at": created,
            })
        return rows

    # ---- teams, volunteers, menu -------------------------------------------------------------

    def team_rows(self, session: Session) -> list[Row]:
        existing = list(
            session.scalars(
                select(Team).where(Team.deleted_at.is_(None)).order_by(Team.created_at)
            )
        )
        spec = {name: (cats, skills) for name, _, _, cats, skills in TEAMS}
        if existing:
            for t in existing:
                cats, skills = spec.get(t.name, ((), ""))
                self.teams.append(TeamRef(t.id, t.name, t.level, cats, skills))
            return []
        rows: list[Row] = []
        ids: dict[str, str] = {}
        created = self.now - dt.timedelta(days=HISTORY_DAYS + 50)
        for name, level, parent, cats, skills in TEAMS:
            if self.unsynced and level != "VILLAGE":
                continue
            team_id = new_id()
            ids[name] = team_id
            self.teams.append(TeamRef(team_id, name, level, cats, skills))
            rows.append({
                "id": team_id, "name": name, "level": level,
                "parent_id": ids.get(parent) if parent else None,
                "owner": "VILLAGE" if level == "VILLAGE" else "COUNTY",
                "station_id": self.station_id if level == "VILLAGE" else None,
                "active": True, "created_at": created, "updated_at": created,
            })
        return rows

    def _teams_for(self, category: str, village_only: bool = False) -> list[TeamRef]:
        pool = [t for t in self.teams if not village_only or t.level == "VILLAGE"]
        return [t for t in pool if category in t.categories] or pool

    def menu_rows(self, session: Session) -> list[Row]:
        if self.unsynced:
            return []
        existing = list(
            session.scalars(select(ServiceMenuItem).where(ServiceMenuItem.active.is_(True)))
        )
        if existing:
            self.menu = [(m.id, m.category_code, m.topic_code) for m in existing]
            return []
        rows: list[Row] = []
        created = self.now - dt.timedelta(days=HISTORY_DAYS + 40)
        for order, (title, cat, topic, provider) in enumerate(MENU):
            if cat not in self.due_days or topic not in {c for c, _ in self.topics[cat]}:
                continue
            item_id = new_id()
            self.menu.append((item_id, cat, topic))
            rows.append({
                "id": item_id, "title": title, "category_code": cat, "topic_code": topic,
                "description": f"由{provider}提供，村民可通过联络员点单。", "provider": provider,
                "active": True, "sort_order": order, "created_at": created, "updated_at": created,
            })
        return rows

    def volunteer_rows_make(self) -> list[Row]:
        rng = self.rng
        village_teams = [t for t in self.teams if t.level == "VILLAGE"] or self.teams
        adults = [p for p in self.people if 18 <= p.age <= 70 and p.phone]
        rng.shuffle(adults)
        rows: list[Row] = []
        for i in range(self.size.volunteers):
            person = adults.pop() if adults and rng.random() < 0.75 else None
            if person is not None:
                name, gender, phone = person.name, person.gender, person.phone
            else:
                gender = rng.choice("男女")
                name = self._surname() + self._given_name(gender, rng.randint(20, 60))
                phone = self._mobile()
            team = rng.choice(village_teams) if village_teams else None
            registered = self.today - dt.timedelta(days=rng.randint(60, HISTORY_DAYS + 400))
            created = utc(registered, 9 * 60 + rng.randint(0, 480))
            row: Row = {
                "id": new_id(), "station_id": self.station_id,
                "contact_id": person.id if person else None,
                "team_id": team.id if team else None, "name": name, "gender": gender,
                "phone": phone, "volunteer_no": f"{COUNTY_CODE}{registered:%y}{i + 1:05d}",
                "skills": team.skills if team else "", "registered_on": registered,
                "active": rng.random() < 0.95, "created_at": created, "updated_at": created,
            }
            rows.append(row)
        self.volunteer_rows = rows
        return rows

    # ---- demands -----------------------------------------------------------------------------

    def read_numbers(self, session: Session) -> None:
        """The last 需求编号 sequence per day the database has handed out already."""
        counters = select(DemandNumberCounter.day, DemandNumberCounter.last_seq)
        for day, seq in session.execute(counters):
            self.day_seq[day] = max(self.day_seq.get(day, 0), seq)
        for day, top in session.execute(
            select(func.substr(Demand.number, 4, 8), func.max(Demand.number))
            .where(Demand.number.like("XQ-%"))
            .group_by(func.substr(Demand.number, 4, 8))
        ):
            try:
                seq = int(str(top).rsplit("-", 1)[1])
            except (IndexError, ValueError):
                continue
            self.day_seq[str(day)] = max(self.day_seq.get(str(day), 0), seq)

    def plan_demands(self) -> None:
        """Registration instants (sorted) and statuses of every demand, before any is written."""
        rng = self.rng
        n = self.size.demands
        base = dt.datetime.combine(self.today, dt.time(), CHINA_TZ)
        minutes: list[int] = []
        hour_cum = cumulative(
            [0, 0, 0, 0, 0, 0, 1, 4, 12, 14, 13, 8, 4, 9, 12, 11, 8, 4, 2, 1, 1, 0, 0, 0]
        )
        for _ in range(n):
            days_back = 1 + int(HISTORY_DAYS * (1.0 - rng.random() ** 0.6))
            back = min(days_back, HISTORY_DAYS)
            hour = bisect.bisect_right(hour_cum, rng.random() * hour_cum[-1])
            minutes.append(-back * 1440 + hour * 60 + rng.randrange(60))
        minutes.sort()
        self.reg_minutes = minutes
        self.base = base
        statuses: list[DemandStatus] = []
        mixes = [(limit, list(mix), cumulative(list(mix.values()))) for limit, mix in STATUS_MIX]
        for m in minutes:
            age_days = -m / 1440
            if self.unsynced:
                statuses.append(S.SUBMITTED)
                continue
            for limit, keys, cum in mixes:
                if age_days < limit:
                    statuses.append(rng.choices(keys, cum_weights=cum)[0])
                    break
        if statuses and statuses[0] is S.MERGED:
            statuses[0] = S.REJECTED  # nothing earlier to merge into
        if not self.unsynced and n >= len(DemandStatus) - 1:
            # Every status but DRAFT (a form that was never filed) appears at least once.
            present = Counter(statuses)
            for status in DemandStatus:
                if status is S.DRAFT or present[status]:
                    continue
                while True:
                    i = rng.randrange(1, n)
                    if present[statuses[i]] > 1:
                        present[statuses[i]] -= 1
                        statuses[i] = status
                        present[status] += 1
                        break
        self.statuses = statuses
        people = [p for p in self.people if p.age >= 18]
        self.requesters = people
        self.requester_cum = cumulative(
            [(3.0 if p.age >= 60 else 1.0) * (2.0 if p.tags else 1.0) for p in people]
        )
        elders = [p for p in people if p.age >= 60]
        guardians = [p for p in people if 30 <= p.age <= 75]
        working = [p for p in people if p.age <= 55]
        self.requester_pools: dict[str, tuple[list[Person], list[float]]] = {}
        for pool, topics in (
            (elders, ELDER_TOPICS), (guardians, GUARDIAN_TOPICS), (working, WORKING_AGE_TOPICS)
        ):
            if pool:
                cum = cumulative([2.0 if p.tags else 1.0 for p in pool])
                self.requester_pools.update({topic: (pool, cum) for topic in topics})
        self.channels = list(CHANNEL_WEIGHTS)
        self.channel_cum = cumulative(list(CHANNEL_WEIGHTS.values()))
        self.last_primary: dict[str, tuple[str, str]] = {}
        self.last_any: tuple[str, str] | None = None

    def _who(self, person: Person | None) -> str:
        if person is None:
            return "村民"
        s, age, male = person.surname, person.age, person.gender == "男"
        if age >= 75:
            honour = s + ("爷爷" if male else "奶奶")
        elif age >= 60:
            honour = s + ("大爷" if male else "大娘")
        elif age >= 45:
            honour = s + ("大叔" if male else "大婶")
        elif age >= 30:
            honour = s + ("大哥" if male else "大姐")
        else:
            return f"{GROUP_SHORT[person.group]}村民{person.name}"
        for tag in person.tags:
            label = TAG_DESCRIPTIONS.get(tag)
            if label and self.rng.random() < 0.6:
                return label + honour
        return honour

    def _texts(
        self, topic: str, topic_name: str, person: Person | None, channel: Channel
    ) -> tuple[str, str]:
        rng = self.rng
        who = self._who(person)
        grp = GROUP_SHORT[person.group] if person else rng.choice(GROUP_SHORT)
        spec = TOPIC_TEXT.get(topic)
        if spec is None:
            title = f"{who}需要{topic_name}方面的帮助"
            detail = f"希望得到{topic_name}方面的服务"
        else:
            titles, details, xs = spec
            x = rng.choice(xs)
            title = rng.choice(titles).format(who=who, x=x, grp=grp)
            detail = rng.choice(details).format(x=x, grp=grp)
        # Ledgers are terse: the channel and the requester have their own columns, so most
        # descriptions are just the detail, and a quick entry has the title only.
        if rng.random() < 0.3:
            return title, ""
        intro = ""
        if rng.random() < 0.25:
            intro = CHANNEL_INTRO[channel].format(who=who if person else "一位村民")
        address = ""
        if person and rng.random() < 0.2:
            address = f"家住{person.address[len(TOWNSHIP + VILLAGE):]}。"
        tail = rng.choice(DESCRIPTION_TAILS)
        if person and person.age >= 70 and rng.random() < 0.3:
            tail = rng.choice(ELDER_TAILS)
        description = f"{intro}{detail}。{address}{tail}"
        return title, description

    def demand_batch(
        self, start: int, end: int
    ) -> tuple[list[Row], list[Event], dict[str, int], dict[int, str]]:
        """Rows of demands ``start:end`` and of their timeline events, the day counters they
        moved, and the storage text of the instants they use (keyed by ``id``, see
        :meth:`StagedTable.prepare`)."""
        rng = self.rng
        random_ = rng.random
        instant_text = self.instant_text
        randrange = rng.randrange
        choice = rng.choice
        bisect_right = bisect.bisect_right
        timedelta = dt.timedelta
        utc = dt.UTC
        county = not self.unsynced
        demands: list[Row] = []
        events: list[Event] = []
        stamps: dict[int, str] = {}
        touched: dict[str, int] = {}
        base, now = self.base, self.now
        requesters, requester_cum = self.requesters, self.requester_cum
        requester_pools = self.requester_pools
        channels, channel_cum = self.channels, self.channel_cum
        categories, category_cum = self.categories, self.category_cum
        topics, topic_names, category_names = self.topics, self.topic_names, self.category_names
        grid_ids = self.grid_ids
        day_seq = self.day_seq
        team_choices = {c: self._teams_for(c) for c in categories}
        station_id, catalog_version = self.station_id, self.catalog_version
        demand_refs = self.demand_refs
        last_day: dt.date | None = None
        key = ""
        for i in range(start, end):
            local = base + timedelta(minutes=self.reg_minutes[i])
            local_day = local.date()
            registered = (local + timedelta(seconds=randrange(60))).astimezone(utc)
            if local_day != last_day:
                last_day, key = local_day, local_day.strftime("%Y%m%d")
            status = self.statuses[i]
            channel = channels[bisect_right(channel_cum, random_() * channel_cum[-1])]
            menu_item: str | None = None
            if channel is Channel.MENU_ORDER and self.menu:
                menu_item, category, topic = choice(self.menu)
            else:
                category = categories[bisect_right(category_cum, random_() * category_cum[-1])]
                topic = choice(topics[category])[0] if topics[category] else ""
            if topic == "micro_wish":
                channel = Channel.MICRO_WISH
            topic_name = topic_names.get(topic, category_names[category])
            person: Person | None = None
            if requesters and random_() >= 0.05:
                pool, cum = requester_pools.get(topic, (requesters, requester_cum))
                person = pool[bisect_right(cum, random_() * cum[-1])]
            title, description = self._texts(topic, topic_name, person, channel)
            r = random_()
            due_days = self.due_days.get(category, 7)
            if r < 0.85:
                urgency = NORMAL
            elif r < 0.97:
                urgency, due_days = URGENT, max(1, due_days // 2)
            else:
                urgency, due_days = VERY_URGENT, 1
            seq = day_seq.get(key, 0) + 1
            day_seq[key] = touched[key] = seq
            number = f"XQ-{key}-{seq:04d}"
            demand_id = new_id()
            row: Row = {
                "id": demand_id, "number": number, "station_id": station_id,
                "requester_contact_id": person.id if person else None,
                "requester_name": person.name if person else "",
                "requester_phone": (person.phone or person.proxy_phone) if person else None,
                "anonymous": person is None, "entered_by": choice(ENTERED_BY),
                "channel": channel.value, "category_code": category, "topic_code": topic,
                "catalog_version": catalog_version, "menu_item_id": menu_item,
                "title": title, "description": description, "urgency": urgency,
                "grid_id": grid_ids[person.grid_index] if person and person.grid_index >= 0 else None,
                "registered_at": registered,
                "due_date": local_day + timedelta(days=due_days),
                "status": "SUBMITTED", "assigned_team_id": None, "assigned_team_name": "",
                "dispatched_at": None, "claimed_at": None, "resolved_at": None, "result": "",
                "reject_reason": "", "merged_into_id": None, "evaluation": None,
                "evaluation_note": "", "evaluated_at": None,
                "created_at": registered, "updated_at": registered,
            }
            if status is S.MERGED and self.last_any is None:
                status = S.REJECTED
            stamp = instant_text(registered)
            stamps[id(registered)] = stamp
            if not county:
                events.append(
                    (new_id(), demand_id, "REGISTERED", "VILLAGE", registered, "")
                )
            else:
                events.append(
                    (new_id(), demand_id, "REGISTERED", "VILLAGE", stamp, "")
                )
            plans, plan_cum = PLANS[status]
            plan = plans[bisect_right(plan_cum, random_() * plan_cum[-1])]
            when = registered
            due_end = beijing.day_start_utc(row["due_date"] + timedelta(days=1))
            if plan.steps:
                # Step delays in hours, squeezed to fit before "now" for the youngest demands.
                delays = [low + span * random_() for low, span in plan.ranges]
                late = False
                if plan.resolved >= 0:
                    late = random_() < 0.12
                    high = max(12.0, due_days * (38.4 if late else 16.8))
                    delays[plan.resolved] = 6.0 + (high - 6.0) * random_()
                room = max(0.05, (now - registered).total_seconds() / 3600 - 0.25)
                total = sum(delays)
                scale = 3600.0 * (room / total if total > room else 1.0)
                # The county works in the daytime: for demands with room to spare, a step that
                # would fall in the night moves to the next morning (Beijing 8:00). Each move is
                # under 14 hours, so the steps still end before "now".
                daytime = room - total > 14 * len(delays)
                team: TeamRef | None = None
                for (kind, actor, note, special, shift), delay in zip(
                    plan.steps, delays, strict=True
                ):
                    before = when
                    when = when + timedelta(seconds=max(1, int(delay * scale)))
                    if daytime and shift:
                        hour = (when.hour + 8) % 24
                        if hour < 8 or hour >= 19:
                            when = when + timedelta(hours=(8 - hour) % 24, minutes=random_() * 50)
                    deadline = due_end - timedelta(hours=2)
                    if special == RESOLVE and not late and when > deadline > before:
                        # Most teams finish within the 办理期限 (the demo's 按期办结率 is near
                        # 88 %): one that would not finishes between its last step and the
                        # deadline (the delay's fraction of an hour picks where, leaving the
                        # random sequence, and so the rest of the demo, as it was).
                        when = before + (deadline - before) * (0.4 + 0.6 * (delay % 1.0))
                    if special:
                        if special <= CLAIM:
                            if team is None and team_choices[category]:
                                team = choice(team_choices[category])
                                row["assigned_team_id"] = team.id
                                row["assigned_team_name"] = team.name
                            team_name = team.name if team else "志愿服务队"
                            if special == DISPATCH:
                                row["dispatched_at"] = when
                                note = f"派单至{team_name}"
                            else:
                                row["claimed_at"] = when
                                note = f"{team_name}接单"
                        elif special == RESOLVE:
                            row["resolved_at"] = when
                            row["result"] = note = choice(RESULTS.get(category, RESULTS["OTHER"]))
                        elif special == EVALUATE:
                            evaluation = EVALUATIONS[
                                bisect_right(EVALUATION_CUM, random_() * EVALUATION_CUM[-1])
                            ]
                            row["evaluation"] = note = evaluation.value
                            row["evaluation_note"] = choice(EVALUATION_NOTES[evaluation])
                            row["evaluated_at"] = when
                        elif special == REJECT:
                            row["reject_reason"] = note = choice(REJECT_REASONS)
                        else:
                            target = self.last_primary.get(category) or self.last_any
                            assert target is not None
                            row["merged_into_id"] = target[0]
                            note = f"与需求 {target[1]} 合并办理"
                    stamp = instant_text(when)
                    stamps[id(when)] = stamp
                    events.append((new_id(), demand_id, kind, actor, stamp, note))
                row["status"] = STATUS_TEXT[status]
                row["updated_at"] = when
            demands.append(row)
            if status is not S.MERGED and status is not S.REJECTED and status is not S.CANCELLED:
                self.last_primary[category] = (demand_id, number)
            self.last_any = (demand_id, number)
            demand_refs[category].append((registered, demand_id, status))
        return demands, events, touched, stamps

    # ---- activities, service hours, points ---------------------------------------------------

    def activity_rows(self) -> tuple[list[Row], list[Row], list[Row]]:
        rng = self.rng
        types = [t for t in self.activity_types]
        if not types:
            return [], [], []
        type_cum = cumulative([ACTIVITY_TYPE_WEIGHTS.get(code, 3.0) for code, _, _ in types])
        village_teams = [t for t in self.teams if t.level == "VILLAGE"] or self.teams
        starts: list[tuple[dt.date, int]] = []
        for _ in range(self.size.activities):
            day = self.today - dt.timedelta(days=rng.randint(1, HISTORY_DAYS - 10))
            starts.append((day, rng.choice((510, 540, 570, 810, 840, 870))))
        starts.sort()
        activities: list[Row] = []
        records: list[Row] = []
        busy: dict[str, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
        volunteer_ids = [v["id"] for v in self.volunteer_rows if v["active"]]
        joined = {v["id"]: v["registered_on"] for v in self.volunteer_rows}
        by_team: dict[str | None, list[str]] = defaultdict(list)
        for v in self.volunteer_rows:
            if v["active"]:
                by_team[v["team_id"]].append(v["id"])
        earned: list[tuple[str, dt.datetime, int, str, str]] = []
        for day, start_minute in starts:
            code, _type_name, five_task = rng.choices(types, cum_weights=type_cum)[0]
            titles, summaries = ACTIVITY_TEXT.get(code, ACTIVITY_TEXT["OTHER"])
            if code == "FESTIVAL" or not titles:
                titles = FESTIVALS_BY_MONTH[day.month]
            seasonal = [t for t in titles if in_season(t, day.month)]
            title = rng.choice(seasonal or titles)
            if code == "SPORTS_FITNESS" and rng.random() < 0.5:
                start_minute = 18 * 60 + 30
            duration = rng.choice((90, 120, 120, 150, 180, 240))
            starts_at = utc(day, start_minute)
            ends_at = starts_at + dt.timedelta(minutes=duration)
            cats = ACTIVITY_CATEGORIES.get(code, ("OTHER",))
            candidates = [t for t in village_teams if set(cats) & set(t.categories)]
            team = rng.choice(candidates or village_teams) if village_teams else None
            grp = rng.choice(GROUP_SHORT)
            place = rng.choice(PLACES).format(grp=grp)
            audience = rng.randint(15, 60) if duration <= 120 else rng.randint(30, 220)
            team_name = team.name if team else f"{VILLAGE}志愿者"
            summary = (
                f"{day.month}月{day.day}日，{team_name}在{place}开展“{title}”活动，"
                f"{audience}名群众参加。{rng.choice(summaries)}"
            )
            linked: list[str] = []
            if rng.random() < 0.35:
                window_start = starts_at - dt.timedelta(days=60)
                pool: list[DemandRef] = []
                for cat in cats:
                    refs = self.demand_refs.get(cat, [])
                    lo = bisect.bisect_left(refs, window_start, key=lambda r: r[0])
                    hi = bisect.bisect_left(refs, starts_at, key=lambda r: r[0])
                    pool.extend(
                        r for r in refs[lo:hi]
                        if r[2] in (S.SUBMITTED, S.RESOLVED, S.FEEDBACK_GIVEN, S.CLOSED)
                    )
                if pool:
                    linked = [r[1] for r in rng.sample(pool, min(len(pool), rng.randint(1, 3)))]
            activity_id = new_id()
            created = ends_at + dt.timedelta(hours=rng.randint(1, 30))
            created = min(created, self.now - dt.timedelta(minutes=1))
            activities.append({
                "id": activity_id, "station_id": self.station_id, "title": title,
                "activity_type_code": code, "five_task_code": five_task, "starts_at": starts_at,
                "ends_at": ends_at, "place": place, "team_id": team.id if team else None,
                "audience_count": audience, "summary": summary, "linked_demand_ids": linked,
                "created_at": created, "updated_at": created,
            })
            # Who served: the team first, then helpers from other teams.
            crew = list(by_team.get(team.id if team else None, []))
            rng.shuffle(crew)
            in_crew = set(crew)
            others = [v for v in volunteer_ids if v not in in_crew]
            rng.shuffle(others)
            wanted = rng.randint(3, 12)
            for volunteer_id in (crew + others)[:wanted]:
                check_in = starts_at + dt.timedelta(minutes=rng.randint(-15, 5))
                check_out = ends_at + dt.timedelta(minutes=rng.randint(-10, 20))
                if joined[volunteer_id] > day or overlaps(busy[volunteer_id], check_in, check_out):
                    continue
                busy[volunteer_id].append((check_in, check_out))
                pause = 30 if duration >= 180 and rng.random() < 0.5 else 0
                hours = compute_hours(check_in, check_out, pause)
                record_id = new_id()
                records.append(self._record(
                    record_id, activity_id, volunteer_id, check_in, check_out, pause,
                    int(hours * 60), None, "", created,
                ))
                if hours > 0:
                    earned.append((volunteer_id, check_out, max(5, int(hours * 10)), title,
                                   activity_id))
                if rng.random() < 0.03:
                    records.append(self._correction(records[-1]))
        if records and not any(r["corrects_id"] for r in records):
            # Corrections are rare, but the demo should show what one looks like.
            records.append(self._correction(rng.choice(records)))
        points = self._points(earned)
        return activities, records, points

    def honours(self, records: list[Row]) -> tuple[list[Row], list[Row]]:
        """星级认定 for the volunteers whose hours qualify (the station certifies them some weeks
        after), and 表彰: the three who served most, and the busiest squad."""
        rng = self.rng
        minutes: dict[str, int] = defaultdict(int)
        for record in records:
            minutes[record["volunteer_id"]] += record["credited_minutes"]
        awards: list[Row] = []
        for volunteer_id, total in sorted(minutes.items()):
            level = star_level(Decimal(total) / 60, DEFAULT_SCHEME)
            if level:
                when = self.today - dt.timedelta(days=rng.randint(7, 90))
                at = utc(when, 10 * 60)
                awards.append({
                    "id": new_id(), "volunteer_id": volunteer_id, "level": level,
                    "awarded_on": when, "certified_by": f"{TOWNSHIP}新时代文明实践所",
                    "scheme_code": "NATIONAL_2012", "note": "经公示无异议",
                    "created_at": at, "updated_at": at,
                })
        honours: list[Row] = []
        year = self.today.year - 1
        ranked = sorted(minutes, key=lambda v: (-minutes[v], v))[:3]
        for volunteer_id, (title, honour_level, body) in zip(ranked, HONOURS, strict=False):
            when = dt.date(year, 12, rng.randint(10, 28))
            at = utc(when, 15 * 60)
            honours.append({
                "id": new_id(), "station_id": self.station_id, "title": title,
                "awarded_on": when, "level": honour_level, "issuing_body": body,
                "volunteer_id": volunteer_id, "team_id": None, "created_at": at, "updated_at": at,
            })
        squads = [t for t in self.teams if t.level == "VILLAGE"]
        if squads:
            team = rng.choice(squads)
            when = dt.date(year, 12, 20)
            at = utc(when, 15 * 60)
            honours.append({
                "id": new_id(), "station_id": self.station_id, "title": "优秀志愿服务队伍",
                "awarded_on": when, "level": "乡镇级", "issuing_body": f"{TOWNSHIP}党委",
                "volunteer_id": None, "team_id": team.id, "created_at": at, "updated_at": at,
            })
        return awards, honours

    def photos(self, activities: list[Row], data_dir: Path) -> list[Row]:
        """Photos of some activities, drawn here (a stage, a banner, people) and stored as the
        program stores any photo (downscaled JPEG, content-addressed) in ``data_dir``."""
        rng = self.rng
        rows: list[Row] = []
        chosen = [a for a in activities if rng.random() < 0.3][:DEMO_PHOTOS]
        for activity in chosen:
            with tempfile.TemporaryDirectory() as drawing:
                source = Path(drawing) / "scene.png"
                draw_scene(source, rng)
                stored = store_photo(data_dir, source)
            at = activity["created_at"]
            rows.append({
                "id": new_id(), "owner_entity": "activity", "owner_id": activity["id"],
                "sha256": stored.sha256, "size": stored.size, "mime": MIME,
                "file_name": "活动现场.jpg", "note": "", "created_at": at, "updated_at": at,
            })
        return rows

    def _correction(self, original: Row) -> Row:
        """An append-only correction of ``original``: same period, a signed minutes delta."""
        delta = -30 if original["credited_minutes"] >= 60 else 30
        reason = (
            "签退时间登记有误，核减 0.5 小时" if delta < 0 else "漏记提前布置场地的时间，补记 0.5 小时"
        )
        fixed = min(
            original["created_at"] + dt.timedelta(days=self.rng.randint(1, 5)),
            self.now - dt.timedelta(minutes=1),
        )
        return self._record(
            new_id(), original["activity_id"], original["volunteer_id"], original["start_at"],
            original["end_at"], original["break_minutes"], delta, original["id"], reason, fixed,
        )

    @staticmethod
    def _record(
        record_id: str, activity_id: str, volunteer_id: str, start: dt.datetime,
        end: dt.datetime, pause: int, minutes: int, corrects: str | None, reason: str,
        created: dt.datetime,
    ) -> Row:
        return {
            "id": record_id, "activity_id": activity_id, "volunteer_id": volunteer_id,
            "start_at": start, "end_at": end, "break_minutes": pause,
            "credited_minutes": minutes, "corrects_id": corrects, "reason": reason,
            "created_at": created, "updated_at": created,
        }

    def _points(self, earned: list[tuple[str, dt.datetime, int, str, str]]) -> list[Row]:
        """The ledger: one EARN per service, some REDEEMs in between, never below zero."""
        rng = self.rng
        rows: list[Row] = []
        per_volunteer: dict[str, list[tuple[dt.datetime, int, str, str]]] = defaultdict(list)
        for volunteer_id, when, amount, title, activity_id in earned:
            per_volunteer[volunteer_id].append((when, amount, title, activity_id))
        latest = self.now - dt.timedelta(hours=1)
        for volunteer_id in sorted(per_volunteer, key=lambda v: per_volunteer[v][0][0]):
            items = sorted(per_volunteer[volunteer_id])
            current = 0  # the balance so far (the rules check each entry against it)
            for index, (when, amount, title, activity_id) in enumerate(items):
                check_entry(so_far(current), PointsKind.EARN, amount)
                current += amount
                rows.append(self._points_row(
                    volunteer_id, PointsKind.EARN, amount, f"参加活动：{title}", activity_id, when
                ))
                limit = items[index + 1][0] if index + 1 < len(items) else latest
                if limit <= when + dt.timedelta(hours=2):
                    continue
                r = rng.random()
                span = (limit - when).total_seconds()
                # The points store opens in the daytime (Beijing 9:00–17:00).
                day = local_day(when + dt.timedelta(seconds=rng.uniform(3600, span - 60)))
                at = utc(day, rng.randint(9 * 60, 17 * 60))
                if not when < at < limit:
                    continue
                if r < 0.3:
                    item, cost = rng.choice(REDEEM_ITEMS)
                    if cost <= current:
                        check_entry(so_far(current), PointsKind.REDEEM, cost)
                        current -= cost
                        rows.append(self._points_row(
                            volunteer_id, PointsKind.REDEEM, cost, f"积分超市兑换：{item}", None, at
                        ))
                elif r < 0.33:
                    amount_adj = 20 if rng.random() < 0.7 or current < 10 else -10
                    reason = "优秀志愿者奖励积分" if amount_adj > 0 else "重复登记积分更正"
                    check_entry(so_far(current), PointsKind.ADJUST, amount_adj)
                    current += amount_adj
                    rows.append(self._points_row(
                        volunteer_id, PointsKind.ADJUST, amount_adj, reason, None, at
                    ))
        return rows

    @staticmethod
    def _points_row(
        volunteer_id: str, kind: PointsKind, amount: int, reason: str,
        activity_id: str | None, when: dt.datetime,
    ) -> Row:
        return {
            "id": new_id(), "volunteer_id": volunteer_id, "kind": kind.value, "amount": amount,
            "reason": reason, "activity_id": activity_id, "occurred_at": when,
            "created_at": when, "updated_at": when,
        }


def _name_grid_leaders(session: Session, grids: list[Row]) -> None:
    """The leaders of a new station's grids, named through the write path (an update op
    after the leader's create op)."""
    writes = WritePath(session)
    for row in grids:
        if row["leader_contact_id"] is not None:
            grid = session.get_one(Grid, row["id"])
            writes.update(grid, leader_contact_id=row["leader_contact_id"])


def generate_demo(
    db: Database,
    size: DemoSize,
    *,
    seed: int = 20261129,
    unsynced: bool = False,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Fill ``db`` with demo data and return a one-line Chinese summary of what was made.

    ``now`` is the reference instant everything lies before (default: midnight at the start of
    today, Beijing time, so a seed gives the same data all day). ``progress(done, total)`` is
    called after every committed batch; when ``cancelled()`` turns true the generator stops
    after the current batch, keeps what it committed and says so in the summary.
    """
    for name in ("demands", "contacts", "activities", "volunteers"):
        if getattr(size, name) < 0:
            raise ValueError(f"DemoSize.{name} must not be negative")
    if now is None:
        today = beijing.today()
        now = dt.datetime.combine(today, dt.time(), CHINA_TZ)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    id_buffer.clear()
    dialect = db.engine.dialect
    instant_text = python_form(cast(Table, DemandEvent.__table__).c.occurred_at, dialect)
    if instant_text is None:
        raise RuntimeError("instants are stored through a bind processor")
    gen = _Generator(size, seed, unsynced, now.astimezone(dt.UTC), instant_text)
    pipeline = Pipeline(db)
    from_server = not unsynced
    total = size.contacts + size.demands + size.activities
    done = 0

    def report(step: int) -> bool:
        nonlocal done
        done += step
        if progress is not None:
            progress(done, total)
        return cancelled is not None and cancelled()

    def finish(stopped: bool) -> str:
        if from_server and pipeline.thread is None:
            # The staging tables live on the connection; leave it as it was.
            with open_transaction(db) as session:
                for stage in all_stages(dialect):
                    stage.drop(session)
        summary = gen.counts.summary()
        return f"已取消，已生成{summary}" if stopped else summary

    if report(0):
        return finish(True)

    # What exists already, read once; everything else is made before anything is written.
    with open_transaction(db) as session:
        gen.load_catalog(session)
        station = gen.load_station(session)
        teams = gen.team_rows(session)
        menu = gen.menu_rows(session)
        gen.read_numbers(session)
    contacts = gen.make_people(size.contacts)
    grids = gen.grid_rows()
    volunteers = gen.volunteer_rows_make()
    gen.plan_demands()

    def committed() -> bool:
        """Account for the batch in flight once it is committed; True to stop."""
        done_batch = pipeline.wait()
        if done_batch is None:
            return False
        label, count = done_batch
        setattr(gen.counts, label, getattr(gen.counts, label) + count)
        return report(count if label != "volunteers" else 0)

    def write_setup(session: Session, *, first: bool, last: bool) -> None:
        # The station and grids go with the first villagers (a grid names its leader); the
        # teams, volunteers and menu once every villager is in (a volunteer names a villager).
        out = Writer(session, from_server)
        if first:
            if station is not None:
                out.add(Station, [station])
            # Made here, a grid gets its leader once the leader is in the contact book (as in
            # the window): the county takes a reference only to a record it already has.
            unled = [{**g, "leader_contact_id": None} for g in grids]
            out.add(Grid, grids if from_server else unled)
        if last:
            out.add(Team, teams)
            out.add(Volunteer, volunteers)
            out.add(ServiceMenuItem, menu)

    try:
        # 1. Station, grids and villagers.
        batches = [contacts[i : i + CONTACT_BATCH] for i in range(0, len(contacts), CONTACT_BATCH)]
        for index, batch in enumerate(batches or [[]]):
            prepared = table_of(Contact, dialect).prepare(batch) if from_server and batch else None

            def build_contacts(
                session: Session, batch: list[Row] = batch, prepared: Prepared | None = prepared,
                first: bool = index == 0,
            ) -> Parts:
                write_setup(session, first=first, last=False)
                if prepared is None:
                    Writer(session, from_server).add(Contact, batch)
                    if first:
                        _name_grid_leaders(session, grids)
                    return []
                return prepared.parts(session)

            if committed():
                return finish(True)
            pipeline.submit(build_contacts, "contacts", len(batch))

        # 2. Teams, volunteers, the menu, then demands with their timelines.
        if committed():
            return finish(True)

        def build_setup(session: Session) -> Parts:
            write_setup(session, first=False, last=True)
            return []

        pipeline.submit(build_setup, "volunteers", len(volunteers))
        for start in range(0, size.demands, DEMAND_BATCH):
            end = min(size.demands, start + DEMAND_BATCH)
            demands, events, touched, stamps = gen.demand_batch(start, end)
            prepared = table_of(Demand, dialect).prepare(demands, stamps) if from_server else None

            def build_demands(
                session: Session, demands: list[Row] = demands, events: list[Event] = events,
                touched: dict[str, int] = touched, prepared: Prepared | None = prepared,
            ) -> Parts:
                raise_demand_counters(session, touched)
                if prepared is None:
                    out = Writer(session, from_server)
                    out.add(Demand, demands)
                    out.add_events(events)
                    return []
                parts = prepared.parts(session)
                parts.insert(1, (EVENT_STAGE, events))
                return parts

            if committed():
                return finish(True)
            pipeline.submit(build_demands, "demands", len(demands))

        # 3. Activities, service records, points.
        activities, records, points = gen.activity_rows()
        awards, honours = gen.honours(records)
        photos = gen.photos(activities, db.path.parent)

        def build_activities(session: Session) -> Parts:
            out = Writer(session, from_server)
            out.add(Activity, activities)
            out.add(ServiceRecord, records)
            out.add(PointsEntry, points)
            out.add(StarAward, awards)
            out.add(Commendation, honours)
            out.add(Attachment, photos)
            return []

        if committed():
            return finish(True)
        pipeline.submit(build_activities, "activities", len(activities))
        committed()  # everything is written: a cancel now changes nothing
    finally:
        if pipeline.thread is not None:  # only when an error escaped
            pipeline.thread.join()
            pipeline.thread = None
    return finish(False)
