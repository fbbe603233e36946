"""Schemathesis over every operation of the county's OpenAPI document: without credentials,
with a device token and with an administrator's, each with a bounded number of generated
requests (valid and invalid), on SQLite and PostgreSQL. No answer may be a 5xx, and every
answer must be one the document lists, with the body and content type it describes.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sync_support import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    BACKENDS,
    CountyServer,
    RawDevice,
    basic_auth,
    postgres_admin,
)

# Requests per operation, generation mode and credentials (60 passed too; 20 keep the run
# to about 15 s per backend).
EXAMPLES = 20
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module", params=BACKENDS)
def fuzzed_county(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[CountyServer, dict[str, dict[str, str]]]]:
    """One server per backend for the whole run, with a device and an administrator."""
    backend = str(request.param)
    url = None
    name = f"liaison_fuzz_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    if backend == "postgresql":
        with postgres_admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = f"postgresql+psycopg:///{name}"
    server = CountyServer(backend, Path(tmp_path_factory.mktemp("fuzz")) / "county", url)
    server.start()
    device = RawDevice(server)
    try:
        yield (
            server,
            {
                "none": {},
                "device": {"Authorization": f"Bearer {device.token}"},
                "admin": {"Authorization": basic_auth(ADMIN_USER, ADMIN_PASSWORD)},
            },
        )
    finally:
        device.close()
        server.stop()
        if backend == "postgresql":
            with postgres_admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_no_request_gets_a_server_error_or_an_undocumented_answer(
    fuzzed_county: tuple[CountyServer, dict[str, dict[str, str]]],
) -> None:
    server, credentials = fuzzed_county
    schema = schemathesis.openapi.from_url(server.url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 19
    failures: list[str] = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Any) -> None:
                for headers in credentials.values():  # none, a device's, an administrator's
                    case.call_and_validate(
                        base_url=server.url, headers=headers, checks=CHECKS, timeout=30
                    )

            try:
                run()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE  # nothing to make invalid (health)
            except Exception as error:  # every operation is tried; all failures are listed
                failures.append(f"{operation.label} ({mode.value}): {error}")
    assert not failures, "\n\n".join(failures)
