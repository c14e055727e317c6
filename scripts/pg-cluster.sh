#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL server for tests and demos:
# Debian's postgresql, initdb in DIR, listening on a unix socket in DIR
# only (no TCP). As root, the server runs as the postgres user.
#
# usage: pg-cluster.sh start DIR [--fast]
#                                  prints the conninfo of the server's
#                                  "zorgkluis" role (not a superuser, so
#                                  row-level security applies to it);
#                                  --fast: no fsync, for tests only
#        pg-cluster.sh stop DIR    stops the server; DIR is left to the caller
#        pg-cluster.sh createdb DIR NAME   a fresh database owned by that role
set -euo pipefail

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || {
  echo "usage: pg-cluster.sh start|stop|createdb DIR [NAME]" >&2
  exit 2
}

bin=""
for v in $(ls /usr/lib/postgresql 2>/dev/null | sort -rn); do
  if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then
    bin=/usr/lib/postgresql/$v/bin
    break
  fi
done
[ -n "$bin" ] || {
  echo "pg-cluster: PostgreSQL is not installed; run scripts/install-deps.sh" >&2
  exit 1
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case $cmd in
start)
  durable="-c fsync=on"
  if [ "${3:-}" = --fast ]; then
    durable="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  # The unix socket path must fit in 107 bytes.
  if [ ${#dir} -gt 90 ]; then
    echo "pg-cluster: $dir is too long for a unix socket path" >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      echo "pg-cluster: the postgres user cannot reach $dir; make its parent directories searchable (chmod o+x)" >&2
      exit 1
    fi
  fi
  chmod 0700 "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' $durable -c max_connections=200 -c shared_buffers=128MB" \
    start >/dev/null || {
    cat "$dir/server.log" >&2
    exit 1
  }
  as_owner "$bin/psql" -h "$dir" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE zorgkluis LOGIN CREATEDB NOSUPERUSER NOBYPASSRLS" \
    -c "GRANT pg_signal_backend TO zorgkluis" >/dev/null
  echo "host=$dir user=zorgkluis dbname=postgres"
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
  fi
  ;;
createdb)
  name=${3:?createdb needs a name}
  "$bin/psql" -h "$dir" -U zorgkluis -d postgres -qAt -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE \"$name\"" >/dev/null
  echo "host=$dir user=zorgkluis dbname=$name"
  ;;
*)
  echo "pg-cluster: unknown command $cmd" >&2
  exit 2
  ;;
esac
