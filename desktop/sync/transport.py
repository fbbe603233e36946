"""HTTP to the county server: one ``requests.Session``, plain-Chinese errors, polite retries.

Bodies are JSON encoded as UTF-8 with Chinese as is (``requests``' ``json=`` escapes it as
``\\uXXXX``, 59 % more bytes on a typical push). Timeouts, connection failures and 5xx answers
are retried with exponential backoff and jitter; 429/503 wait for ``Retry-After``; 401 and 426
stop at once, because retrying cannot help.

"Busy" answers (429/503) have a budget of their own: the server is up and has said when to come
back, so after a reconnect storm (every village PC syncing at once) a client keeps waiting its
turn for up to about two minutes instead of giving up after a handful of tries.
"""

from __future__ import annotations

import datetime as dt
import errno
import random
import socket
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
import requests

import liaison_wire as wire
from desktop import __version__


class SyncError(Exception):
    """A sync failure with a message for the officer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Offline(SyncError):
    """The server could not be reached (no network, DNS, timeout, TLS handshake failed)."""


class Unauthorized(SyncError):
    """The device is not (or no longer) enrolled: stop and ask for re-enrolment."""


class UpdateRequired(SyncError):
    """The server does not speak this client's protocol version."""


class ServerRefused(SyncError):
    """A 4xx answer other than the above (bad request, refused enrolment …)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class Cancelled(SyncError):
    """The officer cancelled the round (or the program is closing)."""

    def __init__(self, message: str = "同步已取消；已完成的部分不受影响，下次继续") -> None:
        super().__init__(message)


@dataclass
class RetryPolicy:
    """``attempts``: tries in all when requests fail (timeouts, a connection lost, 5xx).
    ``unreachable_attempts``: tries in all when nothing answers at all (the connection refused,
    the name unknown, no route): the county server is not there, and waiting for it would
    only keep the officer looking at 正在同步 (one quick retry rides out a restart).
    ``busy_attempts`` / ``busy_seconds``: how many 429/503 answers, and how many seconds of
    waiting for their ``Retry-After``, a request rides out before it gives up; counted apart
    from ``attempts``."""

    attempts: int = 6
    unreachable_attempts: int = 2
    base_delay: float = 0.5
    max_delay: float = 30.0
    busy_attempts: int = 60
    busy_seconds: float = 120.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            # Spread a crowd of devices told the same Retry-After over a little window.
            return retry_after + self.rng.uniform(0, min(1.0, retry_after))
        ceiling = min(self.max_delay, self.base_delay * 2**attempt)
        return self.rng.uniform(ceiling / 2, ceiling)  # "equal jitter"


@dataclass
class Answer:
    status: int
    body: dict[str, Any]  # a JSON answer's object ({} for any other answer)
    headers: dict[str, str]
    server_time: str | None
    content: bytes = b""  # the raw body of an answer that is not JSON (a photo's bytes)

    def header(self, name: str) -> str | None:
        """The value of the header ``name``, whatever the case of its name on the wire."""
        wanted = name.lower()
        for key, value in self.headers.items():
            if key.lower() == wanted:
                return value
        return None


class Transport:
    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        ca_file: str | None = None,
        proxy: str | None = None,
        timeout: tuple[float, float] = (10.0, 60.0),
        retry: RetryPolicy | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.cancelled = cancelled
        self.session = requests.Session()
        # trust_env (the default) keeps HTTP(S)_PROXY / NO_PROXY from the environment working.
        if proxy:
            self.session.proxies = {"http": proxy, "https": proxy}
        if ca_file:
            # County servers often use a private CA; its certificate is configured in 设置.
            self.session.verify = ca_file
        self.session.headers.update(
            {
                "User-Agent": f"LiaisonWorkbench/{__version__}",
                wire.HEADER_PROTOCOL: str(wire.PROTOCOL_VERSION),
                wire.HEADER_APP_VERSION: __version__,
                "Accept": "application/json",
            }
        )
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        # Request bodies go gzip-compressed until the server says it cannot take them (a
        # server older than compression answers 400 bad_json; another one 415).
        self.gzip_bodies = True

    def close(self) -> None:
        self.session.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        payload: Any = None,
        params: dict[str, Any] | None = None,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        retry: bool = True,
    ) -> Answer:
        """Send one request, retrying transient failures; raises a :class:`SyncError`."""
        body = data
        extra = dict(headers or {})
        if payload is not None:
            body = orjson.dumps(payload)  # UTF-8, Chinese as is, compact
            extra["Content-Type"] = "application/json; charset=utf-8"
        packed = _gzipped(body, extra.get("Content-Type", ""))
        attempt = 0
        unreachable = 0
        busy = 0
        busy_waited = 0.0
        while True:
            if self.cancelled():
                raise Cancelled("已取消")
            extra[wire.HEADER_CLIENT_TIME] = wire.utc_iso(dt.datetime.now(dt.UTC))
            sent = body
            if packed is not None and self.gzip_bodies:
                sent = packed
                extra["Content-Encoding"] = "gzip"
            else:
                extra.pop("Content-Encoding", None)
            try:
                response = self.session.request(
                    method,
                    self.base_url + path,
                    data=sent,
                    params=params,
                    headers=extra,
                    timeout=self.timeout,
                    stream=True,
                )
                content = _read_answer(response)
            except requests.exceptions.SSLError as error:
                raise Offline(
                    "无法建立安全连接：服务器证书不受信任。请在“设置”中选择县中心提供的 CA 证书文件。"
                ) from error
            except (
                requests.ConnectionError,
                requests.Timeout,
                # The connection broke while the answer was being read (server killed or
                # restarted mid-response): as transient as not reaching it at all.
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ) as error:
                failure: SyncError = Offline("连不上县中心服务器（网络不通或服务器未开）")
                cause: Exception = error
                if _unreachable(error):
                    unreachable += 1
                    if not retry or unreachable >= self.retry.unreachable_attempts:
                        raise failure from cause
                    self.retry.sleep(self.retry.delay(1, None))
                    continue
            else:
                answer = _answer(response, content)
                if response.status_code < 400:
                    return answer
                if sent is packed and packed is not None and _refused_gzip(answer):
                    self.gzip_bodies = False  # an older server: plain bodies from now on
                    continue
                message = str(
                    answer.body.get("message") or f"服务器返回错误 {response.status_code}"
                )
                if response.status_code == 401:
                    raise Unauthorized(message)
                if response.status_code == 426:
                    raise UpdateRequired(message)
                if response.status_code in (429, 503):
                    busy += 1
                    delay = self.retry.delay(
                        busy, _retry_after(response.headers.get("Retry-After"))
                    )
                    if (
                        not retry
                        or busy >= self.retry.busy_attempts
                        or busy_waited + delay > self.retry.busy_seconds
                    ):
                        raise SyncError(message) from RuntimeError(message)
                    busy_waited += delay
                    self.retry.sleep(delay)
                    continue
                if response.status_code >= 500:
                    failure = SyncError(f"县中心服务器出错（{response.status_code}），稍后自动重试")
                    cause = RuntimeError(message)
                else:
                    raise ServerRefused(message, response.status_code)
            attempt += 1
            if not retry or attempt >= self.retry.attempts:
                raise failure from cause
            self.retry.sleep(self.retry.delay(attempt, None))


def _unreachable(error: BaseException) -> bool:
    """Whether ``error`` says nothing is there at all: the connection was refused, the server's
    name is unknown, or there is no route to it (as opposed to a connection that timed out or
    broke, which may go through next time)."""
    seen: set[int] = set()
    pending: list[object] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError | socket.gaierror):
            return True
        if isinstance(current, OSError) and current.errno in _UNREACHABLE_ERRNOS:
            return True
        if isinstance(current, BaseException):
            pending.extend([current.__cause__, current.__context__, *current.args])
        # urllib3 keeps the reason of a failed connection in ``reason``.
        pending.append(getattr(current, "reason", None))
    return False


_UNREACHABLE_ERRNOS = frozenset(
    {errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN}
)


def _retry_after(value: str | None) -> float:
    try:
        return max(0.0, float(value)) if value is not None else 1.0
    except ValueError:
        return 1.0


# The most bytes an answer may unpack to (a 1,000-change page is a few MB, a photo at most
# wire.MAX_BLOB_BYTES): a server's gzip that unpacks to more is refused, not read into memory.
MAX_ANSWER_BYTES = 64 * 1024 * 1024
# Request bodies at least this long are sent gzip-compressed, at this level: the fastest, on
# an old village PC (a push of a day's work is small; about 105 bytes a record on the wire
# against 90 at level 5, measured by bench/line_bench.py).
GZIP_MIN_BYTES = 1024
GZIP_LEVEL = 1


class AnswerTooLarge(SyncError):
    pass


def _gzipped(body: bytes | None, content_type: str) -> bytes | None:
    """``body`` gzip-compressed, if it is JSON worth compressing (photo bytes never are)."""
    if (
        body is None
        or len(body) < GZIP_MIN_BYTES
        or not content_type.startswith("application/json")
    ):
        return None
    return zlib.compress(body, GZIP_LEVEL, wbits=16 + zlib.MAX_WBITS)


def _refused_gzip(answer: Answer) -> bool:
    """Whether the server could not read a gzip-compressed body (415, or an older server's
    400 for what it took for broken JSON)."""
    return answer.status == 415 or (answer.status == 400 and answer.body.get("error") == "bad_json")


def _read_answer(response: requests.Response) -> bytes:
    """The answer's bytes, unpacked, at most MAX_ANSWER_BYTES."""
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(chunk_size=16 * 1024):
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                raise AnswerTooLarge(
                    f"县中心服务器的应答超过 {MAX_ANSWER_BYTES // (1024 * 1024)} MB，已停止接收"
                )
            chunks.append(chunk)
    finally:
        response.close()
    return b"".join(chunks)


def _answer(response: requests.Response, raw: bytes) -> Answer:
    body: dict[str, Any] = {}
    content = b""
    if response.headers.get("content-type", "").startswith("application/json"):
        try:
            # orjson: a pull page decodes in under half the time json takes.
            parsed = orjson.loads(raw) if raw else {}
        except orjson.JSONDecodeError:
            parsed = {}
        if isinstance(parsed, dict):
            body = parsed
    else:
        content = raw
    return Answer(
        response.status_code,
        body,
        dict(response.headers),
        response.headers.get(wire.HEADER_SERVER_TIME),
        content,
    )
