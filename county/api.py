"""The county server's HTTP API (FastAPI): enrolment, sync, photo uploads and the admin API.

Protocol in docs/sync-protocol.md. Every answer carries the server's time; sync requests are
checked for the protocol version before anything is read or applied; the village is always
derived from the device token.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import threading
import time
import zlib
from pathlib import Path
from typing import Annotated, Any, Literal, NotRequired
from urllib.parse import unquote_to_bytes

import orjson
from fastapi import Body, Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt, TypeAdapter, ValidationError
from sqlalchemy import update
from starlette.exceptions import HTTPException
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from typing_extensions import TypedDict

import liaison_wire as wire
from county import accounts, actions, blobs, sync_service
from county.db import CountyDatabase
from county.models import Conflict, Device, FeedCounter, Village, utcnow
from county.sync_service import DeviceContext

log = logging.getLogger(__name__)

_SYNC_PREFIXES = ("/api/v1/sync", "/api/v1/enrol", "/api/v1/blobs")
_PUSH_PATH = "/api/v1/sync/push"
# Ids in paths and bodies are UUIDs as the protocol writes them; photos go by their SHA-256.
_UUID = f"^{wire.UUID_PATTERN}$"
_SHA256 = "^[0-9a-f]{64}$"
# The longest header value read as a number (a protocol version, a body length).
_NUMBER_HEADER_DIGITS = 12


def _error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": code, "message": message, "server_time": wire.utc_iso(utcnow())},
        status_code=status,
        headers=headers,
    )


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


class ProtocolMiddleware(BaseHTTPMiddleware):
    """Server time on every answer; version, size and load checks before a sync request runs."""

    def __init__(self, app: Any, max_in_flight: int, epoch: str) -> None:
        super().__init__(app)
        self.max_in_flight = max_in_flight
        self.epoch = epoch
        self.in_flight = 0
        self.lock = threading.Lock()

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        try:
            response = await self._checked(request, call_next)
        except Exception:
            # Whatever went wrong, the answer is JSON with its code and the server's time, as
            # every other answer (the client retries a 500 like a lost connection).
            log.exception("unexpected error answering %s %s", request.method, request.url.path)
            response = _error(500, "server_error", "县中心服务器出了意外错误，已记录，稍后自动重试")
        response.headers[wire.HEADER_SERVER_TIME] = wire.utc_iso(utcnow())
        if request.url.path.startswith(_SYNC_PREFIXES):
            response.headers[wire.HEADER_FEED_EPOCH] = self.epoch
            # Request bodies this server takes compressed (RFC 7694): the client then sends
            # its pushes with gzip.
            response.headers["Accept-Encoding"] = "gzip"
        return response

    async def _checked(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if _has_nul(request.url.path.encode(), request.url.query.encode()):
            return _error(400, "bad_request", "请求的网址里有空字符（NUL）")
        if not request.url.path.startswith(_SYNC_PREFIXES):
            if request.method in ("POST", "PUT", "PATCH") and _json_has_nul(await request.body()):
                return _error(400, "bad_request", "请求内容里有空字符（NUL）")
            return await call_next(request)
        raw = request.headers.get(wire.HEADER_PROTOCOL, "")
        # isascii: "¹".isdigit() is true, but int("¹") fails (a 500 instead of the 426); and
        # a number of thousands of digits is no protocol version either.
        if not (raw.isascii() and raw.isdigit() and len(raw) <= _NUMBER_HEADER_DIGITS) or not (
            wire.MIN_PROTOCOL <= int(raw) <= wire.MAX_PROTOCOL
        ):
            return _error(
                426,
                "unsupported_protocol",
                "联络员工作台的版本与县中心服务器不匹配，请安装最新版本后再同步。"
                "在此之前可以照常登记，数据都保存在本机。",
            )
        declared = request.headers.get("content-length", "")
        limit = (
            wire.MAX_BLOB_BYTES + 65536
            if request.url.path.startswith("/api/v1/blobs")
            else wire.MAX_BODY_BYTES
        )
        too_large = _error(
            413, "too_large", f"一次上传的数据太大（上限 {limit // (1024 * 1024)} MB）"
        )
        encoding = request.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("identity", "gzip"):
            return _error(415, "unsupported_encoding", "请求内容的压缩方式不受支持（只支持 gzip）")
        counted = declared.isascii() and declared.isdigit()
        if counted and (len(declared) > _NUMBER_HEADER_DIGITS or int(declared) > limit):
            return too_large
        # A slot before the body is read: in a storm the 503 costs the server next to nothing.
        with self.lock:
            if self.in_flight >= self.max_in_flight:
                return _error(503, "busy", "县中心服务器繁忙，稍后自动重试", {"Retry-After": "1"})
            self.in_flight += 1
        try:
            refused = await self._read_body(request, counted, encoding, limit, too_large)
            return refused or await call_next(request)
        finally:
            with self.lock:
                self.in_flight -= 1

    async def _read_body(
        self,
        request: Request,
        counted: bool,
        encoding: str,
        limit: int,
        too_large: Response,
    ) -> Response | None:
        """Read, unpack and check the body where the endpoint cannot; the refusal, if any."""
        if not counted and request.method in ("POST", "PUT", "PATCH"):
            # No Content-Length (a chunked upload): read at most ``limit`` bytes here, so an
            # endless body is cut off instead of being read into memory and parsed.
            size, chunks = 0, []
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    return too_large
                chunks.append(chunk)
            # Handed on to the endpoint as the body (what ``Request.body()`` itself caches).
            request._body = b"".join(chunks)
        if encoding == "gzip":
            # A push sent gzip-compressed: at most ``limit`` bytes once unpacked, however
            # small the upload (a few KB of gzip can unpack to gigabytes). Unpacked off the
            # event loop, which meanwhile answers other requests.
            try:
                request._body = await run_in_threadpool(gunzip, await request.body(), limit)
            except BodyTooLarge:
                return too_large
            except ValueError:
                return _error(400, "bad_gzip", "请求内容不是有效的 gzip 压缩数据")
        if (
            request.method in ("POST", "PUT", "PATCH")
            and request.url.path != _PUSH_PATH  # (a push refuses such a value per op)
            and not request.url.path.startswith("/api/v1/blobs")  # (photo bytes)
            and _json_has_nul(await request.body())
        ):
            return _error(400, "bad_request", "请求内容里有空字符（NUL）")
        return None


def _has_nul(*parts: bytes) -> bool:
    """Whether a URL's path or query holds a NUL character (written as %00)."""
    return any(b"\0" in unquote_to_bytes(part) for part in parts)


