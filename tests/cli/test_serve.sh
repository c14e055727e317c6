#!/usr/bin/env bash
# zorgkluis serve: starts on a free port, answers the health endpoint,
# stops cleanly on SIGTERM leaving an intact, signed log.
. "$(dirname "$0")/lib.sh"

newdb s
nodb none
"$ZK" init --db "$DB_s" --profile "$M" >/dev/null || { bad init; finish; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18931)
"$ZK" serve --db "$DB_s" --listen "127.0.0.1:$port" >"$TMP/serve.out" 2>&1 &
pid=$!
for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health" >"$TMP/health" 2>/dev/null && break
  sleep 0.1
done
contains "$TMP/health" '"status":"ok"' "health answers"
code=$(curl -s -o "$TMP/nf" -w '%{http_code}' "http://127.0.0.1:$port/api/v1/nothing")
[ "$code" = 404 ] && ok || bad "unknown path: $code"
contains "$TMP/nf" '"error"' "JSON error body"
kill -TERM "$pid"; wait "$pid"; rc=$?
[ "$rc" -eq 0 ] && ok || bad "serve exit $rc"
expect 0 "log intact after serve" -- "$ZK" audit verify --db "$DB_s"
expect 2 "bad listen" -- "$ZK" serve --db "$DB_s" --listen nonsense
lines "$TMP/err" 1 "one-line listen error"
expect 1 "missing db" -- "$ZK" serve --db "$DB_none" --listen 127.0.0.1:0
finish
