#!/usr/bin/env bash
# Start the machine's PostgreSQL 15 for the tests (the sync tests run the county server on it)
# and make sure the current user has a superuser role reachable over the Unix socket.
# Idempotent; prints one line. Exits 0 without doing anything where PostgreSQL is not installed,
# and the PostgreSQL tests then fail with a clear message (they are never skipped silently).
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "postgres.sh: pg_ctlcluster not found; PostgreSQL tests will report it" >&2
  exit 0
fi
if ! pg_lsclusters -h 2>/dev/null | awk '$1=="15" && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster 15 main start
fi
me=$(id -un)
if ! su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$me'\"" | grep -q 1; then
  su postgres -c "createuser -s $me"
fi
echo "postgres.sh: PostgreSQL 15 is running; role $me ready"