def _json_has_nul(body: bytes) -> bool:
    """Whether a JSON body holds a NUL character in a text or a key (PostgreSQL cannot store
    one). Only a body with the escape in it is read for this."""
    if b"\\u0000" not in body:
        return False
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        return False  # the endpoint answers that
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\0" in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


# Whole numbers of 64 bits, and no ``true``/``false`` taken for 1/0.
_Int64 = Annotated[StrictInt, Field(ge=wire.INT_MIN, le=wire.INT_MAX)]
_Uuid = Annotated[str, Field(pattern=_UUID)]


class Op(TypedDict):
    """One op of a push (docs/sync-protocol.md); unknown keys are ignored."""

    __pydantic_config__ = ConfigDict(extra="ignore")  # type: ignore[misc]

    op_id: _Uuid
    device_seq: _Int64
    entity: Annotated[str, Field(max_length=40)]
    record_id: _Uuid
    op: Annotated[str, Field(max_length=10)]
    fields: NotRequired[dict[str, Any]]
    base_version: NotRequired[_Int64 | None]


class PushRequest(TypedDict):
    batch_id: NotRequired[_Uuid | None]
    ops: Annotated[list[Op], Field(max_length=wire.MAX_PUSH_OPS)]


# Plain dicts straight from the JSON bytes, checked in one pass (pydantic-core): no model
# objects per op to build and dump again.
_PUSH_REQUEST = TypeAdapter(PushRequest)


