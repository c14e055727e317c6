#!/usr/bin/env bash
# Runs the test suite with TMPDIR set to a fresh, empty directory and fails
# when anything is left behind in it: every test cleans up after itself
# and honours TMPDIR. Also fails when a test, benchmark or script names
# /tmp itself instead of honouring TMPDIR.
# usage: check-leftovers.sh BUILD-DIR [CTEST-ARGS...]
set -u
build=$1
shift
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
if hard=$(grep -rnE '/tmp\b' "$root/tests" "$root/bench" "$root/scripts" \
  --include='*.c' --include='*.h' --include='*.sh' |
  grep -vE 'TMPDIR:-/tmp|base = "/tmp"|check-leftovers\.sh' |
  grep -vE '^[^:]+:[0-9]+:[[:space:]]*(\*|/\*|//|#)'); then
  echo "check-leftovers: these name /tmp instead of honouring TMPDIR:" >&2
  sed 's/^/  /' <<<"$hard" >&2
  status=1
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/zkcheck.XXXXXX") || exit 2
# Searchable, not readable, by others: the tests' PostgreSQL servers run
# as the postgres user and keep their files below it.
chmod 711 "$dir"
# A throw-away PostgreSQL for the tests' second engine (label pgsql),
# beside the TMPDIR it checks, stopped and removed whatever happens.
# ZK_CHECK_PG=0 runs without it: the PostgreSQL variants are then skipped.
pgdir=""
stop_pg() {
  if [ -n "$pgdir" ]; then
    bash "$root/scripts/pg-cluster.sh" stop "$pgdir/pg"
    rm -rf "$pgdir"
    pgdir=""
  fi
}
trap 'stop_pg; rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM
if [ "${ZK_CHECK_PG:-1}" != 0 ]; then
  pgdir=$(mktemp -d "${TMPDIR:-/tmp}/zkpg.XXXXXX") || exit 2
  chmod 711 "$pgdir"
  if ! conn=$(bash "$root/scripts/pg-cluster.sh" start "$pgdir/pg" --fast); then
    echo "check-leftovers: could not start PostgreSQL for the tests" >&2
    exit 1
  fi
  export ZK_TEST_PG=${conn% dbname=postgres}
fi
(cd "$build" && TMPDIR=$dir ctest --output-on-failure "$@") || status=1
left=$(find "$dir" -mindepth 1 -maxdepth 1)
if [ -n "$left" ]; then
  echo "check-leftovers: the tests left these behind in TMPDIR:" >&2
  du -sh $left 2>/dev/null | sed 's/^/  /' >&2
  status=1
fi
exit $status
