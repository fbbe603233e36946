"""The county console over HTTP against a real county server (SQLite and PostgreSQL), as its
three roles use it: every page for every role, a township admin sees only its villages, a team
only its own demands and the claim list, a form without its CSRF token gets 403, wrong
passwords are throttled, a stale form is refused with what changed, bulk actions report each
demand, enrolment slips, the audit log with before and after, logging out ends the session."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import json
import re
import uuid
from typing import Any

import pytest
import requests
from openpyxl import load_workbook
from sqlalchemy import select
from sync_support import LIGHT_PASSWORDS, CountyServer, basic_auth

from county import accounts, actions, blobs, demo
from county.models import Admin, AuditLog, DemandQueue, Record, Village

PASSWORD = "很长的控制台密码-2026"


class Browser:
    """A person at the console: a cookie jar, and the forms of the last page."""

    def __init__(self, county: CountyServer) -> None:
        self.url = county.url
        self.http = requests.Session()
        self.page = ""
        self.token = ""

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        answer = self.http.get(self.url + path, timeout=30, allow_redirects=False, **kwargs)
        self.page = answer.text
        return answer

    def csrf(self) -> str:
        """The CSRF token of the last page that had a form (a session keeps one token)."""
        found = re.search(r'name="csrf" value="([^"]+)"', self.page)
        if found:
            self.token = found.group(1)
        assert self.token, self.page[:500]
        return self.token

    def post(self, path: str, data: dict[str, Any], *, csrf: bool = True) -> requests.Response:
        body = {**data, **({"csrf": self.csrf()} if csrf else {})}
        answer = self.http.post(self.url + path, data=body, timeout=30, allow_redirects=False)
        self.page = answer.text
        return answer

    def login(self, username: str, password: str = PASSWORD) -> requests.Response:
        self.get("/login")
        return self.post("/login", {"username": username, "password": password, "next": "/demands"})

    def text(self) -> str:
        return html.unescape(re.sub(r"<[^>]+>", " ", self.page))

    def version(self) -> str:
        found = re.search(r'name="version" value="(\d+)"', self.page)
        assert found
        return found.group(1)


@pytest.fixture
def console(county: CountyServer) -> CountyServer:
    """The demo county (two townships, twelve villages) with one account of each role."""
    demo.fill(county.db, demands_per_village=4, seed=3)
    team = _team(county, "医疗卫生分队")
    original = accounts.PASSWORDS
    accounts.PASSWORDS = LIGHT_PASSWORDS
    try:
        with county.db.writing() as session:
            accounts.set_admin(session, "县中心", PASSWORD, display_name="张主任")
            accounts.set_admin(session, "合隆镇", PASSWORD, role="TOWNSHIP", township="220122102")
            accounts.set_admin(session, "医疗队", PASSWORD, role="TEAM", team_id=team)
    finally:
        accounts.PASSWORDS = original
    return county


def _team(county: CountyServer, name: str) -> str:
    with county.db.reading() as session:
        return next(team.id for team in actions.teams(session) if team.name == name)


def _queue(county: CountyServer, **where: Any) -> list[DemandQueue]:
    with county.db.reading() as session:
        query = select(DemandQueue).join(Village, Village.id == DemandQueue.village_id)
        for name, value in where.items():
            query = query.where(getattr(DemandQueue, name) == value)
        return list(session.scalars(query.order_by(DemandQueue.registered_at)))


def _village_code(county: CountyServer, row: DemandQueue) -> str:
    with county.db.reading() as session:
        return session.get_one(Village, row.village_id).code


def _status(county: CountyServer, demand_id: str) -> str:
    with county.db.reading() as session:
        return str(session.get_one(Record, demand_id).data["status"])


def _ids(page: str) -> list[str]:
    return re.findall(r'name="ids" value="([0-9a-f-]{36}):[A-Z_]+"', page)


def test_every_page_for_every_role(console: CountyServer) -> None:
    anonymous = Browser(console)
    answer = anonymous.get("/demands?status=SUBMITTED")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Fdemands%3Fstatus%3DSUBMITTED"
    login = anonymous.get("/login")
    assert login.status_code == 200 and "登录县中心工作台" in login.text
    assert "frame-ancestors 'none'" in login.headers["content-security-policy"]
    assert login.headers["x-frame-options"] == "DENY"
    assert anonymous.get("/nowhere").status_code == 404 and "没有这个页面" in anonymous.page
    some = _queue(console)[0].id
    station = "/assessment/stations/220122102201"
    expected = {
        "县中心": {"/demands": 200, "/teams": 200, f"/demands/{some}": 200, "/devices": 200, "/audit": 200,
                 "/assessment": 200, "/assessment?period=2026Q4&level=township": 200, station: 200,
                 "/assessment?period=2026-13": 400},
        "合隆镇": {"/demands": 200, "/teams": 200, "/devices": 403, "/audit": 403, "/assessment": 200,
                 station: 200, "/assessment/stations/220122103201": 404},
        "医疗队": {"/demands": 200, "/teams": 200, "/devices": 403, "/audit": 403, "/assessment": 403},
    }
    for user, pages in expected.items():
        person = Browser(console)
        answer = person.login(user)
        assert answer.status_code == 303 and answer.headers["location"] == "/demands"
        cookie = answer.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie
        for path, status in pages.items():
            assert person.get(path).status_code == status, (user, path)
            assert "Traceback" not in person.page
        person.get("/demands")
        assert "需求办理" in person.text() and "退出" in person.text()


def test_the_assessment_ranks_the_stations_an_account_may_see(console: CountyServer) -> None:
    county, township = Browser(console), Browser(console)
    county.login("县中心")
    township.login("合隆镇")
    month = f"{dt.date.today():%Y-%m}"
    county.get(f"/assessment?period={month}&measure=accepted")
    rows = re.findall(r'href="/assessment/stations/(\d{12})\?', county.page)
    assert len(rows) == 12
    township.get(f"/assessment?period={month}")
    assert {code[:9] for code in re.findall(r'href="/assessment/stations/(\d{12})\?', township.page)} == {"220122102"}
    # The activity and volunteer figures: choosing the section ranks by its first figure, and
    # a measure of the other section left in the address gives way to it.
    county.get(f"/assessment?period={month}&section=service&measure=accepted")
    assert "按志愿服务时长排名" in county.text() and "参与志愿者" in county.text() and "受理量" not in county.text()
    county.get(f"/assessment?period={month}&section=service&measure=volunteers")
    assert "按志愿者总数排名" in county.text()
    county.get(f"/assessment/stations/{rows[0]}?section=service")
    assert "活动场次" in county.text() and "办结率" not in county.text()
    answer = county.get(f"/assessment.xlsx?period={month}&level=township")
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet is not None and [sheet.cell(row, 2).value for row in (6, 7, 8)] == ["合隆镇", "华家镇", "合计"]


def test_a_township_admin_sees_only_its_villages(console: CountyServer) -> None:
    person = Browser(console)
    person.login("合隆镇")
    person.get("/demands?order=asc")
    total = int(re.search(r"共 (\d+) 条", person.text()).group(1))  # type: ignore[union-attr]
    everyone = _queue(console)
    ours = [row for row in everyone if _village_code(console, row).startswith("220122102")]
    assert total == len(ours) == 24 and len(everyone) == 48
    assert set(_ids(person.page)) == {row.id for row in ours}
    theirs = next(row for row in everyone if row not in ours and row.status == "SUBMITTED")
    assert person.get(f"/demands/{theirs.id}").status_code == 403
    assert "不在您的办理范围内" in person.text()
    mine = next(row for row in ours if row.status == "SUBMITTED")
    person.get(f"/demands/{mine.id}")
    csrf = person.csrf()
    refused = person.http.post(f"{person.url}/demands/{theirs.id}/accept",
                               data={"csrf": csrf}, allow_redirects=False, timeout=30)  # fmt: skip
    assert refused.status_code == 403 and _status(console, theirs.id) == "SUBMITTED"
    # A village of the other township, asked for by name, shows nothing of it either.
    person.get("/demands?village=220122103201")
    assert _ids(person.page) == []


def test_a_team_sees_its_own_demands_and_the_claim_list(console: CountyServer) -> None:
    team = _team(console, "医疗卫生分队")
    person = Browser(console)
    person.login("医疗队")
    person.get("/demands")
    shown = set(_ids(person.page))
    visible = [r for r in _queue(console) if r.assigned_team_id == team or r.status == "LISTED"]
    assert shown == {r.id for r in visible} and shown
    other = next(r for r in _queue(console) if r.assigned_team_id not in (None, team))
    assert person.get(f"/demands/{other.id}").status_code == 403
    listed = next(r for r in visible if r.status == "LISTED")
    person.get(f"/demands/{listed.id}")
    assert 'action="/demands/' + listed.id + '/claim"' in person.page
    assert "/accept" not in person.page and "/dispatch" not in person.page
    answer = person.post(f"/demands/{listed.id}/claim", {"version": person.version()})
    assert answer.status_code == 303
    person.get(f"/demands/{listed.id}")
    assert "已接单" in person.text() and "医疗卫生分队" in person.text()
    person.post(f"/demands/{listed.id}/resolve", {"version": person.version(), "result": ""})
    assert "办结时必须填写办理结果" in person.text()
    answer = person.post(f"/demands/{listed.id}/resolve",
                         {"version": person.version(), "result": "医生已上门为老人量了血压"})  # fmt: skip
    assert answer.status_code == 303 and _status(console, listed.id) == "RESOLVED"
    # A team may not take a role's other actions, even by posting the form itself.
    submitted = next(r for r in _queue(console) if r.status == "SUBMITTED")
    refused = person.post(f"/demands/{submitted.id}/accept", {})
    assert refused.status_code == 403


def test_a_form_without_its_csrf_token_is_refused(console: CountyServer) -> None:
    person = Browser(console)
    person.get("/login")
    assert person.post("/login", {"username": "县中心", "password": PASSWORD}, csrf=False).status_code == 403
    person.login("县中心")
    demand = next(r for r in _queue(console) if r.status == "SUBMITTED")
    person.get(f"/demands/{demand.id}")
    version = person.version()
    for data in ({"version": version}, {"version": version, "csrf": "不是这个"}):
        answer = person.http.post(f"{person.url}/demands/{demand.id}/accept", data=data,
                                  allow_redirects=False, timeout=30)  # fmt: skip
        assert answer.status_code == 403 and "安全校验码" in html.unescape(answer.text)
    assert person.http.post(f"{person.url}/demands/bulk", data={"ids": demand.id, "action": "accept"},
                            allow_redirects=False, timeout=30).status_code == 403  # fmt: skip
    assert person.http.post(f"{person.url}/logout", allow_redirects=False, timeout=30).status_code == 403
    assert _status(console, demand.id) == "SUBMITTED"


def test_wrong_passwords_are_throttled(console: CountyServer) -> None:
    person = Browser(console)
    for _ in range(accounts.MAX_FAILURES):
        answer = person.login("县中心", "猜错的密码猜错的密码")
        assert answer.status_code == 401 and "用户名或密码不对" in person.text()
    answer = person.login("县中心")
    assert answer.status_code == 429 and "登录失败次数过多，请 15 分钟后再试" in person.text()
    # Another account at the same office is not locked out by it.
    assert Browser(console).login("合隆镇").status_code == 303
    with console.db.reading() as session:
        assert session.scalar(select(AuditLog).where(AuditLog.action == "login")) is not None


def test_a_stale_form_is_refused_with_what_changed(console: CountyServer) -> None:
    first, second = Browser(console), Browser(console)
    first.login("县中心")
    second.login("县中心")
    demand = next(r for r in _queue(console) if r.status == "SUBMITTED")
    first.get(f"/demands/{demand.id}")
    drawn = first.version()
    second.get(f"/demands/{demand.id}")
    team = _team(console, "便民服务分队")
    assert second.post(f"/demands/{demand.id}/dispatch",
                       {"version": second.version(), "team": team}).status_code == 303  # fmt: skip
    answer = first.post(f"/demands/{demand.id}/reject", {"version": drawn, "reason": "重复上报"})
    assert answer.status_code == 409
    text = first.text()
    assert "退回：这条需求在您打开页面之后已有变化（办理队伍、派单时间、状态）" in text
    assert "现在是“已派单”" in text and "刚才的操作没有执行" in text
    assert _status(console, demand.id) == "DISPATCHED"
    # The page shown is the demand as it is now: the clerk can act on it at once.
    assert first.post(f"/demands/{demand.id}/list", {"version": first.version()}).status_code == 303
    assert _status(console, demand.id) == "LISTED"


def test_bulk_actions_report_each_demand(console: CountyServer) -> None:
    person = Browser(console)
    person.login("县中心")
    waiting = [r for r in _queue(console) if r.status == "SUBMITTED"][:3]
    rejected = next(r for r in _queue(console) if r.status == "REJECTED")
    person.get("/demands")
    answer = person.post("/demands/bulk", {"action": "accept", "ids": [r.id for r in waiting] + [rejected.id]})
    assert answer.status_code == 409
    text = person.text()
    assert "受理：已办理 3 条；1 条未办理" in text and rejected.number in text
    assert [_status(console, r.id) for r in waiting] == ["TRIAGED"] * 3
    person.post("/demands/bulk", {"action": "dispatch", "team": "不存在的队伍",
                                  "ids": [waiting[0].id]})  # fmt: skip
    assert "没有“不存在的队伍”这支服务队伍" in person.text()
    assert person.post("/demands/bulk", {"action": "accept"}).status_code == 400
    assert "请先勾选要办理的需求" in person.text()
    with console.db.reading() as session:
        entry = session.scalars(
            select(AuditLog).where(AuditLog.target == waiting[0].id, AuditLog.action == "TRIAGED")
        ).one()
    assert (entry.actor, entry.before, entry.after) == ("县中心", {"status": "SUBMITTED"}, {"status": "TRIAGED"})
    person.get("/audit")
    assert "状态：已上报 → 已受理" in person.text()


def test_enrolment_slips_and_devices(console: CountyServer) -> None:
    person = Browser(console)
    person.login("县中心")
    person.get("/devices")
    assert "陈家店村一号机" in person.text()
    answer = person.post("/devices/enrol-code", {"village_code": "2201", "village_name": ""})
    assert answer.status_code == 400
    assert "请填写村的 12 位统计用区划代码" in person.text() and "请填写村（站）名称" in person.text()
    person.get("/devices")
    person.post("/devices/enrol-code", {"village_code": "220122103299", "village_name": "新立村"})
    code = re.search(r'id="enrol-code">([A-Z0-9-]+)<', person.page).group(1)  # type: ignore[union-attr]
    assert "新立村" in person.text() and "打印注册单" in person.text()
    with console.db.writing() as session:
        enrolled = accounts.enrol(session, code, "新立村电脑")
    person.get("/devices")
    assert "新立村电脑" in person.text()
    person.post(f"/devices/{enrolled.device_id}/revoke", {})
    assert "已注销该设备" in person.text()
    with console.db.reading() as session:
        assert accounts.authenticate_device(session, enrolled.token) is None


def test_logging_out_ends_the_session(console: CountyServer) -> None:
    person = Browser(console)
    person.login("县中心")
    cookie = dict(person.http.cookies)
    person.get("/demands")
    assert person.post("/logout", {}).status_code == 303
    stale = requests.Session()
    stale.cookies.update(cookie)
    answer = stale.get(console.url + "/demands", allow_redirects=False, timeout=30)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    # A cookie nobody issued leads to the login page too.
    forged = requests.get(console.url + "/demands", cookies={"lw_console": uuid.uuid4().hex},
                          allow_redirects=False, timeout=30)  # fmt: skip
    assert forged.status_code == 303


def test_reference_data_is_edited_in_checked_forms(console: CountyServer) -> None:
    person = Browser(console)
    person.login("县中心")
    person.get("/resources")
    assert "活动类型" in person.text() and "现行：" in person.text()
    # A new team: a field left empty is named beside it; then saved under the 总队.
    person.get("/resources/teams")
    answer = person.post("/resources/teams", {"name": "", "level": "TOWNSHIP", "active": "1"})
    assert answer.status_code == 400 and "请填写队伍名称" in person.text()
    parent = _team(console, "农安县新时代文明实践志愿服务总队")
    answer = person.post("/resources/teams", {"name": "应急救援分队", "level": "TOWNSHIP",
                                              "parent_id": parent, "active": "1"})  # fmt: skip
    assert answer.status_code == 303
    with console.db.reading() as session:
        made = next(t for t in actions.teams(session) if t.name == "应急救援分队")
    assert (made.parent_id, made.level, made.village_id) == (parent, "TOWNSHIP", None)
    # Retiring a built-in activity type publishes it under the id every station knows.
    person.get("/resources/activity-types")
    builtin = re.search(r'href="/resources/activity-types\?id=([0-9a-f-]{36})"', person.page).group(1)  # type: ignore[union-attr]
    person.get(f"/resources/activity-types?id={builtin}")
    code = re.search(r'name="code" value="([A-Z_]+)"', person.page).group(1)  # type: ignore[union-attr]
    answer = person.post("/resources/activity-types", {
        "id": builtin, "version": "", "code": code, "name": "理论宣讲（已停用）",
        "five_task_code": "STUDY_THEORY", "sort_order": "0",
    })  # fmt: skip
    assert answer.status_code == 303
    with console.db.reading() as session:
        stored = session.get_one(Record, builtin)
    assert (stored.entity, stored.village_id, stored.data["active"]) == ("activity_type", None, False)
    # Thresholds must rise; a stale form is refused.
    person.get("/resources/star-schemes")
    answer = person.post("/resources/star-schemes", {"code": "COUNTY_2027", "name": "县标准",
                                                     "thresholds": "300,100", "active": "1"})  # fmt: skip
    assert answer.status_code == 400 and "应从小到大、不重复" in person.text()
    person.get(f"/resources/teams?id={made.id}")
    seen = re.search(r'name="version" value="(\d+)"', person.page).group(1)  # type: ignore[union-attr]
    person.post("/resources/teams", {"id": made.id, "version": seen, "name": "应急分队", "level": "TOWNSHIP", "active": "1"})
    stale = person.post("/resources/teams", {"id": made.id, "version": seen, "name": "应急救援大队",
                                             "level": "TOWNSHIP", "active": "1"})  # fmt: skip
    assert stale.status_code == 409 and "已被他人修改" in person.text()
    # A township admin may not edit reference data.
    township = Browser(console)
    township.login("合隆镇")
    assert township.get("/resources/teams").status_code == 403


def test_a_new_catalog_retires_the_others(console: CountyServer, tmp_path: Any) -> None:
    person = Browser(console)
    person.login("县中心")
    person.get("/resources/catalog")
    assert "2026.1" in person.text() and "现行" in person.text()
    catalog = {"catalog_version": "2027.1", "label": "2027年版需求目录",
               "categories": [{"code": "HEALTH", "name": "卫生健康", "default_due_days": 5,
                               "topics": [["checkup", "健康体检"]]}]}  # fmt: skip
    csrf = person.csrf()
    answer = person.http.post(
        f"{console.url}/resources/catalog", data={"csrf": csrf},
        files={"file": ("目录.json", json.dumps(catalog, ensure_ascii=False).encode(), "application/json")},
        allow_redirects=False, timeout=30,
    )  # fmt: skip
    assert answer.status_code == 200, answer.text[:300]
    with console.db.reading() as session:
        versions = {r.data["catalog_version"]: r.data["active"]
                    for r in session.scalars(select(Record).where(Record.entity == "catalog_version"))}  # fmt: skip
    assert versions == {"2026.1": False, "2027.1": True}
    bad = person.http.post(
        f"{console.url}/resources/catalog", data={"csrf": csrf},
        files={"file": ("目录.json", b"{not json", "application/json")}, allow_redirects=False, timeout=30,
    )  # fmt: skip
    assert bad.status_code == 400 and "不是 UTF-8 的 JSON" in html.unescape(bad.text)


def test_a_demands_photos_are_shown_to_who_may_see_it(console: CountyServer) -> None:
    demand = next(r for r in _queue(console, status="SUBMITTED")
                  if _village_code(console, r).startswith("220122102"))  # fmt: skip
    picture = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (64, 48), (200, 40, 40)).save(picture, "JPEG")
    data = picture.getvalue()
    sha = hashlib.sha256(data).hexdigest()
    with console.db.writing() as session:
        blobs.store_complete(session, console.data_dir / "blobs", demand.village_id, sha, data)
        session.add(Record(id=str(uuid.uuid4()), entity="attachment", village_id=demand.village_id, version=1,
                           data={"owner_entity": "demand", "owner_id": demand.id, "sha256": sha,
                                 "size": len(data), "mime": "image/jpeg", "file_name": "路灯.jpg",
                                 "note": "坏了的路灯"},
                           field_versions={"": 1}, field_writers={"": "测试"}))  # fmt: skip
    person = Browser(console)
    person.login("合隆镇")
    person.get(f"/demands/{demand.id}")
    assert f'src="/demands/{demand.id}/photos/{sha}"' in person.page and 'alt="坏了的路灯"' in person.page
    answer = person.http.get(f"{console.url}/demands/{demand.id}/photos/{sha}", timeout=30)
    assert answer.status_code == 200 and answer.content == data
    assert answer.headers["content-type"] == "image/jpeg"
    assert person.get(f"/demands/{demand.id}/photos/{'0' * 64}").status_code == 404
    # A team sees no demand still waiting for the county, nor its photos.
    team = Browser(console)
    team.login("医疗队")
    assert team.get(f"/demands/{demand.id}/photos/{sha}").status_code == 404


def test_what_the_review_found_stays_fixed(console: CountyServer) -> None:
    """A ticked row whose status moved on is not acted on; a result no village could keep is
    refused at the field; odd query values give pages, not errors; the admin API is throttled
    like the login; a team account is only for a county team."""
    person = Browser(console)
    person.login("县中心")
    dispatched = next(r for r in _queue(console) if r.status == "DISPATCHED")
    person.get("/demands")
    # (On the page it was still 已上报; since then it was dispatched.)
    answer = person.post("/demands/bulk", {"action": "list", "ids": [f"{dispatched.id}:SUBMITTED"]})
    assert answer.status_code == 409 and "列表打开之后已变为“已派单”，没有办理" in person.text()
    assert _status(console, dispatched.id) == "DISPATCHED"
    started = next(r for r in _queue(console) if r.status == "IN_PROGRESS")
    person.get(f"/demands/{started.id}")
    answer = person.post(f"/demands/{started.id}/resolve", {"version": person.version(), "result": "修好了\x00"})
    assert answer.status_code == 400 and "办理结果含有空字符" in person.text()
    answer = person.post(f"/demands/{started.id}/resolve", {"version": person.version(), "result": "好" * 10_001})
    assert answer.status_code == 400 and "办理结果太长" in person.text()
    for path in ("/demands?page=²", "/demands?from=0001-01-01&to=9999-12-31", "/assessment?silent=²"):
        assert person.get(path).status_code == 200, path
    for _ in range(accounts.MAX_FAILURES):
        wrong = requests.get(console.url + "/api/v1/admin/demands", timeout=30,
                             headers={"Authorization": basic_auth("县中心", "不对的密码不对的密码")})  # fmt: skip
        assert wrong.status_code == 401
    locked = requests.get(console.url + "/api/v1/admin/demands", timeout=30,
                          headers={"Authorization": basic_auth("县中心", PASSWORD)})  # fmt: skip
    assert locked.status_code == 429
    squad_id = str(uuid.uuid4())
    with console.db.writing() as session:
        village = session.scalars(select(Village)).first()
        assert village is not None
        session.add(Record(id=squad_id, entity="team", village_id=village.id, version=1,
                           data={"name": "村小队", "level": "VILLAGE", "active": True},
                           field_versions={"": 1}, field_writers={"": "测试"}))  # fmt: skip
    with pytest.raises(accounts.AccountError, match="只能开给县中心的队伍"), console.db.writing() as session:
        accounts.set_admin(session, "小队", PASSWORD, role="TEAM", team_id=squad_id)


def test_a_teams_members_are_the_villages_volunteers_of_it(console: CountyServer) -> None:
    team = _team(console, "医疗卫生分队")
    with console.db.writing() as session:
        village = session.scalars(select(Village).order_by(Village.code)).first()
        assert village is not None
        session.add(Record(id=str(uuid.uuid4()), entity="volunteer", village_id=village.id, version=1,
                           data={"station_id": str(uuid.uuid4()), "team_id": team, "name": "柴秀英",
                                 "phone": "13812345678", "volunteer_no": "ZYZ-0007", "skills": "护理",
                                 "active": True},
                           field_versions={"": 1}, field_writers={"": "测试"}))  # fmt: skip
    with console.db.reading() as session:
        members = actions.team_members(session)[team]
    assert "柴秀英" in {m.name for m in members} and len(members) > 1  # (the demo's volunteers too)
    person = Browser(console)
    person.login("县中心")
    person.get("/teams")
    assert f'href="/teams?team={team}#members">{len(members)} 人<' in person.page
    person.get(f"/teams?team={team}")
    text = person.text()
    assert "医疗卫生分队的成员" in text and "柴秀英" in text and "ZYZ-0007" in text and village.name in text
    assert "13812345678" not in person.page  # the county does not show a volunteer's phone


def test_an_older_password_hash_is_replaced_at_login(console: CountyServer) -> None:
    """An account made before Argon2 (PBKDF2) still logs in, and its hash becomes Argon2."""
    with console.db.writing() as session:
        session.get_one(Admin, "县中心").password_hash = accounts.legacy_hash(PASSWORD)
    assert Browser(console).login("县中心").status_code == 303
    with console.db.reading() as session:
        assert session.get_one(Admin, "县中心").password_hash.startswith("$argon2id$")
    assert Browser(console).login("县中心").status_code == 303
