"""县中心工作台: the county centre's web console, served by the county server at ``/``.

Server-rendered pages (Jinja2, templates/), plain HTML forms, the static files shipped in the
package (static/: county intranets have no internet, so no CDN). Every page needs a signed-in
account (county/accounts.py: 县中心管理员, 乡镇管理员, 服务队伍) and shows only what its role
may see; every form carries the session's CSRF token and is refused (403) without it; every
demand form carries the version it was drawn from, and a demand that moved on since is not
acted on (the page says what changed). The actions are county/actions.py's, as the admin
API's and the command line's.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from sqlalchemy.orm import Session

import liaison_wire as wire
from county import accounts, actions, assessment, blobs, queue
from county.accounts import Account
from county.console import resources
from county.db import CountyDatabase
from county.models import AuditLog, Device, Record, Village, utcnow
from liaison_wire import beijing
from liaison_wire.demand_states import CHANNEL_LABELS, STATUS_LABELS, DemandStatus
from liaison_wire.errors import ValidationError
from liaison_wire.statistics import (
    FIRST_DAY,
    LAST_DAY,
    ReportPeriod,
    format_value,
    parse_period,
    shift_year,
)

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
COOKIE = "lw_console"
LOGIN_COOKIE = "lw_login"
PAGE_SIZE = 50
_S = DemandStatus


@dataclass(frozen=True)
class Viewer:
    """The signed-in account of a request, with its session's CSRF token."""

    account: Account
    csrf: str
    team_name: str


def _address(request: Request) -> str:
    return request.client.host if request.client else ""


def _secure(request: Request) -> bool:
    """Behind TLS (directly, or a proxy that says so): the cookies are sent only over it."""
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


def _local(moment: str | None) -> str:
    if not moment:
        return ""
    return f"{wire.parse_utc(moment).astimezone(beijing.CHINA_TZ):%Y-%m-%d %H:%M}"


TEMPLATES.env.filters["local"] = _local


def _figure(value: float | int | None, unit: str) -> str:
    """A figure as the village's report shows it (docs/statistics.md): 85.3%, 2.4, 120, —."""
    return format_value(value, unit)


TEMPLATES.env.globals["figure"] = _figure
TEMPLATES.env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
TEMPLATES.env.globals["status_labels"] = {s.value: label for s, label in STATUS_LABELS.items()}
# A timeline step is named after the status it entered, or one of the village's own steps.
TEMPLATES.env.globals["event_labels"] = {
    **{s.value: label for s, label in STATUS_LABELS.items()},
    "REGISTERED": "登记", "URGED": "催办", "NOTE": "补充说明", "EVALUATED": "评价",
    "WITHDRAWN": "撤回",
}  # fmt: skip


# What each role may do, by action; the status machine (county/actions.py) has the last word.
COUNTY_ACTIONS = ("accept", "reject", "dispatch", "list", "start", "resolve", "close")
TEAM_ACTIONS = ("claim", "start", "resolve")
ACTION_LABELS = {
    "accept": "受理",
    "reject": "退回",
    "dispatch": "派单",
    "list": "放入认领清单",
    "claim": "接单",
    "start": "开始办理",
    "resolve": "办结",
    "close": "关闭",
}
# The statuses each action is offered from (the forms a clerk sees on a demand).
OFFERED = {
    "accept": {_S.SUBMITTED},
    "reject": {_S.SUBMITTED, _S.TRIAGED},
    "dispatch": {_S.SUBMITTED, _S.TRIAGED, _S.LISTED, _S.DISPATCHED},
    "list": {_S.SUBMITTED, _S.TRIAGED, _S.DISPATCHED, _S.CLAIMED},
    "claim": {_S.LISTED, _S.DISPATCHED},
    "start": {_S.DISPATCHED, _S.CLAIMED},
    "resolve": {_S.DISPATCHED, _S.CLAIMED, _S.IN_PROGRESS},
    "close": {_S.FEEDBACK_GIVEN},
}


def offered_actions(viewer: Viewer, data: dict[str, Any]) -> list[str]:
    status = DemandStatus(data.get("status", "SUBMITTED"))
    account = viewer.account
    if account.role == "TEAM":
        ours = data.get("assigned_team_id") == account.team_id
        return [
            name for name in TEAM_ACTIONS
            if status in OFFERED[name] and (ours or (name == "claim" and status is _S.LISTED))
        ]  # fmt: skip
    return [name for name in COUNTY_ACTIONS if status in OFFERED[name]]


