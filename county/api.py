"""The county server's HTTP API (FastAPI): the app, its protocol checks and error answers.

Protocol in docs/sync-protocol.md. Every answer carries the server's time; sync requests are
checked for the protocol version before anything is read or applied; the village is always
derived from the device token. The routes are county/routes/ (sync, blobs, admin), what they
share county/http.py.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

import orjson
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.routing import BaseRoute

import liaison_wire as wire
from county import console
from county.db import CountyDatabase
from county.http import (
    PUSH_PATH,
    SYNC_PREFIXES,
    ApiError,
    BodyTooLarge,
    error_answer,
    gunzip,
    validation_text,
)
from county.models import FeedCounter, utcnow
from county.routes import admin, blobs, sync
from liaison_wire.pinyin import pinyin_keys

log = logging.getLogger(__name__)

# The longest header value read as a number (a protocol version, a body length).
_NUMBER_HEADER_DIGITS = 12


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
            response = error_answer(500, "server_error", "县中心服务器出了意外错误，已记录，稍后自动重试")
        response.headers[wire.HEADER_SERVER_TIME] = wire.utc_iso(utcnow())
        if not request.url.path.startswith("/api/"):
            # The console's pages: nothing from elsewhere, not framed, not sniffed.
            response.headers.update(CONSOLE_HEADERS)
        if request.url.path.startswith(SYNC_PREFIXES):
            response.headers[wire.HEADER_FEED_EPOCH] = self.epoch
            # Request bodies this server takes compressed (RFC 7694): the client then sends
            # its pushes with gzip.
            response.headers["Accept-Encoding"] = "gzip"
        return response

    async def _checked(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if _has_nul(request.url.path.encode(), request.url.query.encode()):
            return error_answer(400, "bad_request", "请求的网址里有空字符（NUL）")
        if not request.url.path.startswith(SYNC_PREFIXES):
            if not request.url.path.startswith("/api/") and request.method == "POST":
                # A console form (at most a few photos): its length must be said, and small.
                declared = request.headers.get("content-length", "")
                if not (declared.isascii() and declared.isdigit()) or int(declared) > CONSOLE_MAX_BODY:
                    return error_answer(413, "too_large", "提交的内容太大（照片每张不超过 10 MB，一次至多 6 张）")
            json_body = request.headers.get("content-type", "").startswith("application/json")
            if request.method in ("POST", "PUT", "PATCH") and json_body and _json_has_nul(await request.body()):
                return error_answer(400, "bad_request", "请求内容里有空字符（NUL）")
            return await call_next(request)
        raw = request.headers.get(wire.HEADER_PROTOCOL, "")
        # isascii: "¹".isdigit() is true, but int("¹") fails (a 500 instead of the 426); and
        # a number of thousands of digits is no protocol version either.
        if not (raw.isascii() and raw.isdigit() and len(raw) <= _NUMBER_HEADER_DIGITS) or not (
            wire.MIN_PROTOCOL <= int(raw) <= wire.MAX_PROTOCOL
        ):
            return error_answer(
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
        too_large = error_answer(
            413, "too_large", f"一次上传的数据太大（上限 {limit // (1024 * 1024)} MB）"
        )
        encoding = request.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("identity", "gzip"):
            return error_answer(415, "unsupported_encoding", "请求内容的压缩方式不受支持（只支持 gzip）")
        counted = declared.isascii() and declared.isdigit()
        if counted and (len(declared) > _NUMBER_HEADER_DIGITS or int(declared) > limit):
            return too_large
        # A slot before the body is read: in a storm the 503 costs the server next to nothing.
        with self.lock:
            if self.in_flight >= self.max_in_flight:
                return error_answer(503, "busy", "县中心服务器繁忙，稍后自动重试", {"Retry-After": "1"})
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
                return error_answer(400, "bad_gzip", "请求内容不是有效的 gzip 压缩数据")
        if (
            request.method in ("POST", "PUT", "PATCH")
            and request.url.path != PUSH_PATH  # (a push refuses such a value per op)
            and not request.url.path.startswith("/api/v1/blobs")  # (photo bytes)
            and _json_has_nul(await request.body())
        ):
            return error_answer(400, "bad_request", "请求内容里有空字符（NUL）")
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


# The largest console form: six photos at the largest a village may send, and the fields.
CONSOLE_MAX_BODY = 6 * wire.MAX_BLOB_BYTES + 1024 * 1024
CONSOLE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


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
    # pypinyin's dictionaries (~0.3 s to load) are read now rather than by the first push that
    # carries a demand (the queue keeps its requester's initials).
    pinyin_keys("王")
    with db.reading() as session:
        # Read once: ``after-restore``, the only thing that changes it, runs while stopped.
        epoch = session.get_one(FeedCounter, 1).epoch or ""
    app.add_middleware(ProtocolMiddleware, max_in_flight=max_in_flight, epoch=epoch)
    blob_root = data_dir / "blobs"
    app.state.db = db
    app.state.admin_cache = {}

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
        return error_answer(error.status, error.code, error.message, error.headers)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {}
        if first.get("type") == "json_invalid":
            return error_answer(400, "bad_json", "请求内容不是有效的 JSON")
        return error_answer(400, "bad_request", f"请求格式不对：{validation_text(first)}")

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, error: HTTPException) -> Response:
        if error.status_code == 405:
            # The methods of every route on this path (Starlette names only the first's).
            allowed = _allowed_methods(app, request)
            return error_answer(
                405,
                "method_not_allowed",
                f"这个地址不支持 {request.method}（支持：{'、'.join(allowed)}）",
                {"Allow": ", ".join(allowed)},
            )
        if error.status_code == 404:
            if not request.url.path.startswith("/api/"):
                return console.TEMPLATES.TemplateResponse(
                    request, "error.html", {"viewer": None, "message": "没有这个页面"}, status_code=404
                )
            return error_answer(404, "not_found", "没有这个地址")
        return error_answer(error.status_code, "http_error", str(error.detail))

    app.include_router(sync.router(db))
    app.include_router(blobs.router(db, blob_root))
    app.include_router(admin.router(db))
    app.mount("/static", StaticFiles(directory=console.STATIC_DIR), name="static")
    app.include_router(console.router(db, blob_root))
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _allowed_methods(app: FastAPI, request: Request) -> list[str]:
    """The methods of every route whose path matches the request's."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in _leaf_routes(app.router.routes):
        match, _child = route.matches(request.scope)
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


def _leaf_routes(routes: Sequence[BaseRoute]) -> Iterator[BaseRoute]:
    """The routes themselves: an included router (FastAPI keeps it whole, not its routes
    copied into the app's) is opened up."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _leaf_routes(included.routes)
        else:
            yield route


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
            if path.startswith(SYNC_PREFIXES) and path != "/api/v1/enrol":
                operation["security"] = [{"device": []}]
            elif path.startswith("/api/v1/admin"):
                operation["security"] = [{"admin": []}]
            if path.startswith(SYNC_PREFIXES):
                operation.setdefault("parameters", []).append(protocol)
    app.openapi_schema = schema
    return schema
