#!/usr/bin/env bash
# The integration suite on a real PostgreSQL: starts a throwaway server (Debian's postgresql package) as an
# unprivileged user, data and socket in a temp folder, no TCP port; runs every test that is not about SQLite
# itself against it (each test class gets its own database, migrated by the PostgreSQL migrations); stops it.
#   scripts/test-postgres.sh [extra dotnet test arguments]
# Needs: apt-get install postgresql (the server binaries; the package's own cluster need not run).
set -euo pipefail
cd "$(dirname "$0")/.."

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "PostgreSQL's server binaries are missing: apt-get install postgresql" >&2
  exit 2
fi

WORK=$(mktemp -d /tmp/zhuji-pg.XXXXXX)
chmod 755 "$WORK"
RUN=()
if [ "$(id -u)" = "0" ]; then
  # initdb refuses root: the server runs as the package's postgres user (or nobody).
  OWNER=$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)
  chown "$OWNER" "$WORK"
  RUN=(runuser -u "$OWNER" --)
fi

stop() {
  "${RUN[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap stop EXIT

"${RUN[@]}" "$PGBIN/initdb" -D "$WORK/data" -U zhuji --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w \
  -o "-k $WORK -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
echo "== PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on $WORK"

export ZHUJI_TEST_POSTGRES="Host=$WORK;Username=zhuji;Database=postgres;Pooling=true;Maximum Pool Size=50"
# ZHUJI_PG_FILTER narrows the run (it must keep TestCategory!=SqliteOnly).
dotnet test Tests/Zhuji.Tests --filter "${ZHUJI_PG_FILTER:-TestCategory!=SqliteOnly}" "$@"