def parse_push(body: bytes) -> list[dict[str, Any]]:
    """The ops of a push request body; RequestValidationError (a 400) if it is malformed."""
    try:
        ops: list[dict[str, Any]] = _PUSH_REQUEST.validate_json(body)["ops"]  # type: ignore[assignment]
    except ValidationError as error:
        raise RequestValidationError(error.errors(include_url=False)) from error
    for op in ops:
        op.setdefault("fields", {})
        op.setdefault("base_version", None)
    return ops


def _inline(schema: Any, defs: dict[str, Any]) -> Any:
    """``schema`` with its ``$ref``s to ``defs`` replaced by the definitions (for OpenAPI)."""
    if isinstance(schema, dict):
        ref = schema.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in schema.items() if k != "$defs"}
    if isinstance(schema, list):
        return [_inline(v, defs) for v in schema]
    return schema


_PUSH_SCHEMA = _PUSH_REQUEST.json_schema()
# The push body is read by the endpoint itself (parse_push); OpenAPI still describes it.
_PUSH_OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": _inline(_PUSH_SCHEMA, _PUSH_SCHEMA.get("$defs", {}))}
        },
    }
}


# Answers of at least this many bytes are gzip-compressed for a client that accepts it, at
# this level (a 1,000-change pull page: about 3 ms here, a seventh to a tenth of the bytes).
GZIP_MIN_BYTES = 1024
GZIP_LEVEL = 5


class BodyTooLarge(ValueError):
    pass


def gunzip(data: bytes, limit: int) -> bytes:
    """``data`` unpacked; :class:`BodyTooLarge` past ``limit`` bytes, ValueError if it is not
    one whole gzip stream."""
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = unpacker.decompress(data, limit + 1)
    except zlib.error as error:
        raise ValueError(str(error)) from error
    if len(out) > limit or unpacker.unconsumed_tail:
        raise BodyTooLarge(f"more than {limit} bytes unpacked")
    if not unpacker.eof or unpacker.unused_data:
        raise ValueError("not one whole gzip stream")
    return out


def accepts_gzip(request: Request) -> bool:
    """Whether the request's ``Accept-Encoding`` takes gzip (and does not refuse it, q=0)."""
    for item in request.headers.get("accept-encoding", "").split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() in ("gzip", "x-gzip"):
            quality = params.strip().removeprefix("q=").strip() if params else "1"
            try:
                return float(quality) > 0
            except ValueError:
                return True
    return False


def compressed(body: bytes, request: Request | None, media_type: str) -> Response:
    """``body`` as an answer, gzip-compressed if the client accepts it and it is worth it."""
    if request is not None and len(body) >= GZIP_MIN_BYTES and accepts_gzip(request):
        packed = zlib.compress(body, GZIP_LEVEL, wbits=16 + zlib.MAX_WBITS)
        if len(packed) < len(body):
            return Response(
                packed,
                media_type=media_type,
                headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"},
            )
    return Response(body, media_type=media_type, headers={"Vary": "Accept-Encoding"})


def encode_answer(payload: dict[str, Any], request: Request | None = None) -> Response:
    """A JSON answer of plain data, encoded once (UTF-8, compact) without another pass of
    validation and conversion (a push answer has an entry per op, a pull page a record per
    change), gzip-compressed for a ``request`` that accepts it."""
    return compressed(orjson.dumps(payload), request, "application/json")


class EnrolRequest(BaseModel):
    code: str = Field(max_length=40)
    device_name: str = Field(default="", max_length=100)


_Text = Annotated[str, Field(max_length=wire.MAX_TEXT_CHARS)]
_Name = Annotated[str, Field(max_length=100)]


class RejectBody(BaseModel):
    reason: _Text


class DispatchBody(BaseModel):
    team_name: _Name
    team_id: _Uuid | None = None


class ClaimBody(BaseModel):
    team_name: _Name | None = None


class ResolveBody(BaseModel):
    result: _Text


class EnrolCodeBody(BaseModel):
    village_code: Annotated[str, Field(max_length=20)]
    village_name: _Name
    device_name: _Name = ""


