"""The admin JSON API (HTTP Basic): demands and their handling, publishing reference data, enrolment codes, devices, conflicts. Kept for scripts and the command line."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from fastapi import Path as PathParam

import liaison_wire as wire
from county import accounts, actions, queue
from county.db import CountyDatabase
from county.http import (
    ACTION_ERRORS,
    ADMIN_ERRORS,
    AdminDep,
    ApiError,
    ClaimBody,
    DispatchBody,
    EnrolCodeBody,
    RecordId,
    RejectBody,
    ResolveBody,
    conflict_rows,
    device_rows,
    error_responses,
    server_time,
)
from county.models import Village


def router(db: CountyDatabase) -> APIRouter:
    router = APIRouter()

    # --- admin ---------------------------------------------------------------------------

    def _action(fn: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        try:
            with db.writing() as session:
                fn(session, *args, **kwargs)
        except actions.ActionError as error:
            raise ApiError(409, "action_refused", error.message) from error
        return {"ok": True, **server_time()}

    @router.get("/api/v1/admin/demands", responses=error_responses(*ADMIN_ERRORS))
    def admin_demands(
        admin: AdminDep,
        status: Annotated[str | None, Query(max_length=300, description="状态，逗号隔开")] = None,
        village: Annotated[str | None, Query(max_length=100)] = None,
        township: Annotated[str | None, Query(max_length=100)] = None,
        category: Annotated[str | None, Query(max_length=100)] = None,
        topic: Annotated[str | None, Query(max_length=100)] = None,
        channel: Annotated[str | None, Query(max_length=30)] = None,
        team_id: Annotated[str | None, Query(max_length=36)] = None,
        overdue: bool = False,
        urged: bool = False,
        registered_from: dt.date | None = None,
        registered_to: dt.date | None = None,
        search: Annotated[str, Query(max_length=100)] = "",
        sort: Annotated[str, Query(max_length=20)] = "registered",
        descending: bool = True,
        limit: Annotated[int, Query(ge=1, le=1000)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> dict[str, Any]:
        """One page of every village's demands, filtered in SQL before the page is cut; the
        total counts every page."""
        filters = queue.QueueFilter(
            statuses=tuple(s.strip() for s in (status or "").split(",") if s.strip()),
            village=village or "",
            township=township or "",
            category=category or "",
            topic=topic or "",
            channel=channel or "",
            team_id=team_id or "",
            overdue=overdue,
            urged=urged,
            registered_from=registered_from,
            registered_to=registered_to,
            search=search,
            sort=sort,
            descending=descending,
        )
        try:
            with db.reading() as session:
                page = queue.list_queue(session, filters, limit=limit, offset=offset)
        except queue.QueueError as error:
            raise ApiError(400, "bad_filter", error.message) from error
        return {
            "total": page.total,
            "offset": page.offset,
            "limit": page.limit,
            "demands": [row.__dict__ for row in page.rows],
            **server_time(),
        }

    @router.get("/api/v1/admin/teams", responses=error_responses(*ADMIN_ERRORS))
    def admin_teams(admin: AdminDep) -> dict[str, Any]:
        with db.reading() as session:
            return {"teams": [team.__dict__ for team in actions.teams(session)], **server_time()}

    @router.get("/api/v1/admin/demands/{demand_id}", responses=error_responses(*ADMIN_ERRORS, 404))
    def admin_demand(demand_id: RecordId, admin: AdminDep) -> dict[str, Any]:
        try:
            with db.reading() as session:
                return {"demand": actions.demand_detail(session, demand_id), **server_time()}
        except actions.ActionError as error:
            raise ApiError(404, "not_found", error.message) from error

    @router.post("/api/v1/admin/demands/{demand_id}/reject", responses=ACTION_ERRORS)
    def admin_reject(demand_id: RecordId, body: RejectBody, admin: AdminDep) -> dict[str, Any]:
        return _action(actions.reject_demand, demand_id, body.reason, actor=admin)

    @router.post("/api/v1/admin/demands/{demand_id}/dispatch", responses=ACTION_ERRORS)
    def admin_dispatch(demand_id: RecordId, body: DispatchBody, admin: AdminDep) -> dict[str, Any]:
        return _action(
            actions.dispatch_demand, demand_id, body.team_name, team_id=body.team_id, actor=admin
        )

    @router.post("/api/v1/admin/demands/{demand_id}/claim", responses=ACTION_ERRORS)
    def admin_claim(demand_id: RecordId, body: ClaimBody, admin: AdminDep) -> dict[str, Any]:
        return _action(actions.claim_demand, demand_id, body.team_name, actor=admin)

    @router.post("/api/v1/admin/demands/{demand_id}/resolve", responses=ACTION_ERRORS)
    def admin_resolve(demand_id: RecordId, body: ResolveBody, admin: AdminDep) -> dict[str, Any]:
        return _action(actions.resolve_demand, demand_id, body.result, actor=admin)

    @router.post("/api/v1/admin/demands/{demand_id}/close", responses=ACTION_ERRORS)
    def admin_close(demand_id: RecordId, admin: AdminDep) -> dict[str, Any]:
        return _action(actions.close_demand, demand_id, actor=admin)

    @router.post("/api/v1/admin/publish/{entity}", responses=error_responses(*ADMIN_ERRORS, 413))
    def admin_publish(
        entity: Annotated[str, PathParam(max_length=40)],
        rows: Annotated[list[Any], Body()],
        admin: AdminDep,
    ) -> dict[str, Any]:
        try:
            with db.writing() as session:
                changed = actions.publish(session, entity, rows, actor=admin)
        except actions.ActionError as error:
            raise ApiError(400, "publish_refused", error.message) from error
        return {"changed": changed, **server_time()}

    @router.post("/api/v1/admin/enrol-codes", responses=error_responses(*ADMIN_ERRORS))
    def admin_enrol_code(body: EnrolCodeBody, admin: AdminDep) -> dict[str, Any]:
        try:
            with db.writing() as session:
                code, expires = accounts.create_enrol_code(
                    session, body.village_code, body.village_name, body.device_name
                )
        except accounts.AccountError as error:
            raise ApiError(400, "bad_village", error.message) from error
        return {"code": code, "expires_at": wire.utc_iso(expires), **server_time()}

    @router.get("/api/v1/admin/devices", responses=error_responses(*ADMIN_ERRORS))
    def admin_devices(admin: AdminDep) -> dict[str, Any]:
        with db.reading() as session:
            return {"devices": device_rows(session), **server_time()}

    @router.post("/api/v1/admin/devices/{device_id}/revoke", responses=error_responses(*ADMIN_ERRORS, 404))
    def admin_revoke(device_id: RecordId, admin: AdminDep) -> dict[str, Any]:
        try:
            with db.writing() as session:
                accounts.revoke_device(session, device_id)
        except accounts.AccountError as error:
            raise ApiError(404, "not_found", error.message) from error
        return {"ok": True, **server_time()}

    @router.get("/api/v1/admin/conflicts", responses=error_responses(*ADMIN_ERRORS))
    def admin_conflicts(
        admin: AdminDep, village: Annotated[str, Query(max_length=20)]
    ) -> dict[str, Any]:
        with db.reading() as session:
            found = session.query(Village).filter(Village.code == village).one_or_none()
            return {"conflicts": conflict_rows(session, found.id) if found else [], **server_time()}

    return router
