#!/usr/bin/env bash
# The log's window (LOG-3): a server signs new log entries within its
# checkpoint interval, so that after a crash (kill -9) the entries older
# than the interval cannot be cut, nor an older copy of the database put
# back, without `audit verify` failing. After an orderly stop every entry
# is signed.
. "$(dirname "$0")/lib.sh"

newdb w
newdb old
newdb keep
"$ZK" init --db "$DB_w" --profile "$M" --demo >/dev/null || { bad init; finish; exit 1; }
# The demo has two organisations (SCOPE-3): these checks work on the first.
export ZORGKLUIS_TENANT=micare-werkt
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18941)
base="http://127.0.0.1:$port/api/v1"
start() {
  "$ZK" serve --db "$DB_w" --listen "127.0.0.1:$port" --checkpoint-interval 500 >"$TMP/serve.out" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    curl -fsS "$base/health" >/dev/null 2>&1 && return
    sleep 0.1
  done
  bad "server did not start"
}
# Refused logins are logged, one entry each (a different user each time,
# so that no throttle stands in the way).
logins() {
  for u in professional team_lead dpo board office hr; do
    curl -s -o /dev/null -H 'Content-Type: application/json' \
      -d "{\"tenant\":\"micare-werkt\",\"username\":\"$u\",\"password\":\"fout-wachtwoord-$1\"}" "$base/login"
  done
}
top() { sql "$1" "SELECT coalesce(max(seq),0) FROM audit_log"; }

# An older copy, to put back later: SQLite copies a database in use; a
# server copies one only when nothing is connected, so before the start.
if on_pg; then copydb w old; fi
start
before=$(top "$DB_w")
if ! on_pg; then sqlite3 "$DB_w" ".backup '$DB_old'"; fi
logins 1
sleep 1.5
kill -9 "$pid"; wait "$pid" 2>/dev/null
after=$(top "$DB_w")
[ "$after" -gt "$before" ] && ok || bad "the logins were not logged ($before, $after)"
rule LOG-3
# Every entry older than the interval is signed, though the server died.
signed=$(sql "$DB_w" "SELECT coalesce(max(seq),0) FROM audit_checkpoint")
[ "$signed" -eq "$after" ] && ok || bad "after kill -9: signed up to $signed of $after"
expect 0 "intact after kill -9" -- "$ZK" audit verify --db "$DB_w"
copydb w keep
# Cut the newest entries, with any checkpoint that names them.
sql "$DB_w" "DELETE FROM audit_log WHERE seq > $before; DELETE FROM audit_checkpoint WHERE seq > $before"
expect 1 "cut older than the window" -- "$ZK" audit verify --db "$DB_w"
contains "$TMP/out" "FAILED" "the cut is reported"
# Put back the older copy.
copydb old w
expect 1 "older copy put back" -- "$ZK" audit verify --db "$DB_w"
contains "$TMP/out" "FAILED" "the rollback is reported"

# An orderly stop under load: exit 0, every entry signed.
copydb keep w
start
for i in 1 2 3 4; do (for j in 1 2 3 4 5 6; do logins "$i$j"; done) & done
sleep 0.5
kill -TERM "$pid"; wait "$pid"; rc=$?
wait
[ "$rc" -eq 0 ] && ok || bad "serve exit $rc after SIGTERM under load"
expect 0 "intact after SIGTERM" -- "$ZK" audit verify --db "$DB_w"
last=$(top "$DB_w")
signed=$(sql "$DB_w" "SELECT coalesce(max(seq),0) FROM audit_checkpoint")
[ "$signed" -eq "$last" ] && ok || bad "after SIGTERM: signed up to $signed of $last"
finish