# --- what the answers look like (for the OpenAPI document) ---------------------------------


class ErrorBody(BaseModel):
    """Every error answer: a code, a plain-Chinese message, the server's time."""

    error: str
    message: str
    server_time: str


class _Answer(BaseModel):
    server_time: str


class OpConflict(BaseModel):
    field: str
    local_value: Any = None
    server_value: Any = None


class OpResult(BaseModel):
    op_id: str
    status: Literal["applied", "duplicate", "applied_with_conflict", "rejected"]
    server_version: int | None = None
    reason: str | None = None
    conflicts: list[OpConflict] | None = None
    # For a duplicate: the status the op got the first time.
    original_status: str | None = None


class PushAnswer(_Answer):
    results: list[OpResult]


class PulledChange(BaseModel):
    seq: int
    entity: str
    id: str
    version: int
    deleted: bool
    fields: dict[str, Any]


class PullPage(_Answer):
    next_cursor: int
    has_more: bool
    changes: list[PulledChange]


class EnrolAnswer(_Answer):
    device_id: str
    token: str
    village: dict[str, str]


class Health(_Answer):
    status: str
    protocol: list[int]


_DESCRIPTIONS = {
    400: "请求格式不对（JSON、字段、取值、空字符）",
    401: "没有注册或注册已失效 / 管理员账号不对",
    404: "没有这条记录或这张照片",
    409: "与当前状态不符（需求的办理状态、照片续传的位置）",
    413: "请求体超过 8 MB（照片 10 MB），解压后也不能超过",
    415: "请求体的压缩方式不是 gzip",
    416: "下载范围不对",
    422: "照片内容与编号（SHA-256）不符",
    426: "客户端的协议版本与服务器不匹配，请更新程序",
    500: "服务器意外错误（已记录），稍后重试",
    503: "服务器繁忙，按 Retry-After 稍后重试",
}


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The error answers an operation may give, for its OpenAPI ``responses``."""
    return {code: {"model": ErrorBody, "description": _DESCRIPTIONS[code]} for code in codes}


_SYNC_ERRORS = (400, 401, 413, 426, 500, 503)
_ADMIN_ERRORS = (400, 401, 500)


def device_from_token(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> DeviceContext:
    db: CountyDatabase = request.app.state.db
    if not authorization or not authorization.startswith("Bearer ") or len(authorization) > 200:
        raise ApiError(401, "unauthorized", "本机尚未在县中心注册，请先用注册码注册")
    with db.reading() as session:
        device = accounts.authenticate_device(session, authorization.removeprefix("Bearer "))
    if device is None:
        raise ApiError(401, "unauthorized", "本机的注册已失效（可能已被县中心注销），请重新注册")
    return device


def admin_user(request: Request, authorization: Annotated[str | None, Header()] = None) -> str:
    db: CountyDatabase = request.app.state.db
    admin_cache: dict[str, float] = request.app.state.admin_cache
    challenge = {"WWW-Authenticate": 'Basic realm="county"'}
    if not authorization or not authorization.startswith("Basic ") or len(authorization) > 400:
        raise ApiError(401, "unauthorized", "需要县中心管理员账号", challenge)
    try:
        username, password = base64.b64decode(authorization[6:]).decode("utf-8").split(":", 1)
    except (ValueError, UnicodeDecodeError) as error:
        raise ApiError(400, "bad_auth", "管理员登录信息格式不对") from error
    if "\0" in authorization or "\0" in username or "\0" in password:
        raise ApiError(400, "bad_auth", "管理员登录信息格式不对")
    # PBKDF2 is slow on purpose; remember a verified login briefly instead of re-deriving.
    key = hashlib.sha256(authorization.encode()).hexdigest()
    if admin_cache.get(key, 0) > time.monotonic():
        return username
    with db.reading() as session:
        ok = accounts.check_admin(session, username, password)
    if not ok:
        raise ApiError(401, "unauthorized", "管理员用户名或密码不对", challenge)
    admin_cache[key] = time.monotonic() + 300
    return username


DeviceDep = Annotated[DeviceContext, Depends(device_from_token)]
AdminDep = Annotated[str, Depends(admin_user)]
RecordId = Annotated[str, PathParam(pattern=_UUID)]
Sha256 = Annotated[str, PathParam(pattern=_SHA256)]
_ACTION_ERRORS = _errors(*_ADMIN_ERRORS, 404, 409)


# Sync requests handled at once; more are answered 503 with Retry-After. Each one holds a
# worker thread and a database connection while it runs, so on a small server (2 cores) a
# low cap keeps every request's latency short instead of sharing the CPU among many.
DEFAULT_MAX_IN_FLIGHT = 16


def create_app(
    db: CountyDatabase, data_dir: Path, *, max_in_flight: int = DEFAULT_MAX_IN_FLIGHT
) -> FastAPI:
    app = FastAPI(
        title="县新时代文明实践中心 · 同步服务器",
        version="1.0",
        description="Sync, enrolment and admin API of the village liaison workbench. "
        "See docs/sync-protocol.md.",
    )
    with db.reading() as session:
        # Read once: ``after-restore``, the only thing that changes it, runs while stopped.
        epoch = session.get_one(FeedCounter, 1).epoch or ""
    app.add_middleware(ProtocolMiddleware, max_in_flight=max_in_flight, epoch=epoch)
    blob_root = data_dir / "blobs"
    app.state.db = db
    app.state.admin_cache = {}

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
        return _error(error.status, error.code, error.message, error.headers)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {}
        if first.get("type") == "json_invalid":
            return _error(400, "bad_json", "请求内容不是有效的 JSON")
        return _error(400, "bad_request", f"请求格式不对：{validation_text(first)}")

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, error: HTTPException) -> JSONResponse:
        if error.status_code == 405:
            # The methods of every route on this path (Starlette names only the first's).
            allowed = _allowed_methods(app, request)
            return _error(
                405,
                "method_not_allowed",
                f"这个地址不支持 {request.method}（支持：{'、'.join(allowed)}）",
                {"Allow": ", ".join(allowed)},
            )
        if error.status_code == 404:
            return _error(404, "not_found", "没有这个地址")
        return _error(error.status_code, "http_error", str(error.detail))

    def _time() -> dict[str, str]:
        return {"server_time": wire.utc_iso(utcnow())}

    @app.get("/api/v1/health", response_model=None, responses={200: {"model": Health}})
    def health() -> dict[str, Any]:
        return {"status": "ok", "protocol": [wire.MIN_PROTOCOL, wire.MAX_PROTOCOL], **_time()}

    @app.post(
        "/api/v1/enrol",
        response_model=None,
        responses={200: {"model": EnrolAnswer}, **_errors(400, 413, 415, 426, 500, 503)},
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
            **_time(),
        }

    @app.post(
        "/api/v1/sync/push",
        openapi_extra=_PUSH_OPENAPI,
        responses={200: {"model": PushAnswer}, **_errors(*_SYNC_ERRORS, 415)},
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
        answer = encode_answer({"results": results, **_time()}, request)
        answer.headers[wire.HEADER_MAX_PUSH_OPS] = str(wire.MAX_PUSH_OPS)
        return answer

    @app.get(
        "/api/v1/sync/pull",
        responses={200: {"model": PullPage}, **_errors(*_SYNC_ERRORS)},
    )
    def pull(
        request: Request,
        device: DeviceDep,
        cursor: Annotated[int, Query(ge=0, le=wire.INT_MAX)] = 0,
        limit: Annotated[int, Query(ge=1, le=wire.MAX_PULL_LIMIT)] = 500,
    ) -> Response:
        with db.reading() as session:
            page = sync_service.pull(session, device.village_id, cursor, limit)
        return encode_answer({**page, **_time()}, request)

    @app.get("/api/v1/sync/conflicts", responses=_errors(*_SYNC_ERRORS))
    def device_conflicts(device: DeviceDep) -> dict[str, Any]:
        with db.reading() as session:
            return {"conflicts": _conflicts(session, device.village_id), **_time()}

    @app.head(
        "/api/v1/blobs/{sha256}",
        responses={
            200: {"description": "收到的字节数（Upload-Offset）、总长度、是否收全"},
            404: {"description": "县中心还没有收到这张照片的任何部分"},
            **_errors(400, 401, 426, 500, 503),
        },
    )
    def blob_status(sha256: Sha256, device: DeviceDep) -> Response:
        try:
            with db.reading() as session:
                blob = blobs.status(session, device.village_id, sha256)
        except blobs.BlobError as error:
            return Response(status_code=error.status)
        if blob is None:
            return Response(status_code=404)
        return Response(
            status_code=200,
            headers={
                "Upload-Offset": str(blob.received),
                "Upload-Length": str(blob.length),
                "Upload-Complete": "1" if blob.complete else "0",
            },
        )

    @app.get(
        "/api/v1/blobs/{sha256}",
        response_class=Response,
        responses={
            200: {"description": "整张照片", "content": {"application/octet-stream": {}}},
            206: {"description": "Range 请求的那一段", "content": {"application/octet-stream": {}}},
            **_errors(400, 401, 404, 416, 426, 500, 503),
        },
    )
    def blob_download(
        request: Request,
        sha256: Sha256,
        device: DeviceDep,
        range_header: Annotated[str | None, Header(alias="Range", max_length=100)] = None,
    ) -> Response:
        """The bytes of a photo the device's village uploaded (from another of its PCs, say),
        whole or one ``Range`` of them, so an interrupted download resumes."""
        try:
            with db.reading() as session:
                path = blobs.complete_file(session, blob_root, device.village_id, sha256)
            if path is None:
                return _error(
                    404, "no_blob", "县中心还没有这张照片（可能还没上传完），下次同步再试"
                )
            with path.open("rb") as fh:
                length = os.fstat(fh.fileno()).st_size
                asked = blobs.byte_range(range_header, length)
                first, last = asked if asked is not None else (0, length - 1)
                fh.seek(first)
                content = fh.read(last - first + 1)
        except blobs.BlobError as error:
            return _error(error.status, error.code, error.message)
        headers = {"Accept-Ranges": "bytes"}
        if asked is None:
            # The whole file, compressed if that is smaller (a photo is a JPEG already, so it
            # seldom is); a range is always of the file's own bytes.
            whole = compressed(content, request, "application/octet-stream")
            whole.headers.update(headers)
            return whole
        headers["Content-Range"] = f"bytes {first}-{last}/{length}"
        return Response(content, 206, headers, media_type="application/octet-stream")

    @app.patch(
        "/api/v1/blobs/{sha256}",
        responses={
            200: {"description": "照片已收全并通过校验"},
            204: {"description": "这一段已收下，还没有收全"},
            **_errors(400, 401, 409, 413, 415, 422, 426, 500, 503),
        },
    )
    async def blob_append(
        sha256: Sha256,
        request: Request,
        device: DeviceDep,
        upload_offset: Annotated[int, Header(alias="Upload-Offset", ge=0, le=wire.INT_MAX)],
        upload_length: Annotated[int, Header(alias="Upload-Length", ge=1, le=wire.INT_MAX)],
    ) -> Response:
        chunk = await request.body()

        def _append() -> Response:
            try:
                with db.writing() as session:
                    blob = blobs.append(
                        session,
                        blob_root,
                        device.village_id,
                        sha256,
                        upload_offset,
                        upload_length,
                        chunk,
                    )
            except blobs.BlobError as error:
                headers = {} if error.offset is None else {"Upload-Offset": str(error.offset)}
                return _error(error.status, error.code, error.message, headers)
            if blob is None:
                return _error(
                    422,
                    "hash_mismatch",
                    "照片校验失败（内容与编号不符），请重新上传",
                    {"Upload-Offset": "0"},
                )
            return Response(
                status_code=200 if blob.complete else 204,
                headers={
                    "Upload-Offset": str(blob.received),
                    "Upload-Complete": "1" if blob.complete else "0",
                },
            )

        return await run_in_threadpool(_append)

    # --- admin ---------------------------------------------------------------------------

    def _action(fn: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        try:
            with db.writing() as session:
                fn(session, *args, **kwargs)
        except actions.ActionError as error:
            raise ApiError(409, "action_refused", error.message) from error
        return {"ok": True, **_time()}

    @app.get("/api/v1/admin/demands", responses=_errors(*_ADMIN_ERRORS))
    def admin_demands(
        admin: AdminDep,
        status: Annotated[str | None, Query(max_length=30)] = None,
        village: Annotated[str | None, Query(max_length=20)] = None,
        limit: Annotated[int, Query(ge=1, le=5000)] = 200,
    ) -> dict[str, Any]:
        with db.reading() as session:
            rows = actions.list_demands(session, status=status, village_code=village, limit=limit)
        return {"demands": [r.__dict__ for r in rows], **_time()}

    @app.get("/api/v1/admin/demands/{demand_id}", responses=_errors(*_ADMIN_ERRORS, 404))
    def admin_demand(demand_id: RecordId, admin: AdminDep) -> dict[str, Any]:
        try:
            with db.reading() as session:
                return {"demand": actions.demand_detail(session, demand_id), **_time()}
        except actions.ActionError as error:
            raise ApiError(404, "not_found", error.message) from error

    @app.post("/api/v1/admin/demands/{demand_id}/reject", responses=_ACTION_ERRORS)
    def admin_reject(demand_id: RecordId, body: RejectBody, admin: AdminDep) -> dict[str, Any]:
        return _action(actions.reject_demand, demand_id, body.reason, actor=admin)

    @app.post("/api/v1/admin/demands/{demand_id}/dispatch", responses=_ACTION_ERRORS)
    def admin_dispatch(demand_id: RecordId, body: DispatchBody, admin: AdminDep) -> dict[str, Any]:
        return _action(
            actions.dispatch_demand, demand_id, body.team_name, team_id=body.team_id, actor=admin
        )

    @app.post("/api/v1/admin/demands/{demand_id}/claim", responses=_ACTION_ERRORS)
    def admin_claim(demand_id: RecordId, body: ClaimBody, admin: AdminDep) -> dict[str, Any]:
        return _action(actions.claim_demand, demand_id, body.team_name, actor=admin)

    @app.post("/api/v1/admin/demands/{demand_id}/resolve", responses=_ACTION_ERRORS)
    def admin_resolve(demand_id: RecordId, body: ResolveBody, admin: AdminDep) -> dict[str, Any]:
        return _action(actions.resolve_demand, demand_id, body.result, actor=admin)

    @app.post("/api/v1/admin/demands/{demand_id}/close", responses=_ACTION_ERRORS)
    def admin_close(demand_id: RecordId, admin: AdminDep) -> dict[str, Any]:
        return _action(actions.close_demand, demand_id, actor=admin)

    @app.post("/api/v1/admin/publish/{entity}", responses=_errors(*_ADMIN_ERRORS, 413))
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
        return {"changed": changed, **_time()}

    @app.post("/api/v1/admin/enrol-codes", responses=_errors(*_ADMIN_ERRORS))
    def admin_enrol_code(body: EnrolCodeBody, admin: AdminDep) -> dict[str, Any]:
        try:
            with db.writing() as session:
                code, expires = accounts.create_enrol_code(
                    session, body.village_code, body.village_name, body.device_name
                )
        except accounts.AccountError as error:
            raise ApiError(400, "bad_village", error.message) from error
        return {"code": code, "expires_at": wire.utc_iso(expires), **_time()}

    @app.get("/api/v1/admin/devices", responses=_errors(*_ADMIN_ERRORS))
    def admin_devices(admin: AdminDep) -> dict[str, Any]:
        with db.reading() as session:
            return {"devices": device_rows(session), **_time()}

    @app.post("/api/v1/admin/devices/{device_id}/revoke", responses=_errors(*_ADMIN_ERRORS, 404))
    def admin_revoke(device_id: RecordId, admin: AdminDep) -> dict[str, Any]:
        try:
            with db.writing() as session:
                accounts.revoke_device(session, device_id)
        except accounts.AccountError as error:
            raise ApiError(404, "not_found", error.message) from error
        return {"ok": True, **_time()}

    @app.get("/api/v1/admin/conflicts", responses=_errors(*_ADMIN_ERRORS))
    def admin_conflicts(
        admin: AdminDep, village: Annotated[str, Query(max_length=20)]
    ) -> dict[str, Any]:
        with db.reading() as session:
            found = session.query(Village).filter(Village.code == village).one_or_none()
            return {"conflicts": _conflicts(session, found.id) if found else [], **_time()}

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _allowed_methods(app: FastAPI, request: Request) -> list[str]:
    """The methods of every route whose path matches the request's."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in app.router.routes:
        match, _child = route.matches(request.scope)
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


