"""Enrolment, push, pull and the device's conflicts (docs/sync-protocol.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy import update

import liaison_wire as wire
from county import accounts, sync_service
from county.db import CountyDatabase
from county.http import (
    PUSH_OPENAPI,
    SYNC_ERRORS,
    ApiError,
    DeviceDep,
    EnrolAnswer,
    EnrolRequest,
    Health,
    PullPage,
    PushAnswer,
    conflict_rows,
    encode_answer,
    error_responses,
    parse_push,
    server_time,
)
from county.models import Device, utcnow
from county.sync_service import DeviceContext


def router(db: CountyDatabase) -> APIRouter:
    router = APIRouter()

    @router.get("/api/v1/health", response_model=None, responses={200: {"model": Health}})
    def health() -> dict[str, Any]:
        return {"status": "ok", "protocol": [wire.MIN_PROTOCOL, wire.MAX_PROTOCOL], **server_time()}

    @router.post(
        "/api/v1/enrol",
        response_model=None,
        responses={200: {"model": EnrolAnswer}, **error_responses(400, 413, 415, 426, 500, 503)},
    )
    def enrol(body: EnrolRequest) -> dict[str, Any]:
        try:
            with db.writing() as session:
                result = accounts.enrol(session, body.code, body.device_name)
        except accounts.AccountError as error:
            raise ApiError(400, "enrol_refused", error.message) from error
        return {
            "device_id": result.device_id,
            "token": result.token,
            "village": {"code": result.village_code, "name": result.village_name},
            **server_time(),
        }

    @router.post(
        "/api/v1/sync/push",
        openapi_extra=PUSH_OPENAPI,
        responses={200: {"model": PushAnswer}, **error_responses(*SYNC_ERRORS, 415)},
    )
    async def push_request(
        request: Request,
        device: DeviceDep,
        app_version: Annotated[str, Header(alias=wire.HEADER_APP_VERSION, max_length=100)] = "",
    ) -> Response:
        body = await request.body()
        return await run_in_threadpool(push, body, device, app_version, request)

    def push(body: bytes, device: DeviceContext, app_version: str, request: Request) -> Response:
        ops = parse_push(body)
        seen: dict[str, Any] = {"last_seen_at": utcnow()}
        if app_version:
            seen["app_version"] = app_version[:40]
        with db.writing() as session:
            results = sync_service.push(session, device, ops)
            session.execute(update(Device).where(Device.id == device.device_id).values(**seen))
        answer = encode_answer({"results": results, **server_time()}, request)
        answer.headers[wire.HEADER_MAX_PUSH_OPS] = str(wire.MAX_PUSH_OPS)
        return answer

    @router.get(
        "/api/v1/sync/pull",
        responses={200: {"model": PullPage}, **error_responses(*SYNC_ERRORS)},
    )
    def pull(
        request: Request,
        device: DeviceDep,
        cursor: Annotated[int, Query(ge=0, le=wire.INT_MAX)] = 0,
        limit: Annotated[int, Query(ge=1, le=wire.MAX_PULL_LIMIT)] = 500,
    ) -> Response:
        with db.reading() as session:
            page = sync_service.pull(session, device.village_id, cursor, limit)
        return encode_answer({**page, **server_time()}, request)

    @router.get("/api/v1/sync/conflicts", responses=error_responses(*SYNC_ERRORS))
    def device_conflicts(device: DeviceDep) -> dict[str, Any]:
        with db.reading() as session:
            return {"conflicts": conflict_rows(session, device.village_id), **server_time()}

    return router