def may_see(session: Session, account: Account, record: Record) -> bool:
    """Whether ``account`` may see (and so act on) the demand ``record``."""
    if account.role == "COUNTY":
        return True
    if account.role == "TOWNSHIP":
        village = session.get(Village, record.village_id)
        return village is not None and village.code.startswith(account.township_code)
    return record.data.get("assigned_team_id") == account.team_id or (
        record.data.get("status") == _S.LISTED.value
    )


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def router(db: CountyDatabase, blob_root: Path) -> APIRouter:
    api = APIRouter(include_in_schema=False)

    def viewer_of(request: Request) -> Viewer | None:
        token = request.cookies.get(COOKIE)
        if not token:
            return None
        with db.writing() as session:
            found = accounts.session_account(session, token)
            if found is None:
                return None
            account, csrf = found
            team = session.get(Record, account.team_id) if account.team_id else None
            return Viewer(account, csrf, str(team.data.get("name", "")) if team else "")

    def page(request: Request, name: str, viewer: Viewer | None, status: int = 200,
             **context: Any) -> HTMLResponse:  # fmt: skip
        response = TEMPLATES.TemplateResponse(
            request, name, {"viewer": viewer, "nav": name, **context}, status_code=status
        )
        response.headers["Cache-Control"] = "no-store"
        return response

    def refused(request: Request, viewer: Viewer | None, status: int, message: str) -> HTMLResponse:
        return page(request, "error.html", viewer, status, message=message)

    def to_login(request: Request) -> RedirectResponse:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET":
            # After signing in the browser asks with GET: the page the form was on, not the
            # form's own address (which only takes POST).
            parts = request.url.path.split("/")
            target = "/".join(parts[:3]) if len(parts) > 3 and parts[1] == "demands" else f"/{parts[1]}"
        return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)

    def checked_form(viewer: Viewer, form: dict[str, str]) -> None:
        if not _same(form.get("csrf", ""), viewer.csrf):
            raise _Refused(403, "表单已失效（缺少或不符的安全校验码），请刷新页面后重试")

    # ---- signing in ---------------------------------------------------------------------

    @api.get("/login")
    def login_page(request: Request, next: str = "/") -> Response:
        token = secrets.token_urlsafe(24)
        response = page(request, "login.html", None, csrf=token, next=_safe_next(next))
        response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict",
                            secure=_secure(request), max_age=3600)  # fmt: skip
        return response

    @api.post("/login")
    async def login(request: Request) -> Response:
        form = await _form(request)
        return await run_in_threadpool(_login, request, form)

    def _login(request: Request, form: dict[str, str]) -> Response:
        expected = request.cookies.get(LOGIN_COOKIE, "")
        if not expected or not _same(form.get("csrf", ""), expected):
            return refused(request, None, 403, "登录表单已失效，请刷新登录页后重试")
        username, password = form.get("username", "").strip(), form.get("password", "")
        target = _safe_next(form.get("next", "/"))
        address = _address(request)
        try:
            with db.reading() as session:
                account, new_hash = accounts.check_login(session, username, password, address)
            with db.writing() as session:
                token = accounts.logged_in(session, account, new_hash, address)
                session.add(AuditLog(actor=account.username, action="login", detail=address))
        except accounts.AccountError as error:
            if not error.locked:
                with db.writing() as session:
                    accounts.record_failure(session, username, address, utcnow())
            return page(request, "login.html", None, 401 if not error.locked else 429,
                        csrf=expected, next=target, username=username, error=error.message)  # fmt: skip
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(COOKIE, token, httponly=True, samesite="lax", secure=_secure(request),
                            max_age=int(accounts.SESSION_LONGEST.total_seconds()))  # fmt: skip
        response.delete_cookie(LOGIN_COOKIE)
        return response

    @api.post("/logout")
    async def logout(request: Request) -> Response:
        form = await _form(request)
        return await run_in_threadpool(_logout, request, form)

    def _logout(request: Request, form: dict[str, str]) -> Response:
        viewer = viewer_of(request)
        if viewer is None:
            return to_login(request)
        try:
            checked_form(viewer, form)
        except _Refused as error:
            return refused(request, viewer, error.status, error.message)
        with db.writing() as session:
            accounts.end_session(session, request.cookies.get(COOKIE, ""))
            session.add(AuditLog(actor=viewer.account.username, action="logout"))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE)
        return response

    # ---- the demand queue ---------------------------------------------------------------

    @api.get("/")
    def home(request: Request) -> Response:
        return RedirectResponse("/demands" if viewer_of(request) else "/login", status_code=303)

    @api.get("/demands")
    def demands(request: Request) -> Response:
        viewer = viewer_of(request)
        if viewer is None:
            return to_login(request)
        return demand_list(request, viewer)

    def demand_list(request: Request, viewer: Viewer, notice: str = "", error: str = "",
                    status: int = 200) -> HTMLResponse:  # fmt: skip
        params = request.query_params
        number = max(1, _int(params.get("page"), 1))
        account = viewer.account
        filters = queue.QueueFilter(
            statuses=tuple(params.getlist("status")),
            village=params.get("village", "").strip(),
            township=params.get("township", "").strip(),
            category=params.get("category", "").strip(),
            channel=params.get("channel", "").strip(),
            overdue=params.get("overdue") == "1",
            urged=params.get("urged") == "1",
            registered_from=_date(params.get("from")),
            registered_to=_date(params.get("to")),
            search=params.get("q", "").strip(),
            sort=params.get("sort", "registered") if params.get("sort") in queue.SORTS else "registered",
            descending=params.get("order") != "asc",
            scope_township=account.township_code if account.role == "TOWNSHIP" else "",
            scope_team_id=(account.team_id or "") if account.role == "TEAM" else "",
        )
        with db.reading() as session:
            try:
                found = queue.list_queue(
                    session, filters, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE
                )
            except queue.QueueError as refusal:
                found, error, status = queue.QueuePage(0, 0, PAGE_SIZE), refusal.message, 400
            choices = _choices(session, account)
        pages = max(1, -(-found.total // PAGE_SIZE))
        kept = [(k, v) for k, v in params.multi_items() if k != "page"]
        return page(
            request, "demands.html", viewer, status,
            page=found, number=number, pages=pages, params=params, filters=filters,
            choices=choices, query=lambda **extra: urlencode(
                [*[(k, v) for k, v in kept if k not in extra], *extra.items()]
            ),
            bulk=offered_bulk(viewer), notice=notice, error=error,
        )  # fmt: skip

    def offered_bulk(viewer: Viewer) -> list[str]:
        if viewer.account.role == "TEAM":
            return ["claim"]
        return ["accept", "list", "dispatch", "reject"]

    @api.post("/demands/bulk")
    async def bulk(request: Request) -> Response:
        raw = await request.form()
        form = {k: str(v) for k, v in raw.items()}
        ids = [str(v) for v in raw.getlist("ids")]
        return await run_in_threadpool(_bulk, request, form, ids)

    def _bulk(request: Request, form: dict[str, str], ids: list[str]) -> Response:
        viewer = viewer_of(request)
        if viewer is None:
            return to_login(request)
        try:
            checked_form(viewer, form)
        except _Refused as error:
            return refused(request, viewer, error.status, error.message)
        action = form.get("action", "")
        if action not in offered_bulk(viewer):
            return demand_list(request, viewer, error="请选择要办理的操作", status=400)
        if not ids:
            return demand_list(request, viewer, error="请先勾选要办理的需求", status=400)
        done, failed = 0, []
        for item in ids[:200]:
            # Each ticked row says the status it had on the page: a row that moved on since
            # (a team claimed it, another clerk dispatched it) is not acted on.
            demand_id, _, shown_status = item.partition(":")
            try:
                run_action(viewer, demand_id, action, form, seen=None, status=shown_status or None)
                done += 1
            except (actions.ActionError, _Refused) as error:
                failed.append(f"{_number(demand_id)}：{getattr(error, 'message', str(error))}")
        notice = f"{ACTION_LABELS[action]}：已办理 {done} 条"
        if failed:
            notice += f"；{len(failed)} 条未办理——" + "；".join(failed[:20])
        return demand_list(request, viewer, notice=notice, status=200 if not failed else 409)

    def _number(demand_id: str) -> str:
        with db.reading() as session:
            record = session.get(Record, demand_id)
            return str(record.data.get("number", demand_id)) if record else demand_id

    # ---- one demand ---------------------------------------------------------------------

    @api.get("/demands/{demand_id}")
    def demand_page(request: Request, demand_id: str) -> Response:
        viewer = viewer_of(request)
        if viewer is None:
            return to_login(request)
        return demand_view(request, viewer, demand_id)

    def demand_view(request: Request, viewer: Viewer, demand_id: str, *, errors: dict[str, str] | None = None,
                    notice: str = "", status: int = 200, form: dict[str, str] | None = None) -> HTMLResponse:  # fmt: skip
        with db.reading() as session:
            record = session.get(Record, demand_id) if wire.is_uuid(demand_id) else None
            if record is None or record.entity != "demand" or record.deleted_at is not None:
                return refused(request, viewer, 404, "没有这条需求（可能已被村里删除）")
            if not may_see(session, viewer.account, record):
                return refused(request, viewer, 403, "这条需求不在您的办理范围内")
            detail = actions.demand_detail(session, demand_id)
            village = session.get_one(Village, record.village_id)
            photos = _photos(session, record)
            teams = actions.teams(session, record.village_id)
            names = _category_names(session)
        offered = offered_actions(viewer, detail)
        return page(
            request, "demand.html", viewer, status,
            demand=detail, village=village, photos=photos, teams=teams, offered=offered,
            labels=ACTION_LABELS, errors=errors or {}, notice=notice, form=form or {},
            category=names.get((detail.get("catalog_version"), detail.get("category_code")),
                               detail.get("category_code", "")),
            channel=_channel_label(detail.get("channel", "")),
            overdue=_overdue(detail),
        )  # fmt: skip

    @api.post("/demands/{demand_id}/{action}")
    async def act(request: Request, demand_id: str, action: str) -> Response:
        if await run_in_threadpool(viewer_of, request) is None:
            return to_login(request)  # (before any upload is read)
        raw = await request.form(max_files=actions.MAX_PHOTOS + 1)
        form = {k: str(v) for k, v in raw.items() if k != "photos"}
        photos = []
        for upload in raw.getlist("photos"):
            if isinstance(upload, str):
                continue
            data = await upload.read(wire.MAX_BLOB_BYTES + 1)
            if data:
                photos.append(actions.Photo(upload.filename or "照片", data))
        return await run_in_threadpool(_act, request, demand_id, action, form, photos)

    def _act(request: Request, demand_id: str, action: str, form: dict[str, str],
             photos: list[actions.Photo] | None = None) -> Response:  # fmt: skip
        viewer = viewer_of(request)
        if viewer is None:
            return to_login(request)
        try:
            checked_form(viewer, form)
            if action not in ACTION_LABELS:
                raise _Refused(404, "没有这个操作")
            seen = _int(form.get("version"), -1)
            run_action(viewer, demand_id, action, form, seen=seen if seen >= 0 else None,
                       photos=photos or [])  # fmt: skip
        except _Refused as error:
            if error.status in (403, 404):
                return refused(request, viewer, error.status, error.message)
            return demand_view(request, viewer, demand_id, errors={action: error.message},
                               status=error.status, form=form)  # fmt: skip
        except actions.StaleForm as error:
            return demand_view(request, viewer, demand_id, errors={action: error.message},
                               status=409, form=form)  # fmt: skip
        except actions.ActionError as error:
            return demand_view(request, viewer, demand_id, errors={action: error.message},
                               status=400, form=form)  # fmt: skip
        return RedirectResponse(
            f"/demands/{demand_id}?" + urlencode({"done": action}), status_code=303
        )

    def run_action(viewer: Viewer, demand_id: str, action: str, form: dict[str, str],
                   seen: int | None, photos: list[actions.Photo] | None = None,
                   status: str | None = None) -> str:  # fmt: skip
        """Run ``action`` on the demand for ``viewer``, with the photos of 办理中 or 办结, in one
        transaction (a refused photo undoes the action); returns its number."""
        account = viewer.account
        who = account.username
        with db.writing() as session:
            record = (
                session.get(Record, demand_id, with_for_update=True, populate_existing=True)
                if wire.is_uuid(demand_id) else None
            )  # fmt: skip
            if record is None or record.entity != "demand" or record.deleted_at is not None:
                raise _Refused(404, "没有这条需求（可能已被村里删除）")
            if not may_see(session, account, record):
                raise _Refused(403, "这条需求不在您的办理范围内")
            now_status = str(record.data.get("status", ""))
            if status is not None and now_status != status:
                shown_now = _label_of(now_status)
                raise actions.StaleForm(f"列表打开之后已变为“{shown_now}”，没有办理")
            allowed = TEAM_ACTIONS if account.role == "TEAM" else COUNTY_ACTIONS
            if action not in allowed:
                raise _Refused(403, f"您的账号不能“{ACTION_LABELS.get(action, action)}”")
            if account.role == "TEAM" and action != "claim" and (
                record.data.get("assigned_team_id") != account.team_id
            ):
                raise _Refused(403, "这条需求不是派给本队的")
            note = form.get("note", "").strip()
            perform: dict[str, Callable[[], None]] = {
                "accept": lambda: actions.accept_demand(session, demand_id, actor=who, seen=seen, note=note),
                "reject": lambda: actions.reject_demand(session, demand_id, form.get("reason", ""), actor=who, seen=seen),
                "dispatch": lambda: actions.dispatch_demand(session, demand_id, form.get("team", ""), actor=who, seen=seen),
                "list": lambda: actions.list_demand(session, demand_id, actor=who, seen=seen, note=note),
                "claim": lambda: actions.claim_demand(
                    session, demand_id, account.team_id if account.role == "TEAM" else form.get("team") or None,
                    actor=who, seen=seen),
                "start": lambda: actions.start_demand(session, demand_id, note, actor=who, seen=seen),
                "resolve": lambda: actions.resolve_demand(session, demand_id, form.get("result", ""), actor=who, seen=seen),
                "close": lambda: actions.close_demand(session, demand_id, actor=who, seen=seen),
            }  # fmt: skip
            perform[action]()
            if photos and action in ("start", "resolve"):
                actions.attach_photos(session, blob_root, demand_id, photos,
                                      "办结照片" if action == "resolve" else "办理照片", actor=who)  # fmt: skip
            return str(record.data.get("number", ""))

    @api.get("/demands/{demand_id}/photos/{sha256}")
    def photo(request: Request, demand_id: str, sha256: str) -> Response:
        viewer = viewer_of(request)
        if viewer is None:
            return to_login(request)
        with db.reading() as session:
            record = session.get(Record, demand_id) if wire.is_uuid(demand_id) else None
            if (
                record is None or record.entity != "demand" or record.deleted_at is not None
                or not may_see(session, viewer.account, record)
            ):  # fmt: skip
                return refused(request, viewer, 404, "没有这张照片")
            shown = {p["sha256"]: p for p in _photos(session, record)}
            if sha256 not in shown:
                return refused(request, viewer, 404, "没有这张照片")
            path = blobs.complete_file(session, blob_root, record.village_id or 0, sha256)
        if path is None:
            return refused(request, viewer, 404, "照片还没有从村里传完")
        return FileResponse(path, media_type=shown[sha256]["mime"] or "image/jpeg")

    # ---- devices and enrolment codes (县中心) ---------------------------------------------

    def signed_in(request: Request, roles: tuple[str, ...], refusal: str) -> Viewer | Response:
        """The viewer, if signed in with one of ``roles``; else the login page or the refusal."""
        viewer = viewer_of(request)
        if viewer is None:
            return to_login(request)
        if viewer.account.role not in roles:
            return refused(request, viewer, 403, refusal)
        return viewer

    def county_only(request: Request) -> Viewer | Response:
        return signed_in(request, ("COUNTY",), "只有县中心管理员能管理设备")

    @api.get("/devices")
    def devices(request: Request) -> Response:
        viewer = county_only(request)
        if not isinstance(viewer, Viewer):
            return viewer
        return devices_view(request, viewer)

    def devices_view(request: Request, viewer: Viewer, errors: dict[str, str] | None = None,
                     form: dict[str, str] | None = None, status: int = 200, notice: str = "") -> HTMLResponse:  # fmt: skip
        with db.reading() as session:
            rows = session.execute(
                select(Device, Village).join(Village, Village.id == Device.village_id)
                .order_by(Village.code, Device.enrolled_at)
            ).all()  # fmt: skip
        return page(request, "devices.html", viewer, status, rows=rows, errors=errors or {},
                    form=form or {}, notice=notice, now=utcnow())  # fmt: skip

    @api.post("/devices/enrol-code")
    async def enrol_code(request: Request) -> Response:
        form = await _form(request)
        return await run_in_threadpool(_enrol_code, request, form)

    def _enrol_code(request: Request, form: dict[str, str]) -> Response:
        viewer = county_only(request)
        if not isinstance(viewer, Viewer):
            return viewer
        try:
            checked_form(viewer, form)
        except _Refused as error:
            return refused(request, viewer, error.status, error.message)
        code_text, name = form.get("village_code", "").strip(), form.get("village_name", "").strip()
        errors = {}
        if not (len(code_text) == 12 and code_text.isdigit()):
            errors["village_code"] = "请填写村的 12 位统计用区划代码"
        if not name:
            errors["village_name"] = "请填写村（站）名称"
        elif len(name) > 100 or "\x00" in name:
            errors["village_name"] = "村（站）名称至多 100 个字"
        if len(form.get("device_name", "")) > 100 or "\x00" in form.get("device_name", ""):
            errors["device_name"] = "电脑名称至多 100 个字"
        if errors:
            return devices_view(request, viewer, errors, form, 400)
        with db.writing() as session:
            code, expires = accounts.create_enrol_code(session, code_text, name, form.get("device_name", ""))
            session.add(AuditLog(actor=viewer.account.username, action="enrol_code",
                                 detail=f"{code_text} {name}"))  # fmt: skip
        return page(request, "enrol_slip.html", viewer, code=code, village=name,
                    village_code=code_text, expires=_local(wire.utc_iso(expires)))  # fmt: skip

    @api.post("/devices/{device_id}/revoke")
    async def revoke(request: Request, device_id: str) -> Response:
        form = await _form(request)
        return await run_in_threadpool(_revoke, request, device_id, form)

    def _revoke(request: Request, device_id: str, form: dict[str, str]) -> Response:
        viewer = county_only(request)
        if not isinstance(viewer, Viewer):
            return viewer
        try:
            checked_form(viewer, form)
            with db.writing() as session:
                device = accounts.revoke_device(session, device_id)
                session.add(AuditLog(actor=viewer.account.username, action="revoke",
                                     target=device.id, detail=device.name))  # fmt: skip
        except _Refused as error:
            return refused(request, viewer, error.status, error.message)
        except accounts.AccountError as error:
            return refused(request, viewer, 404, error.message)
        return devices_view(request, viewer, notice="已注销该设备：它不能再同步")

    # ---- 考核 ----------------------------------------------------------------------------

    def assessor(request: Request) -> Viewer | Response:
        return signed_in(request, ("COUNTY", "TOWNSHIP"), "考核由县中心和乡镇查看")

    def chosen_period(text: str | None) -> ReportPeriod:
        if text:
            try:
                return parse_period(text)
            except ValidationError:
                pass
        return ReportPeriod.containing("month", beijing.today()).previous()

    @api.get("/assessment")
    def assessment_page(request: Request) -> Response:
        viewer = assessor(request)
        if not isinstance(viewer, Viewer):
            return viewer
        params = request.query_params
        error = ""
        try:
            period = parse_period(params["period"]) if params.get("period") else chosen_period(None)
        except ValidationError as refusal:
            period, error = chosen_period(None), refusal.message
        level, section, measure = _ranking(params)
        days = min(365, max(1, _int(params.get("silent"), 7)))
        scope = viewer.account.township_code if viewer.account.role == "TOWNSHIP" else ""
        with db.reading() as session:
            ranked = assessment.assess(session, period, level=level, measure=measure, township_code=scope)
            silent = assessment.silent_stations(session, days, township_code=scope)
        return page(request, "assessment.html", viewer, 400 if error else 200, ranked=ranked,
                    section=section, sections=assessment.SECTIONS, columns=assessment.columns(section),
                    measure_name=assessment.MEASURES[measure][0], values=assessment.row_values, silent=silent, days=days, error=error, query=urlencode(
                        {"period": period.code, "level": level, "section": section, "measure": measure}))  # fmt: skip

    @api.get("/assessment.xlsx")
    def assessment_file(request: Request) -> Response:
        viewer = assessor(request)
        if not isinstance(viewer, Viewer):
            return viewer
        params = request.query_params
        period = chosen_period(params.get("period"))
        level, _section, measure = _ranking(params)
        scope = viewer.account.township_code if viewer.account.role == "TOWNSHIP" else ""
        with db.reading() as session:
            ranked = assessment.assess(session, period, level=level, measure=measure, township_code=scope)
        name = f"考核_{period.code}_{'乡镇' if level == 'township' else '村站'}.xlsx"
        return Response(
            assessment.workbook(ranked),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
        )

    @api.get("/assessment/stations/{code}")
    def station_page(request: Request, code: str) -> Response:
        viewer = assessor(request)
        if not isinstance(viewer, Viewer):
            return viewer
        scope = viewer.account.township_code if viewer.account.role == "TOWNSHIP" else ""
        if not (code.isdigit() and len(code) == 12) or not code.startswith(scope):
            return refused(request, viewer, 404, "没有这个村（站）或不在您的范围内")
        last = ReportPeriod.containing("month", beijing.today())
        months = ReportPeriod("custom", shift_year(last.start, -1) + dt.timedelta(days=31), last.end).months()
        with db.reading() as session:
            village = session.scalar(select(Village).where(Village.code == code))
            if village is None:
                return refused(request, viewer, 404, "没有这个村（站）")
            trend = assessment.station_trend(session, code, months)
        section = request.query_params.get("section", "")
        section = section if section in assessment.SECTIONS else "demands"
        return page(request, "station.html", viewer, village=village, trend=trend, section=section,
                    sections=assessment.SECTIONS, columns=assessment.columns(section),
                    values=assessment.row_values)  # fmt: skip

    # ---- 参考数据 (县中心) -------------------------------------------------------------------

    def editor(request: Request) -> Viewer | Response:
        return signed_in(request, ("COUNTY",), "参考数据由县中心管理员维护")

    @api.get("/resources")
    def resources_index(request: Request) -> Response:
        viewer = editor(request)
        if not isinstance(viewer, Viewer):
            return viewer
        with db.reading() as session:
            counts = {key: len(resources.rows(session, item)) for key, item in resources.RESOURCES.items()}
            versions = resources.catalog_versions(session)
        return page(request, "resources.html", viewer, items=resources.RESOURCES, counts=counts,
                    versions=versions)  # fmt: skip

    @api.get("/resources/catalog")
    def catalog_page(request: Request) -> Response:
        viewer = editor(request)
        if not isinstance(viewer, Viewer):
            return viewer
        return catalog_view(request, viewer)

    def catalog_view(request: Request, viewer: Viewer, error: str = "", notice: str = "",
                     status: int = 200) -> HTMLResponse:  # fmt: skip
        with db.reading() as session:
            versions = resources.catalog_versions(session)
        return page(request, "catalog.html", viewer, status, versions=versions, error=error, notice=notice)

    @api.post("/resources/catalog")
    async def catalog_upload(request: Request) -> Response:
        raw = await request.form()
        upload = raw.get("file")
        content = await upload.read() if upload is not None and not isinstance(upload, str) else b""
        form = {k: str(v) for k, v in raw.items() if k != "file"}
        return await run_in_threadpool(_catalog_upload, request, form, content)

    def _catalog_upload(request: Request, form: dict[str, str], content: bytes) -> Response:
        viewer = editor(request)
        if not isinstance(viewer, Viewer):
            return viewer
        try:
            checked_form(viewer, form)
        except _Refused as error:
            return refused(request, viewer, error.status, error.message)
        if not content:
            return catalog_view(request, viewer, error="请选择目录文件（JSON）", status=400)
        try:
            catalog = resources.read_catalog(content[: 5 * 1024 * 1024])
            with db.writing() as session:
                changed = actions.publish_catalog(session, catalog, actor=viewer.account.username)
        except actions.ActionError as error:
            return catalog_view(request, viewer, error=error.message, status=400)
        return catalog_view(
            request, viewer, notice=f"已发布需求目录 {catalog.get('catalog_version')}（{changed} 条记录有变化），其他版本已停用"
        )

    @api.get("/resources/{key}")
    def resource_page(request: Request, key: str) -> Response:
        viewer = editor(request)
        if not isinstance(viewer, Viewer):
            return viewer
        item = resources.RESOURCES.get(key)
        if item is None:
            return refused(request, viewer, 404, "没有这类参考数据")
        return resource_view(request, viewer, item, request.query_params.get("id", ""))

    def resource_view(request: Request, viewer: Viewer, item: resources.Resource, record_id: str,
                      errors: dict[str, str] | None = None, form: dict[str, Any] | None = None,
                      notice: str = "", status: int = 200) -> HTMLResponse:  # fmt: skip
        with db.reading() as session:
            found = resources.rows(session, item)
            editing = next((row for row in found if row.id == record_id), None)
            options = {f.name: resources.choices(session, item, f) for f in item.fields}
        values = form if form is not None else (dict(editing.data) if editing else {"active": True, "sort_order": 0})
        names = {f.name: dict(options[f.name]) for f in item.fields if options[f.name]}
        return page(request, "resource.html", viewer, status, item=item, rows=found, editing=editing,
                    values=values, options=options, names=names, errors=errors or {}, notice=notice)  # fmt: skip

    @api.post("/resources/{key}")
    async def resource_save(request: Request, key: str) -> Response:
        form = await _form(request)
        return await run_in_threadpool(_resource_save, request, key, form)

    def _resource_save(request: Request, key: str, form: dict[str, str]) -> Response:
        viewer = editor(request)
        if not isinstance(viewer, Viewer):
            return viewer
        item = resources.RESOURCES.get(key)
        if item is None:
            return refused(request, viewer, 404, "没有这类参考数据")
        try:
            checked_form(viewer, form)
        except _Refused as error:
            return refused(request, viewer, error.status, error.message)
        record_id = form.get("id", "")
        if record_id and not wire.is_uuid(record_id):
            return refused(request, viewer, 404, "没有这一项")
        values, errors = resources.parse(item, form)
        if errors:
            return resource_view(request, viewer, item, record_id, errors, values, status=400)
        seen = _int(form.get("version"), -1)
        try:
            with db.writing() as session:
                saved = resources.save(session, item, record_id or None, values,
                                       seen if seen >= 0 else None, viewer.account.username)  # fmt: skip
        except actions.ActionError as error:
            return resource_view(request, viewer, item, record_id, {"": error.message}, values,
                                 status=409 if isinstance(error, actions.StaleForm) else 400)  # fmt: skip
        return RedirectResponse(f"/resources/{key}?" + urlencode({"id": saved, "saved": "1"}), status_code=303)

    # ---- teams and the audit log ----------------------------------------------------------

    @api.get("/teams")
    def teams_page(request: Request) -> Response:
        viewer = viewer_of(request)
        if viewer is None:
            return to_login(request)
        with db.reading() as session:
            every = actions.teams(session)
            villages = {v.id: v.name for v in session.scalars(select(Village))}
            load = actions.team_workload(session)
            members = actions.team_members(session)
        return page(request, "teams.html", viewer, tree=_tree(every), villages=villages, load=load,
                    members=members, chosen=request.query_params.get("team", ""))  # fmt: skip

    @api.get("/audit")
    def audit(request: Request) -> Response:
        viewer = county_only(request)
        if not isinstance(viewer, Viewer):
            return viewer
        with db.reading() as session:
            entries = list(session.scalars(select(AuditLog).order_by(AuditLog.id.desc()).limit(200)))
        return page(request, "audit.html", viewer, entries=entries, changes=_changes,
                    action_label=_action_label)  # fmt: skip

    return api


def _tree(teams: list[actions.Team]) -> list[tuple[int, actions.Team]]:
    """The teams in tree order (总队 → 分队 → 小队) with their depth."""
    children: dict[str | None, list[actions.Team]] = {}
    ids = {team.id for team in teams}
    for team in teams:
        parent = team.parent_id if team.parent_id in ids else None
        children.setdefault(parent, []).append(team)
    out: list[tuple[int, actions.Team]] = []

    def walk(parent: str | None, depth: int) -> None:
        for team in children.get(parent, []):
            out.append((depth, team))
            if depth < 10:
                walk(team.id, depth + 1)

    walk(None, 0)
    return out


AUDIT_LABELS = {"login": "登录", "logout": "退出", "enrol_code": "生成注册码", "revoke": "注销设备"}


def _action_label(action: str) -> str:
    if action.startswith("publish:"):
        return f"发布 {action.removeprefix('publish:')}"
    if action in _S.__members__:
        return STATUS_LABELS[DemandStatus(action)]
    return AUDIT_LABELS.get(action, action)


def _changes(entry: AuditLog) -> list[tuple[str, str, str]]:
    """An audit entry's changed fields as (name, before, after), in words where there are any."""
    before, after = entry.before or {}, entry.after or {}

    def shown(name: str, value: Any) -> str:
        if value in (None, ""):
            return "（空）"
        if name == "status":
            return STATUS_LABELS.get(DemandStatus(value), str(value)) if value in _S.__members__ else str(value)
        if name.endswith("_at") and isinstance(value, str):
            return _local(value)
        return str(value)

    return [
        (actions.FIELD_LABELS.get(name, name), shown(name, before.get(name)), shown(name, after.get(name)))
        for name in sorted(set(before) | set(after))
        if not name.endswith("_id")
    ]


def _photos(session: Session, record: Record) -> list[dict[str, Any]]:
    return [
        {"sha256": data.get("sha256", ""), "mime": data.get("mime", ""), "name": data.get("file_name", ""),
         "note": data.get("note", "")}
        for (data,) in session.execute(
            select(Record.data).where(
                Record.entity == "attachment", Record.village_id == record.village_id,
                Record.deleted_at.is_(None), Record.data["owner_id"].as_string() == record.id,
            )
        )
        if blobs.is_name(str(data.get("sha256", "")))
    ]  # fmt: skip


def _category_names(session: Session) -> dict[tuple[Any, Any], str]:
    return {
        (data.get("catalog_version"), data.get("code")): str(data.get("name", ""))
        for (data,) in session.execute(
            select(Record.data).where(Record.entity == "demand_category", Record.deleted_at.is_(None))
        )
    }


def _choices(session: Session, account: Account) -> dict[str, Any]:
    villages = select(Village).order_by(Village.code)
    if account.role == "TOWNSHIP":
        villages = villages.where(Village.code.startswith(account.township_code))
    categories = sorted({name for name in _category_names(session).values() if name})
    return {
        "statuses": [(s.value, label) for s, label in STATUS_LABELS.items() if s is not _S.DRAFT],
        "villages": [(v.code, v.name) for v in session.scalars(villages)],
        "categories": categories,
        "channels": [(c.value, label) for c, label in CHANNEL_LABELS.items()],
        "sorts": [("registered", "登记时间"), ("due", "办理期限"), ("updated", "最近变动"),
                  ("urged", "催办次数"), ("number", "需求编号")],
    }  # fmt: skip


def _label_of(status: str) -> str:
    return STATUS_LABELS[DemandStatus(status)] if status in _S.__members__ else status


def _channel_label(value: str) -> str:
    return next((label for c, label in CHANNEL_LABELS.items() if c.value == value), value)


def _overdue(data: dict[str, Any]) -> bool:
    due = data.get("due_date")
    return bool(
        due and dt.date.fromisoformat(due) < beijing.today() and data.get("status") in queue.OPEN_VALUES
    )


# What a ranking is sorted by when its section is chosen afresh (the page's hint names them).
_FIRST_MEASURE = {"demands": "resolution_rate", "service": "hours"}


def _ranking(params: Mapping[str, str]) -> tuple[str, str, str]:
    """A ranking's level, section and measure as asked, or the defaults: a measure of another
    section than the one asked (the section was just changed) gives way to the section's."""
    level = params.get("level", "")
    measure = params.get("measure", "")
    measure = measure if measure in assessment.MEASURES else "resolution_rate"
    section = params.get("section", "")
    if section not in assessment.SECTIONS:
        section = assessment.section_of(measure)
    elif assessment.section_of(measure) != section:
        measure = _FIRST_MEASURE[section]
    return level if level in assessment.LEVELS else "station", section, measure


async def _form(request: Request) -> dict[str, str]:
    """A submitted form's fields as text (a form of the console has no files but the photos,
    which :func:`act` reads itself)."""
    return {key: str(value) for key, value in (await request.form()).items()}


def _same(given: str, expected: str) -> bool:
    """A form's token against the session's, in constant time (whatever characters it holds)."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _int(text: str | None, default: int) -> int:
    # isascii: "²".isdigit() is true, but int("²") fails.
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 10 else default


def _date(text: str | None) -> dt.date | None:
    """A date a filter may use (2000–2100); None for anything else."""
    try:
        day = dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None
    return day if day is not None and FIRST_DAY <= day <= LAST_DAY else None


def _safe_next(target: str) -> str:
    """Where to go after signing in: a path of this site only (never another site)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"