# Pydantic's words for the usual validation errors, in the messages' language.
_VALIDATION_WORDS = {
    "missing": "缺少",
    "string_pattern_mismatch": "格式不对",
    "string_too_long": "太长",
    "string_too_short": "太短",
    "string_type": "应为文本",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "greater_than_equal": "太小",
    "less_than_equal": "太大",
    "too_long": "项目太多",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "typed_dict_type": "应为对象",
    "bool_type": "应为是/否",
    "bool_parsing": "应为是/否",
}


def validation_text(error: Any) -> str:
    """One validation error in words: where, and what is wrong."""
    where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "请求体"
    kind = str(error.get("type", ""))
    return f"{where} {_VALIDATION_WORDS.get(kind, '不符合要求')}（{kind}）"


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document as the server answers: a 400 (never FastAPI's 422) for a request
    it cannot read, the sync routes' protocol header, the device and admin credentials."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = schema.setdefault("components", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.get("schemas", {}).pop(name, None)
    components["securitySchemes"] = {
        "device": {"type": "http", "scheme": "bearer", "description": "注册时得到的设备令牌"},
        "admin": {"type": "http", "scheme": "basic", "description": "县中心管理员账号"},
    }
    protocol = {
        "name": wire.HEADER_PROTOCOL,
        "in": "header",
        "required": True,
        "schema": {
            "type": "string",
            "enum": [str(v) for v in range(wire.MIN_PROTOCOL, wire.MAX_PROTOCOL + 1)],
        },
        "description": "协议版本；不在本服务器的范围内答 426（请更新程序）",
    }
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            if (path, method) != ("/api/v1/blobs/{sha256}", "patch"):
                responses.pop("422", None)  # (a photo that fails its check is the only one)
            if path.startswith(_SYNC_PREFIXES) and path != "/api/v1/enrol":
                operation["security"] = [{"device": []}]
            elif path.startswith("/api/v1/admin"):
                operation["security"] = [{"admin": []}]
            if path.startswith(_SYNC_PREFIXES):
                operation.setdefault("parameters", []).append(protocol)
    app.openapi_schema = schema
    return schema


def _conflicts(session: Any, village_id: int) -> list[dict[str, Any]]:
    rows = session.query(Conflict).filter(Conflict.village_id == village_id).order_by(Conflict.id)
    return [
        {
            "entity": c.entity,
            "record_id": c.record_id,
            "field": c.field,
            "winning_value": c.winning_value,
            "losing_value": c.losing_value,
            "created_at": wire.utc_iso(c.created_at),
        }
        for c in rows
    ]


def device_rows(session: Any) -> list[dict[str, Any]]:
    rows = session.query(Device, Village).join(Village, Device.village_id == Village.id)
    return [
        {
            "device_id": d.id,
            "name": d.name,
            "village_code": v.code,
            "village_name": v.name,
            "enrolled_at": wire.utc_iso(d.enrolled_at),
            "last_seen_at": wire.utc_iso(d.last_seen_at) if d.last_seen_at else None,
            "revoked": d.revoked_at is not None,
            "app_version": d.app_version,
        }
        for d, v in rows.order_by(Device.enrolled_at)
    ]
