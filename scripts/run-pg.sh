#!/usr/bin/env bash
# make run-pg: the demo served from a throw-away PostgreSQL server.
# Starts Debian's PostgreSQL in a temporary directory (a unix socket only,
# no TCP), creates the demo there with its keys beside the server's files,
# serves it until Ctrl-C, then stops the server and removes everything.
# usage: run-pg.sh ZORGKLUIS PROFILE LISTEN
set -euo pipefail
zk=$1
profile=$2
listen=$3
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/zkdemo.XXXXXX")
chmod 711 "$dir"
cleanup() {
  bash "$root/scripts/pg-cluster.sh" stop "$dir/pg" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
conn=$(bash "$root/scripts/pg-cluster.sh" start "$dir/pg")
conn=${conn% dbname=postgres}
psql "$conn dbname=postgres" -qAt -c "CREATE DATABASE zorgkluis" >/dev/null
db="$conn dbname=zorgkluis"
keys=$dir/keys
"$zk" init --db "$db" --keys "$keys" --profile "$profile" --demo \
  >"$dir/init.log" 2>&1 || { cat "$dir/init.log"; exit 1; }
cat <<TXT

zorgkluis demo on PostgreSQL: http://$listen/
  database  $db
  keys      $keys
Everything is removed when you stop the server (Ctrl-C).

Demo logins:
TXT
cat "$keys/demo-logins.txt"
cat <<TXT

The current code of a second factor:
  $zk user totp-code --db '$db' --keys $keys --username USER
TXT
# In the background, so that a signal to this script stops it too.
"$zk" serve --db "$db" --keys "$keys" --listen "$listen" &
serve=$!
trap 'kill -TERM "$serve" 2>/dev/null' INT TERM
wait "$serve" || true
wait "$serve" 2>/dev/null || true
