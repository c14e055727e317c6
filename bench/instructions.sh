#!/usr/bin/env bash
# The instructions one request costs zorgkluis, counted by callgrind: a
# figure that does not move with the noise of a shared machine, where
# requests/s and CPU time do (docs/performance.md).
#
# Starts `zorgkluis serve` under valgrind --tool=callgrind, sends N
# requests one after the other over one kept-alive connection, first the
# audited read of a client's entries, then the health endpoint, and prints
# the user-space instructions per request: the whole server, and the parts
# of the audited read. Kernel time (TCP, waking threads, the sync) is not
# counted. One request at a time means a batch of one: the log writer's
# commit is counted once per request here; under load it is shared by the
# whole batch, so it is printed apart.
#
# usage: bench/instructions.sh BUILD_DIR [N]
set -euo pipefail
build=${1:-build}
n=${2:-500}
root=$(cd "$(dirname "$0")/.." && pwd)
zk=$root/$build/zorgkluis
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zkinsn.XXXXXX")
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

command -v valgrind >/dev/null || {
  echo "instructions: valgrind is missing (scripts/install-deps.sh bench)" >&2
  exit 1
}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

"$zk" init --db "$tmp/zk.db" --profile "$root/profiles/micare-werkt.json" --demo >/dev/null
pw=$(awk '$1=="professional"{print $3}' "$tmp/zk.db.keys/demo-logins.txt")
base="http://127.0.0.1:$port/api/v1"
token=
client=

# measure NAME URL: the instructions of n requests to URL, per request.
measure() {
  local name=$1 url=$2 out=$tmp/cg.$1
  valgrind --tool=callgrind --callgrind-out-file="$out" \
    "$zk" serve --db "$tmp/zk.db" --listen "127.0.0.1:$port" \
    >"$tmp/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do curl -fs "$base/health" >/dev/null && break; sleep 0.1; done
  # One login for both runs: a code of the second factor counts once, and
  # the session is kept in the database across the restart.
  if [ -z "$token" ]; then
    local code
    code=$("$zk" user totp-code --db "$tmp/zk.db" --username professional)
    token=$(curl -fs -H 'Content-Type: application/json' \
      -d "{\"username\":\"professional\",\"password\":\"$pw\",\"totp\":\"$code\",\"token\":true}" \
      "$base/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
    # The demo's first client has the user "professional" as responsible.
    client=$(curl -fs -H "Authorization: Bearer $token" "$base/clients?limit=1" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["clients"][0]["id"])')
  fi
  url=${url//@CLIENT@/$client}
  curl -fs -H "Authorization: Bearer $token" "$url" >/dev/null
  callgrind_control -z "$pid" >/dev/null 2>&1
  local urls=()
  for _ in $(seq "$n"); do urls+=("$url"); done
  curl -fs -H "Authorization: Bearer $token" "${urls[@]}" >/dev/null
  callgrind_control -d "$pid" >/dev/null 2>&1
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  callgrind_annotate --inclusive=yes --threshold=100 "$out.1" >"$tmp/$name.txt" 2>/dev/null
}

measure audited "$base/clients/@CLIENT@/entries?category=care"
measure health "$base/health"

python3 - "$tmp" "$n" <<'PY'
import re, sys
d, n = sys.argv[1], int(sys.argv[2])

def load(name):
    total, fn = 0, {}
    for line in open(f"{d}/{name}.txt"):
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+(\S+)", line)
        if not m:
            continue
        ir = int(m.group(1).replace(",", ""))
        if m.group(2) == "PROGRAM":
            total = ir
        else:
            fn.setdefault(m.group(2).split(":")[-1], ir)
    return total, fn

a, af = load("audited")
h, _ = load("health")
per = lambda x: x / n
print(f"instructions per request (callgrind, user space, {n} requests one at a time)")
print(f"  audited read                 {per(a):10,.0f}")
print(f"  health                       {per(h):10,.0f}")
print(f"  ratio health / audited       {h / a:10.2f}")
# The signed checkpoint comes once a second of wall time, and callgrind
# makes seconds long: its share depends on the machine, not the request.
cp = af.get("group_cp_sign", 0)
print(f"  audited read, no checkpoint  {per(a - cp):10,.0f}")
print("parts of the audited read:")
for label, f in [
    ("request handler, in all", "http_handle"),
    ("  subject facts (SQL)", "svc_facts_load"),
    ("  entry list (SQL, opening)", "store_entry_list"),
    ("    opening the entries", "entries_open"),
    ("log writer, in all", "group_main"),
    ("  appending the entry", "audit_append_cached"),
    ("  committing (batch of one)", "store_batch_commit"),
    ("  signing checkpoints (timed)", "group_cp_sign"),
]:
    print(f"  {label:29}{per(af.get(f, 0)):10,.0f}")
PY
