"""Fault-injection harness: the real county server in a subprocess, a village PC killed at will.

Shared by the tests in this folder and by ``tools/sync_soak.py`` (the same scenarios, longer).
Nothing here is mocked: the county server is ``python -m county … serve`` on 127.0.0.1, the
village is a real workbench database made by ``liaison demo --unsynced`` and enrolled with
``liaison enrol``, and a sync round is ``desktop.cli.run_sync_once`` — what ``liaison sync
--once`` runs.

Killing the village PC (sync-anchors §9 test 5) goes through a small *zygote*: a helper process
that imports the workbench once and then forks one child per round (a fork costs milliseconds,
a fresh interpreter 1.5 s of imports). The child saves a few records through the write path,
one transaction each (new demands and contacts, sometimes an edit or the withdrawal of a demand
the county may be dispatching at that very moment), then runs a sync round. The zygote SIGKILLs
it after a random delay; every fourth round the child instead SIGKILLs itself at a named point
(``target``), so that the narrow windows — server committed but answer not applied, page
applied but cursor not committed — are hit in every run; one round in ten is left to finish.
Because the zygote is the child's parent, it can never kill a reused pid.

The child only *observes* the sync code: it wraps ``Transport.request`` and the two apply
functions to write phase markers (``push-sent``, ``push-answered`` …) to a file, so the parent
knows where each kill landed. A trigger installed in the client database copies every outbox
op into ``fault_op_ledger`` in the op's own transaction: the exact list of ops the client ever
committed, which the server's ``applied_op`` rows must equal in the end.

Run as a script, this file is the zygote: ``python faults_harness.py zygote DATA_DIR RUN_DIR``.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import select
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

REPO = Path(__file__).resolve().parents[2]
HARNESS = Path(__file__).resolve()
VILLAGE_CODE = "220122105201"
VILLAGE_NAME = "陈家店村"
LEDGER = "fault_op_ledger"

# Points where a child kills itself (one per targeted round, in turn). Each is a window a timed
# kill rarely hits: between two local transactions, after the server committed a push but
# before the answer is applied, inside the push-result transaction, after a pull page arrived,
# and after a page was applied but before the transaction with the new cursor committed.
KILL_TARGETS = (
    "write-1-committed",
    "push-answered",
    "push-applied-uncommitted",
    "pull-answered",
    "pull-applied-uncommitted",
)
TARGETED_EVERY = 4  # every 4th round is a targeted one; the others are killed by timing,
CLEAN_EVERY = 10  # except one in ten, which is left to finish
ROUND_DEADLINE = 180.0  # a round still running after this is stuck (a liveness failure)

Log = Callable[[str], None]


def _quiet(_message: str) -> None:
    pass


# --- processes -------------------------------------------------------------------------------


def subprocess_env() -> dict[str, str]:
    """Environment of every process the harness starts: this checkout first, no keyring
    (the device token goes to the data folder's file), no proxy for 127.0.0.1."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    env["PYTHONUNBUFFERED"] = "1"
    env["NO_PROXY"] = env["no_proxy"] = ",".join(
        p for p in ("127.0.0.1", "localhost", env.get("NO_PROXY")) if p
    )
    env.pop("LIAISON_COUNTY_DATABASE_URL", None)
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_cli(args: list[str], *, timeout: float = 180.0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def checked_cli(args: list[str], *, timeout: float = 180.0) -> str:
    done = run_cli(args, timeout=timeout)
    if done.returncode != 0:
        raise AssertionError(
            f"{' '.join(args)} exited {done.returncode}\nstdout: {done.stdout}\nstderr: {done.stderr}"
        )
    return done.stdout


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


class CountyServer:
    """``python -m county … serve`` on 127.0.0.1; can be SIGKILLed and restarted on its port."""

    def __init__(
        self, data_dir: Path, database_url: str | None = None, port: int | None = None
    ) -> None:
        self.data_dir = data_dir
        self.database_url = database_url
        self.port = port or free_port()
        self.log_path = data_dir.with_name(data_dir.name + "-server.log")
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.kills = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def county_args(self) -> list[str]:
        args = ["-m", "county", "--data-dir", str(self.data_dir)]
        if self.database_url:
            args += ["--database-url", self.database_url]
        return args

    def cli(self, *args: str) -> str:
        """A ``liaison-county`` command against this server's database."""
        return checked_cli([*self.county_args(), *args])

    def healthy(self) -> bool:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            conn.request("GET", "/api/v1/health")
            response = conn.getresponse()
            response.read()
            return response.status == 200
        except OSError:
            return False
        finally:
            conn.close()

    def start(self, timeout: float = 60.0) -> None:
        assert self.proc is None, "already running"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    *self.county_args(),
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                ],
                cwd=REPO,
                env=subprocess_env(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.starts += 1
        deadline = time.monotonic() + timeout
        while not self.healthy():
            code = self.proc.poll()
            if code is not None:
                self.proc = None
                raise RuntimeError(f"county server exited with {code}:\n{_tail(self.log_path)}")
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"county server not healthy after {timeout} s")
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: no shutdown, open transactions die with the process."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.proc = None
        self.kills += 1

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)
        self.proc = None


