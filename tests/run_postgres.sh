#!/usr/bin/env bash
# `make test-postgres`: run the whole suite against a throw-away PostgreSQL
# cluster on a private Unix socket, then stop it and delete it.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
[ -n "$(pg_bin)" ] || tests/apt_install.sh postgresql
BIN="$(pg_bin)"

CLUSTER="$(mktemp -d /tmp/sco-postgres.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# PostgreSQL refuses to run as root: as root, run it as the postgres user.
if [ "$(id -u)" = 0 ]; then
  chown postgres "$CLUSTER"
  AS=(runuser -u postgres --)
else
  AS=()
fi
stop() {
  "${AS[@]}" "$BIN/pg_ctl" -D "$CLUSTER/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$CLUSTER"
}
trap stop EXIT

"${AS[@]}" "$BIN/initdb" -D "$CLUSTER/data" -U postgres -A trust -E UTF8 \
  --locale=C.UTF-8 --no-sync >/dev/null
"${AS[@]}" "$BIN/pg_ctl" -D "$CLUSTER/data" -l "$CLUSTER/server.log" -w \
  -o "-k $CLUSTER -p $PORT -c listen_addresses='' -c fsync=off" start >/dev/null
"$BIN/createdb" -h "$CLUSTER" -p "$PORT" -U postgres sco

echo "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on $CLUSTER:$PORT"
DATABASE_URL="postgres://postgres@/sco?host=$CLUSTER&port=$PORT" \
  .venv/bin/python -m pytest "$@"
