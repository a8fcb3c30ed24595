#!/usr/bin/env bash
# Starts a private, throwaway PostgreSQL cluster on loopback and exports CJ_TEST_POSTGRES (a connection string).
# Source it: `source .ci/postgres.sh`; the cluster stops when the sourcing shell exits (trap). Needs root and Debian's
# postgresql package; without them it prints why and leaves CJ_TEST_POSTGRES unset (PostgreSQL tests then skip,
# except under CI=true where they fail).
cj_pg_start() {
  if [ -n "${CJ_TEST_POSTGRES:-}" ]; then return 0; fi
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "postgres: not installed (apt-get install postgresql); PostgreSQL tests will not run against a server" >&2
    return 0
  fi
  if [ "$(id -u)" != 0 ] || ! id postgres >/dev/null 2>&1; then
    echo "postgres: a private cluster needs root and the postgres user; set CJ_TEST_POSTGRES to use your own server" >&2
    return 0
  fi
  CJ_PG_DIR=$(mktemp -d /tmp/cj-pg.XXXXXX)
  chown postgres:postgres "$CJ_PG_DIR"
  local port=${CJ_PG_PORT:-55432}
  runuser -u postgres -- "$bin/initdb" -D "$CJ_PG_DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$CJ_PG_DIR/data" -l "$CJ_PG_DIR/pg.log" \
    -o "-p $port -k $CJ_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200" -w -t 60 start >/dev/null
  CJ_PG_BIN=$bin
  export CJ_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"
  trap cj_pg_stop EXIT
  echo "postgres: private cluster on 127.0.0.1:$port ($CJ_PG_DIR)" >&2
}
cj_pg_stop() {
  if [ -n "${CJ_PG_DIR:-}" ]; then
    runuser -u postgres -- "$CJ_PG_BIN/pg_ctl" -D "$CJ_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$CJ_PG_DIR"
    CJ_PG_DIR=
  fi
}
cj_pg_start