# --- the village PC --------------------------------------------------------------------------


@dataclass
class Village:
    data_dir: Path
    device_id: str

    @property
    def db_path(self) -> Path:
        return self.data_dir / "workbench.db"


def install_op_ledger(db_path: Path) -> None:
    """Record every outbox op ever committed (in the op's own transaction) in a side table."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            f"CREATE TABLE {LEDGER} (op_id TEXT PRIMARY KEY, entity TEXT NOT NULL,"
            " record_id TEXT NOT NULL, op TEXT NOT NULL)"
        )
        conn.execute(f"INSERT INTO {LEDGER} SELECT op_id, entity, record_id, op FROM outbox")
        conn.execute(
            f"CREATE TRIGGER {LEDGER}_insert AFTER INSERT ON outbox BEGIN "
            f"INSERT INTO {LEDGER} VALUES (NEW.op_id, NEW.entity, NEW.record_id, NEW.op); END"
        )
        conn.execute("COMMIT")
    finally:
        conn.close()


def make_village(
    work: Path,
    server: CountyServer,
    *,
    demands: int,
    contacts: int,
    activities: int,
    volunteers: int,
    seed: int = 20261129,
) -> Village:
    """A village database full of unsynced records, enrolled with ``server``."""
    data_dir = work / "village"
    code = server.cli("enrol-code", "--village", VILLAGE_CODE, "--name", VILLAGE_NAME)
    code = code.splitlines()[0].strip()
    checked_cli(
        [
            "-m", "desktop", "demo", "--data-dir", str(data_dir), "--unsynced",
            "--demands", str(demands), "--contacts", str(contacts),
            "--activities", str(activities), "--volunteers", str(volunteers),
            "--seed", str(seed),
        ]
    )  # fmt: skip
    install_op_ledger(data_dir / "workbench.db")
    checked_cli(
        ["-m", "desktop", "enrol", "--data-dir", str(data_dir), "--server", server.url,
         "--code", code, "--device-name", "故障测试机"]
    )  # fmt: skip
    settings = json.loads((data_dir / "sync.json").read_text(encoding="utf-8"))
    return Village(data_dir, settings["device_id"])


def sync_once(village: Village) -> subprocess.CompletedProcess[str]:
    """``liaison sync --once`` as its own process."""
    return run_cli(["-m", "desktop", "sync", "--once", "--data-dir", str(village.data_dir)])


def _scoped_tables() -> dict[str, str]:
    import liaison_wire as wire
    from desktop.models.entities import SYNCED_ENTITIES

    return {
        name: cls.__tablename__  # type: ignore[attr-defined]
        for name, cls in SYNCED_ENTITIES.items()
        if wire.ENTITIES[name].scoped
    }


@contextlib.contextmanager
def _sqlite(db_path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(db_path, isolation_level=None, timeout=30)
    try:
        yield conn
    finally:
        conn.close()


def local_problems(db_path: Path) -> list[str]:
    """What must hold on the village PC after *any* kill: an intact file, no record that is
    neither acknowledged by the county nor waiting in the outbox, no op without its record."""
    problems: list[str] = []
    with _sqlite(db_path) as conn:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            problems.append(f"integrity_check: {rows[:5]}")
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append(f"foreign_key_check: {fk[:5]}")
        for entity, table in _scoped_tables().items():
            stranded = conn.execute(
                f"SELECT id FROM {table} WHERE server_version IS NULL AND id NOT IN "
                "(SELECT record_id FROM outbox) AND id NOT IN (SELECT record_id FROM sync_rejection)"
            ).fetchall()
            if stranded:
                problems.append(f"{entity}: {len(stranded)} unsynced without an outbox op")
            orphans = conn.execute(
                f"SELECT record_id FROM outbox WHERE entity = ? AND record_id NOT IN "
                f"(SELECT id FROM {table})",
                (entity,),
            ).fetchall()
            if orphans:
                problems.append(f"{entity}: {len(orphans)} outbox ops without their record")
        missing = conn.execute(
            f"SELECT count(*) FROM outbox WHERE op_id NOT IN (SELECT op_id FROM {LEDGER})"
        ).fetchone()[0]
        if missing:
            problems.append(f"{missing} outbox ops missing from the ledger")
    return problems


def pull_cursor(db_path: Path) -> int:
    with _sqlite(db_path) as conn:
        row = conn.execute("SELECT value FROM sync_state WHERE key = 'pull_cursor'").fetchone()
    return int(row[0]) if row else 0


def outbox_size(db_path: Path) -> int:
    with _sqlite(db_path) as conn:
        return int(conn.execute("SELECT count(*) FROM outbox").fetchone()[0])


# --- the invariants after a final clean sync -------------------------------------------------


@dataclass
class Verified:
    records: int
    by_entity: dict[str, int]
    ops: int
    op_statuses: dict[str, int]
    deleted: int
    conflicts: int
    feed_rows: int
    committed_checked: int


def verify_converged(
    village: Village, county_db: Any, committed: list[tuple[str, str, str]] | None = None
) -> Verified:
    """0 lost, 0 duplicated, server set == client set, outbox empty, ops == ledger."""
    from sqlalchemy import func, select

    from county.models import AppliedOp, ChangeFeed, Record
    from county.models import Village as CountyVillage

    problems: list[str] = []
    tables = _scoped_tables()
    # client side
    client: dict[str, tuple[str, int | None]] = {}
    client_deleted: set[str] = set()
    client_status: dict[str, str] = {}
    with _sqlite(village.db_path) as conn:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            problems.append(f"client integrity_check: {rows[:5]}")
        for entity, table in tables.items():
            for record_id, version, deleted in conn.execute(
                f"SELECT id, server_version, deleted_at IS NOT NULL FROM {table}"
            ):
                client[record_id] = (entity, version)
                if deleted:
                    client_deleted.add(record_id)
        client_status = dict(conn.execute("SELECT id, status FROM demand"))
        outbox = conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
        client_rejected = {r[0] for r in conn.execute("SELECT op_id FROM sync_rejection")}
        ledger = {
            r[0]: (r[1], r[2], r[3])
            for r in conn.execute(f"SELECT op_id, entity, record_id, op FROM {LEDGER}")
        }
        client_numbers = [r[0] for r in conn.execute("SELECT number FROM demand")]
    if outbox:
        problems.append(f"client outbox not empty: {outbox} ops")
    if len(set(client_numbers)) != len(client_numbers):
        problems.append("client has duplicate demand numbers")
    # server side
    with county_db.reading() as session:
        village_id = session.scalar(
            select(CountyVillage.id).where(CountyVillage.code == VILLAGE_CODE)
        )
        # The village's records, and the county's teams the village pulled (county_moves
        # publishes those it dispatches to: the client's team table holds both).
        server = {
            r.id: r
            for r in session.scalars(
                select(Record).where(
                    (Record.village_id == village_id)
                    | (Record.village_id.is_(None) & (Record.entity == "team"))
                )
            )
        }
        applied = {
            op.op_id: op.result
            for op in session.scalars(
                select(AppliedOp).where(AppliedOp.device_id == village.device_id)
            )
        }
        applied_rows = session.scalar(
            select(func.count())
            .select_from(AppliedOp)
            .where(AppliedOp.device_id == village.device_id)
        )
        feed = session.execute(
            select(
                ChangeFeed.record_id,
                func.count(),
                func.count(func.distinct(ChangeFeed.version)),
                func.max(ChangeFeed.version),
            )
            .where(ChangeFeed.village_id == village_id)
            .group_by(ChangeFeed.record_id)
        ).all()
    server_by_entity = Counter(r.entity for r in server.values())
    client_by_entity = Counter(entity for entity, _ in client.values())
    if server_by_entity != client_by_entity:
        problems.append(
            f"per-entity counts differ: server {server_by_entity} client {client_by_entity}"
        )
    only_client = set(client) - set(server)
    only_server = set(server) - set(client)
    if only_client:
        problems.append(f"{len(only_client)} records lost (on the client, not on the server)")
    if only_server:
        problems.append(f"{len(only_server)} server records never reached the client")
    numbers = [r.data.get("number") for r in server.values() if r.entity == "demand"]
    if len(set(numbers)) != len(numbers):
        dupes = [n for n, c in Counter(numbers).items() if c > 1]
        problems.append(f"duplicate demand numbers on the server: {dupes[:5]}")
    deleted_off = client_deleted ^ {rid for rid, r in server.items() if r.deleted_at is not None}
    if deleted_off:
        problems.append(f"{len(deleted_off)} records deleted on one side only")
    stale = [
        rid
        for rid, (_entity, version) in client.items()
        if rid in server and version != server[rid].version
    ]
    if stale:
        problems.append(f"{len(stale)} records with a server_version other than the server's")
    status_off = [
        rid
        for rid, status in client_status.items()
        if rid in server and server[rid].data.get("status") != status
    ]
    if status_off:
        problems.append(f"{len(status_off)} demands whose status differs from the county's")
    # every applied change is one feed row; a record applied twice would show a gap or a repeat
    for record_id, rows_n, distinct_versions, max_version in feed:
        record = server.get(record_id)
        if record is None:
            problems.append(f"feed row for unknown record {record_id}")
        elif not rows_n == distinct_versions == max_version == record.version:
            problems.append(
                f"record {record_id}: version {record.version}, feed rows {rows_n}, "
                f"distinct versions {distinct_versions}, max {max_version}"
            )
    if applied_rows != len(set(applied)):
        problems.append(f"applied_op rows {applied_rows} != distinct op ids {len(set(applied))}")
    if set(applied) != set(ledger):
        problems.append(
            f"applied ops != ops the client committed: {len(set(ledger) - set(applied))} never "
            f"applied, {len(set(applied) - set(ledger))} unknown to the client"
        )
    statuses = Counter(result["status"] for result in applied.values())
    # The one refusal this scenario allows: withdrawing a demand the county already acted on.
    rejected = {op_id for op_id, result in applied.items() if result["status"] == "rejected"}
    for op_id in rejected:
        entity, record_id, op = ledger.get(op_id, ("?", "?", "?"))
        record = server.get(record_id)
        if not (
            entity == "demand"
            and op == "delete"
            and record is not None
            and record.deleted_at is None
            and record.data.get("status") not in ("DRAFT", "SUBMITTED", "CANCELLED")
        ):
            problems.append(f"op {op_id} ({op} {entity}) rejected: {applied[op_id].get('reason')}")
    if client_rejected != rejected:
        problems.append(
            f"the client shows {len(client_rejected)} refused ops, the server refused {len(rejected)}"
        )
    committed = committed or []
    for entity, record_id, extra in committed:
        if client.get(record_id, ("", None))[0] != entity:
            problems.append(f"committed {entity} {record_id} missing locally")
        elif record_id not in server:
            problems.append(f"committed {entity} {record_id} missing on the server")
        elif entity == "demand" and extra not in ("", "edit", "delete"):
            number = server[record_id].data.get("number")
            if number != extra:
                problems.append(f"demand {record_id}: number {extra} became {number}")
    if problems:
        raise AssertionError("sync did not converge:\n  " + "\n  ".join(problems[:40]))
    conflicts = sum(len(r.get("conflicts") or []) for r in applied.values())
    return Verified(
        records=len(server),
        by_entity=dict(sorted(server_by_entity.items())),
        ops=len(applied),
        op_statuses=dict(statuses),
        deleted=len(client_deleted),
        conflicts=conflicts,
        feed_rows=sum(row[1] for row in feed),
        committed_checked=len(committed),
    )


# --- killing the client (anchors §9 test 5) --------------------------------------------------


class Zygote:
    """The helper process that forks (and kills) one sync child per round."""

    def __init__(self, village: Village, run_dir: Path) -> None:
        run_dir.mkdir(parents=True, exist_ok=True)
        self.run_dir = run_dir
        self.stderr_path = run_dir / "zygote.err"
        with self.stderr_path.open("ab") as err:
            self.proc = subprocess.Popen(
                [sys.executable, str(HARNESS), "zygote", str(village.data_dir), str(run_dir)],
                cwd=REPO,
                env=subprocess_env(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
                encoding="utf-8",
            )
        ready = self._read()
        assert ready.get("ready"), ready

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"zygote died:\n{_tail(self.stderr_path)}")
        return dict(json.loads(line))

    def send(self, command: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()

    def receive(self) -> dict[str, Any]:
        return self._read()

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                with contextlib.suppress(BrokenPipeError, OSError):
                    self.send({"cmd": "quit"})
                try:
                    self.proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=30)
        finally:
            for stream in (self.proc.stdin, self.proc.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()


@dataclass
class KillFigures:
    rounds: int = 0
    kills: int = 0
    timed_kills: int = 0
    targeted_kills: int = 0
    completed: int = 0
    sync_exit_codes: Counter[int] = field(default_factory=Counter)
    kill_phases: Counter[str] = field(default_factory=Counter)
    timed_kill_phases: Counter[str] = field(default_factory=Counter)
    records_committed: int = 0
    edits_committed: int = 0
    deletes_committed: int = 0
    county_moves: int = 0
    cursor_start: int = 0
    cursor_end: int = 0
    elapsed: float = 0.0
    verified: Verified | None = None

    def lines(self) -> list[str]:
        v = self.verified
        out = [
            f"rounds {self.rounds}: {self.kills} killed ({self.timed_kills} by timing, "
            f"{self.targeted_kills} at a named point), {self.completed} finished "
            f"(exit codes {dict(self.sync_exit_codes)})",
            "timed kills landed at: " + _counts(self.timed_kill_phases),
            "named-point kills at: " + _counts(self.kill_phases - self.timed_kill_phases),
            f"saves committed by the children: {self.records_committed} new records, "
            f"{self.edits_committed} edits, {self.deletes_committed} deletes; "
            f"county moves meanwhile {self.county_moves}, pull cursor "
            f"{self.cursor_start} -> {self.cursor_end}",
        ]
        if v is not None:
            out.append(
                f"server == client: {v.records} village records {v.by_entity}; "
                f"{v.ops} ops applied once each {v.op_statuses}; {v.deleted} tombstones; "
                f"{v.feed_rows} feed rows"
            )
        out.append(f"elapsed {self.elapsed:.1f} s")
        return out


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{k} {n}" for k, n in sorted(counter.items())) or "-"


_MOVABLE = ("SUBMITTED", "TRIAGED", "LISTED", "DISPATCHED", "CLAIMED", "IN_PROGRESS")


def county_moves(county_db: Any, rng: random.Random, count: int) -> int:
    """The county works on a few of the village's demands (dispatch, claim, resolve, reject)."""
    from sqlalchemy import select

    from county import actions
    from county.models import Record

    with county_db.reading() as session:
        candidates = [
            (r.id, r.data.get("status"))
            for r in session.scalars(select(Record).where(Record.entity == "demand"))
            if r.data.get("status") in _MOVABLE and r.deleted_at is None
        ]
    names = ["陈家店村志愿服务队", "合隆镇医疗服务队", "县文艺志愿服务队"]
    with county_db.writing() as session:
        # A dispatch names a real team: the county publishes its teams first (same ids each
        # time, so publishing again changes nothing).
        actions.publish(
            session,
            "team",
            [{"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"team:{n}")), "name": n, "level": "COUNTY"}
             for n in names],
            actor="fault",
        )  # fmt: skip
    done = 0
    for demand_id, status in rng.sample(candidates, min(count, len(candidates))):
        team = rng.choice(names)
        try:
            with county_db.writing() as session:
                if status in ("SUBMITTED", "TRIAGED", "LISTED"):
                    if rng.random() < 0.15:
                        actions.reject_demand(session, demand_id, "不属于服务范围", actor="fault")
                    else:
                        actions.dispatch_demand(session, demand_id, team, actor="fault")
                elif status == "DISPATCHED" and rng.random() < 0.5:
                    actions.claim_demand(session, demand_id, actor="fault")
                else:
                    actions.resolve_demand(session, demand_id, "已上门办理完毕", actor="fault")
        except actions.ActionError:
            continue
        done += 1
    return done


def read_committed(run_dir: Path) -> list[tuple[str, str, str]]:
    """(entity, record id, number | "" | "edit" | "delete") of every save a child logged
    after its commit."""
    path = run_dir / "committed.log"
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3:
            out.append((parts[1], parts[2], parts[3] if len(parts) > 3 else ""))
    return out


def run_kill_rounds(
    village: Village,
    county_db: Any,
    run_dir: Path,
    *,
    rounds: int,
    seed: int,
    log: Log = _quiet,
) -> KillFigures:
    """``rounds`` sync rounds of a child that is SIGKILLed at a random point of most of them.

    Raises AssertionError at the first round after which the village database is unsound.
    """
    rng = random.Random(seed)
    figures = KillFigures(cursor_start=pull_cursor(village.db_path))
    started = time.monotonic()
    # How long a whole round, and its sync part, take: follows the rounds that finish (every
    # tenth round is left alone, as most rounds of a real PC are), and creeps up after each
    # timed kill so that a too-short guess corrects itself.
    estimate = {"fork": 1.5, "sync": 1.0}
    last_cursor = figures.cursor_start
    zygote = Zygote(village, run_dir)
    try:
        for n in range(1, rounds + 1):
            targeted = n % TARGETED_EVERY == 0
            clean = not targeted and n % CLEAN_EVERY == CLEAN_EVERY // 2
            target = (
                KILL_TARGETS[(n // TARGETED_EVERY - 1) % len(KILL_TARGETS)] if targeted else None
            )
            # Timed kills count from the fork (so they land in the saves too) or, every other
            # round, from the moment the sync starts (so they spread over push and pull).
            origin = "sync" if n % 2 else "fork"
            delay = None if targeted or clean else rng.uniform(0.0, estimate[origin] * 1.3)
            zygote.send(
                {"cmd": "round", "round": n, "seed": rng.randrange(2**31), "delay": delay,
                 "origin": origin, "target": target}
            )  # fmt: skip
            # Meanwhile the county works on demands, so that pulls have something to bring.
            figures.county_moves += county_moves(county_db, rng, rng.randint(1, 4))
            result = zygote.receive()
            figures.rounds += 1
            if result["problems"]:
                raise AssertionError(
                    f"round {n} (killed at {result['phase']}): {result['problems']}"
                )
            cursor = result["cursor"]
            if cursor < last_cursor:
                raise AssertionError(f"round {n}: pull cursor went back {last_cursor} -> {cursor}")
            last_cursor = cursor
            if result["killed"]:
                figures.kills += 1
                figures.kill_phases[result["phase"]] += 1
                if targeted:
                    figures.targeted_kills += 1
                else:
                    figures.timed_kills += 1
                    figures.timed_kill_phases[result["phase"]] += 1
                    estimate[origin] *= 1.02
            else:
                figures.completed += 1
                figures.sync_exit_codes[result["exit"]] += 1
                if result["exit"] != 0:
                    raise AssertionError(
                        f"round {n}: sync exited {result['exit']}:\n"
                        f"{_tail(run_dir / 'child.log', 15)}"
                    )
                if not targeted:
                    whole = result["elapsed"]
                    estimate["fork"] = 0.7 * estimate["fork"] + 0.3 * whole
                    estimate["sync"] = 0.7 * estimate["sync"] + 0.3 * (whole - result["sync_at"])
            log(
                f"round {n:4d}: {'killed' if result['killed'] else 'done  '} after "
                f"{result['elapsed']:.3f} s at {result['phase']}"
                + (
                    f" (target {target})"
                    if target
                    else " (clean)"
                    if delay is None
                    else f" (delay {delay:.3f} s from {origin})"
                )
            )
    finally:
        zygote.close()
    saves = read_committed(run_dir)
    figures.records_committed = sum(1 for s in saves if s[2] not in ("edit", "delete"))
    figures.edits_committed = sum(1 for s in saves if s[2] == "edit")
    figures.deletes_committed = sum(1 for s in saves if s[2] == "delete")
    figures.cursor_end = last_cursor
    figures.elapsed = time.monotonic() - started
    return figures


# --- the zygote and its children (run in the helper process) ---------------------------------


def _child_round(
    data_dir: Path, run_dir: Path, command: dict[str, Any], started: float, sync_fd: int
) -> int:
    """One round in the forked child: a few local saves, then ``liaison sync --once``."""
    import datetime as dt

    from sqlalchemy import select

    import desktop.sync.engine as engine
    from desktop import paths
    from desktop.cli import run_sync_once
    from desktop.models.catalog import DemandCategory
    from desktop.models.contacts import ContactInput, save_contact
    from desktop.models.db import open_database
    from desktop.models.demand import Demand
    from desktop.models.demands import DemandInput, delete_demand, register_demand
    from desktop.models.reference_data import active_catalog_version
    from desktop.models.rules.demand_status import Channel
    from desktop.models.station import Contact, Station
    from desktop.models.writes import WritePath
    from desktop.sync.transport import Transport

    n = int(command["round"])
    rng = random.Random(command["seed"])
    target = command.get("target")
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
    phase_fd = os.open(run_dir / f"round-{n:05d}.phases", flags, 0o644)
    committed_fd = os.open(run_dir / "committed.log", flags, 0o644)

    def phase(name: str) -> None:
        os.write(phase_fd, f"{time.monotonic() - started:.4f} {name}\n".encode())
        if name == target:
            os.kill(os.getpid(), signal.SIGKILL)

    def committed(entity: str, record_id: str, extra: str = "") -> None:
        os.write(committed_fd, f"{n} {entity} {record_id} {extra}\n".encode())

    # Observe the sync code without changing it.
    original_request = Transport.request

    def request(self: Transport, method: str, path: str, **kwargs: Any) -> Any:
        kind = path.rsplit("/", 1)[-1]
        phase(f"{kind}-sent")
        answer = original_request(self, method, path, **kwargs)
        phase(f"{kind}-answered")
        return answer

    original_push, original_pull = engine.apply_push_results, engine.apply_changes

    def apply_push(*args: Any, **kwargs: Any) -> Any:
        counts = original_push(*args, **kwargs)
        phase("push-applied-uncommitted")
        return counts

    def apply_pull(*args: Any, **kwargs: Any) -> Any:
        changed = original_pull(*args, **kwargs)
        phase("pull-applied-uncommitted")
        return changed

    Transport.request = request  # type: ignore[method-assign]
    engine.apply_push_results = apply_push
    engine.apply_changes = apply_pull

    phase("open")
    db = open_database(paths.database_path(data_dir), backup_dir=paths.backup_dir(data_dir))
    try:
        with db.reading() as session:
            station_id = session.scalar(select(Station.id))
            version = active_catalog_version(session)
            categories = list(
                session.scalars(
                    select(DemandCategory.code).where(DemandCategory.catalog_version == version)
                )
            )
            contact_ids = list(
                session.scalars(select(Contact.id).where(Contact.deleted_at.is_(None)))
            )
            demands: dict[str, str] = {
                demand_id: status
                for demand_id, status in session.execute(
                    select(Demand.id, Demand.status).where(Demand.deleted_at.is_(None))
                )
            }
        # One demand may be edited and another withdrawn (deleted) while the county, at the
        # same time, may be dispatching it: the server then refuses the delete and the client
        # shows the demand again.
        edited = rng.choice(sorted(demands))
        deletable = sorted(
            d for d, status in demands.items() if status == "SUBMITTED" and d != edited
        )
        saves: list[str] = ["demand"] * rng.randint(1, 3) + ["contact"] * rng.randint(0, 2)
        if rng.random() < 0.5:
            saves.append("contact-edit")
        if rng.random() < 0.3:
            saves.append("demand-edit")
        if deletable and rng.random() < 0.2:
            saves.append("demand-delete")
        rng.shuffle(saves)
        for i, kind in enumerate(saves, 1):
            phase(f"write-{i}")
            with db.writing() as session:
                if kind == "demand":
                    demand = register_demand(
                        session,
                        station_id,
                        DemandInput(
                            channel=rng.choice(list(Channel)).value,
                            category_code=rng.choice(categories),
                            title=f"故障注入第 {n} 轮第 {i} 条需求",
                            description="村民反映的问题，联络员登记后待上报",
                            requester_name=rng.choice(["王秀英", "李桂兰", "张建国", "刘淑珍"]),
                        ),
                    )
                    record = ("demand", demand.id, demand.number)
                elif kind == "contact":
                    contact = save_contact(
                        session,
                        station_id,
                        ContactInput(
                            name=rng.choice(["赵春生", "孙玉芳", "周立新"]), note=f"第 {n} 轮"
                        ),
                        today=dt.date.today(),
                    )
                    record = ("contact", contact.id, "")
                elif kind == "contact-edit":
                    contact = session.get_one(Contact, rng.choice(contact_ids))
                    WritePath(session).update(contact, note=f"第 {n} 轮回访：情况已核实")
                    record = ("contact", contact.id, "edit")
                elif kind == "demand-edit":
                    demand = session.get_one(Demand, edited)
                    WritePath(session).update(
                        demand, description=f"{demand.description[:60]}（第 {n} 轮补充）"
                    )
                    record = ("demand", demand.id, "edit")
                else:
                    demand = session.get_one(Demand, rng.choice(deletable))
                    delete_demand(session, demand)
                    record = ("demand", demand.id, "delete")
            committed(*record)
            phase(f"write-{i}-committed")
    finally:
        db.close()
    phase("sync")
    os.write(sync_fd, b"S")  # the zygote's clock for kills "from the sync" starts now
    os.close(sync_fd)
    code = run_sync_once(data_dir)
    phase(f"sync-exit-{code}")
    return code


def _exited(pid: int, pidfd: int | None, timeout: float, also: int | None = None) -> str:
    """Wait up to ``timeout`` for the child to exit ("exited") or ``also`` to be readable
    ("ready"); "timeout" otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        fds = [fd for fd in (pidfd, also) if fd is not None]
        readable, _, _ = select.select(
            fds, [], [], max(0.0, min(left, 0.002 if pidfd is None else left))
        )
        if also is not None and also in readable:
            return "ready"
        if pidfd is not None and pidfd in readable:
            return "exited"
        if pidfd is None and os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT):
            return "exited"
        if left <= 0:
            return "timeout"


def _wait_or_kill(pid: int, delay: float | None, sync_r: int | None) -> bool:
    """Wait ``delay`` seconds (counted from the fork, or from the child's sync start when
    ``sync_r`` is given) and SIGKILL the child if it still runs. True if a signal was sent."""
    if delay is None:
        return False
    try:
        pidfd: int | None = os.pidfd_open(pid)
    except (AttributeError, OSError):
        pidfd = None
    try:
        if sync_r is not None and _exited(pid, pidfd, 600.0, also=sync_r) == "exited":
            return False
        if _exited(pid, pidfd, delay) == "exited":
            return False
    finally:
        if pidfd is not None:
            os.close(pidfd)
    # Still our unreaped child: its pid cannot have been reused.
    os.kill(pid, signal.SIGKILL)
    return True


def _phases(path: Path) -> list[tuple[float, str]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    return [(float(at), name) for at, name in (line.split(" ", 1) for line in lines)]


def _zygote_round(data_dir: Path, run_dir: Path, command: dict[str, Any]) -> dict[str, Any]:
    started = time.monotonic()
    sys.stdout.flush()
    sys.stderr.flush()
    sync_r, sync_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 70
        try:
            os.close(sync_r)
            out = os.open(run_dir / "child.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            os.dup2(out, 1)
            os.dup2(out, 2)
            code = _child_round(data_dir, run_dir, command, started, sync_w)
        except BaseException:
            traceback.print_exc()
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)
    os.close(sync_w)
    hung = False
    try:
        delay = command.get("delay")
        if delay is None:  # a targeted round kills itself; one that never ends is stuck
            hung = _wait_or_kill(pid, ROUND_DEADLINE, None)
        else:
            from_sync = command.get("origin") == "sync"
            _wait_or_kill(pid, delay, sync_r if from_sync else None)
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(sync_r)
    elapsed = time.monotonic() - started
    exit_code = os.waitstatus_to_exitcode(status)
    db_path = data_dir / "workbench.db"
    phases = _phases(run_dir / f"round-{int(command['round']):05d}.phases")
    sync_at = next((at for at, name in phases if name == "sync"), elapsed)
    return {
        "round": command["round"],
        "exit": exit_code,
        "killed": exit_code == -signal.SIGKILL,
        "elapsed": elapsed,
        "sync_at": sync_at,
        "phase": phases[-1][1] if phases else "before-start",
        "problems": local_problems(db_path)
        + ([f"the round was still running after {ROUND_DEADLINE:.0f} s"] if hung else []),
        "cursor": pull_cursor(db_path),
    }


def zygote_main(data_dir: Path, run_dir: Path, stdin: TextIO, stdout: TextIO) -> int:
    # Everything a child needs, imported once before the first fork.
    import desktop.cli
    import desktop.models.contacts
    import desktop.models.demands
    import desktop.sync.engine
    import desktop.sync.setup  # noqa: F401

    _scoped_tables()
    stdout.write(json.dumps({"ready": True}) + "\n")
    stdout.flush()
    for line in stdin:
        command = json.loads(line)
        if command.get("cmd") == "quit":
            break
        stdout.write(json.dumps(_zygote_round(data_dir, run_dir, command)) + "\n")
        stdout.flush()
    return 0


# --- killing the server during a push (anchors §9 test 11) -----------------------------------


@dataclass
class ServerKillFigures:
    ops: int = 0
    kills: int = 0
    kills_during_push: int = 0
    kills_during_pull: int = 0
    outbox_at_kills: list[int] = field(default_factory=list)
    cursor_at_pull_kills: list[int] = field(default_factory=list)
    retries: int = 0
    elapsed: float = 0.0
    verified: Verified | None = None

    def lines(self) -> list[str]:
        v = self.verified
        out = [
            f"outbox {self.ops} ops; server SIGKILLed {self.kills} times: "
            f"{self.kills_during_push} during the push (outbox left {self.outbox_at_kills}), "
            f"{self.kills_during_pull} during the pull (cursor {self.cursor_at_pull_kills}); "
            f"client retries {self.retries}",
        ]
        if v is not None:
            out.append(f"server == client: {v.records} records, {v.ops} ops {v.op_statuses}")
        out.append(f"elapsed {self.elapsed:.1f} s")
        return out


def run_server_kills(
    village: Village,
    server: CountyServer,
    *,
    kills: int,
    pull_kills: int = 0,
    seed: int,
    log: Log = _quiet,
) -> ServerKillFigures:
    """Push the whole outbox with the sync engine in a thread while the server is SIGKILLed
    ``kills`` times at random moments and restarted on the same port and database; then,
    while the engine pulls (outbox empty), ``pull_kills`` times more."""
    from desktop.models.db import open_database
    from desktop.sync import engine as engine_module
    from desktop.sync.credentials import CredentialStore
    from desktop.sync.engine import SyncEngine
    from desktop.sync.transport import RetryPolicy, Transport

    rng = random.Random(seed)
    figures = ServerKillFigures(ops=outbox_size(village.db_path))
    store = CredentialStore(village.data_dir, use_keyring=False)
    settings, token = store.load_settings(), store.load_token()
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        time.sleep(seconds)

    # Enough short retries to ride out a restart (about 2 s) many times over; a killed server
    # refuses connections until it is back, so those are retried as patiently here (the
    # program itself gives up on a refused connection at once: nobody is there).
    policy = RetryPolicy(
        attempts=400, unreachable_attempts=400, base_delay=0.05, max_delay=0.4, sleep=sleep
    )
    db = open_database(village.db_path)
    transport = Transport(settings.server_url, token=token, timeout=(3.0, 60.0), retry=policy)
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["report"] = SyncEngine(db, transport).run()
        except BaseException as error:
            outcome["error"] = error

    # Small batches and pages keep the push and the pull going long enough for every planned
    # kill to land in them, however fast the server and client have become.
    saved_batch, saved_page = engine_module.PUSH_BATCH, engine_module.PULL_PAGE
    engine_module.PUSH_BATCH, engine_module.PULL_PAGE = 5, 5

    # The push kills are placed by progress, not by the clock: one at a random point in each
    # of ``kills`` equal slices of the outbox, so every one lands in the push however fast
    # the machine pushes (a loaded CI machine and an idle one differ by a factor of three).
    slice_ = figures.ops / (kills + 1)
    push_marks = [int(figures.ops - slice_ * (i + rng.uniform(0.6, 1.4))) for i in range(kills)]

    started = time.monotonic()
    thread = threading.Thread(target=run, name="sync-engine", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.02 if push_marks else rng.uniform(0.2, 1.0))
            if not thread.is_alive():
                break
            left = outbox_size(village.db_path)
            if left and push_marks and left <= push_marks[0]:
                push_marks.pop(0)
                figures.kills_during_push += 1
                figures.outbox_at_kills.append(left)
            elif not left and figures.kills_during_pull < pull_kills:
                figures.kills_during_pull += 1
                figures.cursor_at_pull_kills.append(pull_cursor(village.db_path))
            elif not push_marks and figures.kills_during_pull >= pull_kills:
                break
            else:
                continue
            server.kill()
            figures.kills += 1
            log(f"server killed ({figures.kills}) with {left} ops left in the outbox")
            time.sleep(rng.uniform(0.0, 0.5))
            server.start()
        thread.join(300)
        if thread.is_alive():
            raise AssertionError("the sync engine did not finish within 300 s")
    finally:
        if server.proc is None:
            server.start()
        thread.join(60)
        engine_module.PUSH_BATCH, engine_module.PULL_PAGE = saved_batch, saved_page
        transport.close()
        db.close()
    figures.retries = len(sleeps)
    figures.elapsed = time.monotonic() - started
    if "error" in outcome:
        raise AssertionError(f"sync failed: {outcome['error']!r}") from outcome["error"]
    return figures


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "zygote":
        sys.exit(zygote_main(Path(sys.argv[2]), Path(sys.argv[3]), sys.stdin, sys.stdout))
    print(f"usage: {sys.argv[0]} zygote DATA_DIR RUN_DIR", file=sys.stderr)
    sys.exit(2)
