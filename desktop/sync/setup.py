"""Enrolling this PC with the county server and building a transport from stored settings.

Shared by the command line (``liaison enrol``, ``liaison sync --once``) and the window.
"""

from __future__ import annotations

import socket
from pathlib import Path

from desktop.sync.credentials import CredentialStore, SyncSettings
from desktop.sync.transport import Transport, Unauthorized


def enrol_device(
    data_dir: Path,
    server_url: str,
    code: str,
    *,
    ca_file: str = "",
    proxy: str = "",
    device_name: str = "",
) -> SyncSettings:
    """Trade a one-time enrolment code for a device token; store settings and token."""
    transport = Transport(server_url, ca_file=ca_file or None, proxy=proxy or None)
    try:
        answer = transport.request(
            "POST",
            "/api/v1/enrol",
            payload={"code": code, "device_name": device_name or socket.gethostname()},
            retry=False,
        )
    finally:
        transport.close()
    body = answer.body
    store = CredentialStore(data_dir)
    settings = SyncSettings(
        server_url=server_url.rstrip("/"),
        device_id=body["device_id"],
        village_code=body["village"]["code"],
        village_name=body["village"]["name"],
        ca_file=ca_file,
        proxy=proxy,
    )
    store.save_token(body["token"])
    store.save_settings(settings)
    return settings


def transport_for(data_dir: Path, **options: object) -> Transport:
    """A transport with this data folder's server, CA, proxy and token."""
    store = CredentialStore(data_dir)
    settings = store.load_settings()
    token = store.load_token()
    if not settings.enrolled or not token:
        raise Unauthorized("本机尚未在县中心注册。请在“设置”中填写服务器地址和注册码。")
    return Transport(
        settings.server_url,
        token=token,
        ca_file=settings.ca_file or None,
        proxy=settings.proxy or None,
        **options,  # type: ignore[arg-type]
    )
