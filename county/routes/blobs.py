"""Photos: resumable uploads (HEAD, PATCH) and downloads (GET, with Range) of a village's blobs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

import liaison_wire as wire
from county import blobs
from county.db import CountyDatabase
from county.http import DeviceDep, Sha256, compressed, error_answer, error_responses


def router(db: CountyDatabase, blob_root: Path) -> APIRouter:
    router = APIRouter()

    @router.head(
        "/api/v1/blobs/{sha256}",
        responses={
            200: {"description": "收到的字节数（Upload-Offset）、总长度、是否收全"},
            404: {"description": "县中心还没有收到这张照片的任何部分"},
            **error_responses(400, 401, 426, 500, 503),
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

    @router.get(
        "/api/v1/blobs/{sha256}",
        response_class=Response,
        responses={
            200: {"description": "整张照片", "content": {"application/octet-stream": {}}},
            206: {"description": "Range 请求的那一段", "content": {"application/octet-stream": {}}},
            **error_responses(400, 401, 404, 416, 426, 500, 503),
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
                return error_answer(
                    404, "no_blob", "县中心还没有这张照片（可能还没上传完），下次同步再试"
                )
            with path.open("rb") as fh:
                length = os.fstat(fh.fileno()).st_size
                asked = blobs.byte_range(range_header, length)
                first, last = asked if asked is not None else (0, length - 1)
                fh.seek(first)
                content = fh.read(last - first + 1)
        except blobs.BlobError as error:
            return error_answer(error.status, error.code, error.message)
        headers = {"Accept-Ranges": "bytes"}
        if asked is None:
            # The whole file, compressed if that is smaller (a photo is a JPEG already, so it
            # seldom is); a range is always of the file's own bytes.
            whole = compressed(content, request, "application/octet-stream")
            whole.headers.update(headers)
            return whole
        headers["Content-Range"] = f"bytes {first}-{last}/{length}"
        return Response(content, 206, headers, media_type="application/octet-stream")

    @router.patch(
        "/api/v1/blobs/{sha256}",
        responses={
            200: {"description": "照片已收全并通过校验"},
            204: {"description": "这一段已收下，还没有收全"},
            **error_responses(400, 401, 409, 413, 415, 422, 426, 500, 503),
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
                return error_answer(error.status, error.code, error.message, headers)
            if blob is None:
                return error_answer(
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

    return router
