"""What every route of the county's HTTP API shares: error answers, the request and answer
bodies (and their OpenAPI description), gzip, and the device and administrator credentials.
The app itself (middleware, error handlers) is county/api.py; the routes are county/routes/.
"""

from __future__ import annotations

import base64
import hashlib
import time
import zlib
from typing import Annotated, Any, Literal, NotRequired

import orjson
from fastapi import Depends, Header, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt, TypeAdapter, ValidationError
from typing_extensions import TypedDict

import liaison_wire as wire
from county import accounts
from county.db import CountyDatabase
from county.models import Conflict, Device, Village, utcnow
from county.sync_service import DeviceContext


def server_time() -> dict[str, str]:
    """The ``server_time`` every answer carries."""
    return {"server_time": wire.utc_iso(utcnow())}


SYNC_PREFIXES = ("/api/v1/sync", "/api/v1/enrol", "/api/v1/blobs")
PUSH_PATH = "/api/v1/sync/push"
# Ids in paths and bodies are UUIDs as the protocol writes them; photos go by their SHA-256.
_UUID = f"^{wire.UUID_PATTERN}$"
_SHA256 = "^[0-9a-f]{64}$"


def error_answer(
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
PUSH_OPENAPI = {
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
    """The team by ``team_id``, or by ``team_name`` (its id or exact name)."""

    team_name: _Name = ""
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


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The error answers an operation may give, for its OpenAPI ``responses``."""
    return {code: {"model": ErrorBody, "description": _DESCRIPTIONS[code]} for code in codes}


SYNC_ERRORS = (400, 401, 413, 426, 500, 503)
ADMIN_ERRORS = (400, 401, 500)


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
    # Argon2 is slow on purpose; remember a verified login briefly instead of hashing again.
    key = hashlib.sha256(authorization.encode()).hexdigest()
    if admin_cache.get(key, 0) > time.monotonic():
        return username
    # The console's throttle applies here too: five wrong passwords lock the user name.
    address = request.client.host if request.client else ""
    with db.reading() as session:
        locked = accounts.locked_until(session, username, address)
        ok = locked is None and accounts.check_admin(session, username, password)
    if locked is not None:
        raise ApiError(429, "throttled", "登录失败次数过多，请 15 分钟后再试", {"Retry-After": "900"})
    if not ok:
        with db.writing() as session:
            accounts.record_failure(session, username, address, utcnow())
        raise ApiError(401, "unauthorized", "管理员用户名或密码不对", challenge)
    admin_cache[key] = time.monotonic() + 60
    return username


DeviceDep = Annotated[DeviceContext, Depends(device_from_token)]
AdminDep = Annotated[str, Depends(admin_user)]
RecordId = Annotated[str, PathParam(pattern=_UUID)]
Sha256 = Annotated[str, PathParam(pattern=_SHA256)]
ACTION_ERRORS = error_responses(*ADMIN_ERRORS, 404, 409)


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


def conflict_rows(session: Any, village_id: int) -> list[dict[str, Any]]:
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
