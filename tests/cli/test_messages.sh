#!/usr/bin/env bash
# Messages a newcomer meets: each says what is wrong, in one line.
. "$(dirname "$0")/lib.sh"

newdb m
"$ZK" init --db "$DB_m" --profile "$M" --demo >/dev/null || { bad init; finish; exit 1; }
# The demo has two organisations (SCOPE-3): these checks work on the first.
export ZORGKLUIS_TENANT=micare-werkt

# SEC-3: the code of an unknown user's second factor: the user is unknown.
rule SEC-3
expect 1 "totp-code for nobody" -- "$ZK" user totp-code --db "$DB_m" --username niemand
contains "$TMP/err" "unknown user niemand" "unknown user named"
if grep -q "second factor" "$TMP/err"; then bad "an unknown user is not a missing second factor"; else ok; fi
lines "$TMP/err" 1 "one-line error"

# A port in use says so, and nothing else.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18941)
"$ZK" serve --db "$DB_m" --listen "127.0.0.1:$port" >"$TMP/serve.out" 2>&1 &
pid=$!
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
expect 1 "second server on the same port" -- "$ZK" serve --db "$DB_m" --listen "127.0.0.1:$port"
contains "$TMP/err" "the port is in use" "port in use named"
if grep -q "TLS\|not an address" "$TMP/err"; then bad "unrelated causes listed"; else ok; fi
lines "$TMP/err" 1 "one-line error"
kill -TERM "$pid"; wait "$pid"
finish
