#!/usr/bin/env bash
# with-postgres.sh CMD...: run CMD with SHOP_TEST_POSTGRES naming a throwaway PostgreSQL 15 cluster on loopback,
# stopped and deleted when CMD ends. Installs Debian's postgresql when missing (needs root, as CI has).
# Used by `make test-postgres` and .ci/run; see ../shared/TOOLING.md for why each step is there.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PGBIN/initdb" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}
# initdb refuses to run as root, and the server must be able to walk to its data folder: mktemp makes 0700.
base=$(mktemp -d /tmp/shop-pg.XXXXXX)
chmod 755 "$base"
data="$base/data"
mkdir "$data" "$base/run"
chown postgres "$data" "$base/run" 2>/dev/null || true
# A free port: ask the kernel for one.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
  as_postgres "$PGBIN/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$base"
}
trap cleanup EXIT
as_postgres "$PGBIN/initdb" -D "$data" --auth=trust -U postgres >/dev/null
# fsync off: the cluster is thrown away, and the tests create and drop many schemas.
as_postgres "$PGBIN/pg_ctl" -D "$data" -l "$base/run/server.log" \
  -o "-h 127.0.0.1 -p $port -k $base/run -c fsync=off -c synchronous_commit=off -c full_page_writes=off" -w start >/dev/null
"$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres shop
export SHOP_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/shop?sslmode=disable"
echo "with-postgres: SHOP_TEST_POSTGRES=$SHOP_TEST_POSTGRES"
"$@"
