#!/usr/bin/env bash
# zorgkluis backup, restore, keys backup|restore and client erase: erasure
# reaches every backup (ERA-5). Back up, erase a client (and some entries
# of another), restore the old backup as a new database beside the current
# key store: the erased content cannot be read, every other client's can;
# the restored log verifies and names the restore, a cut one does not
# (LOG-3); key-store backups expire and never bring back a destroyed key
# (ERA-3).
. "$(dirname "$0")/lib.sh"

newdb a
"$ZK" init --db "$DB_a" --profile "$M" --demo >/dev/null || { bad init; finish; exit 1; }
export ZORGKLUIS_TENANT=micare-werkt
K=$KEYS_a
KS=$K/subjects/1
# An adult client to erase whole, one the demo user "professional" is
# responsible for to erase an entry of, and a third that stays.
S=$(sql "$DB_a" "SELECT uid FROM subject WHERE tenant_id = 1 AND kind = 'client' ORDER BY id LIMIT 1 OFFSET 1")
P=$(sql "$DB_a" "SELECT s.uid FROM subject s JOIN care_relation c ON c.subject_id = s.id
  JOIN staff_user u ON u.id = c.user_id WHERE u.username = 'professional'
  AND c.relation = 'responsible' AND s.uid <> '$S' AND s.kind = 'client'
  AND EXISTS (SELECT 1 FROM entry e WHERE e.subject_id = s.id AND e.category = 'care')
  ORDER BY s.id LIMIT 1")
O=$(sql "$DB_a" "SELECT s.uid FROM subject s JOIN care_relation c ON c.subject_id = s.id
  JOIN staff_user u ON u.id = c.user_id WHERE u.username = 'professional'
  AND c.relation = 'responsible' AND s.uid NOT IN ('$S', '$P') AND s.kind = 'client'
  AND EXISTS (SELECT 1 FROM entry e WHERE e.subject_id = s.id AND e.category = 'care')
  ORDER BY s.id LIMIT 1")
E=$(sql "$DB_a" "SELECT e.uid FROM entry e JOIN subject s ON s.id = e.subject_id
  WHERE s.uid = '$P' AND e.category = 'care' ORDER BY e.id LIMIT 1")
[ -n "$S" ] && [ -n "$P" ] && [ -n "$O" ] && [ -n "$E" ] && ok || bad "demo clients found"
mode() { stat -c %a "$1"; }

rule ERA-5
# The keys are in the key store, not in the database.
[ -f "$KS/$S.0.key" ] && ok || bad "ERA-5: the client's key is in the key store"
[ "$(mode "$KS/$S.0.key")" = 600 ] && ok || bad "key file mode 0600"
[ "$(mode "$KS")" = 700 ] && [ "$(mode "$K/subjects")" = 700 ] && ok || bad "key store dirs 0700"
[ "$(sql "$DB_a" "SELECT count(wrapped_key) FROM subject")" = 0 ] && ok ||
  bad "ERA-5: no wrapped key left in the database"

# The backup: a 0600 file, never over another.
expect 0 "backup" -- "$ZK" backup --db "$DB_a" --out "$TMP/b1.db"
[ "$(mode "$TMP/b1.db")" = 600 ] && ok || bad "backup mode 0600"
[ "$(sqlite3 "$TMP/b1.db" "SELECT count(wrapped_key) FROM subject")" = 0 ] && ok ||
  bad "ERA-5: the backup holds no key"
expect 1 "backup over a file" -- "$ZK" backup --db "$DB_a" --out "$TMP/b1.db"
contains "$TMP/err" "never overwrites" "an existing file is refused"
expect 0 "keys backup" -- "$ZK" keys backup --keys "$K" --out "$TMP/k1"
[ "$(mode "$TMP/k1")" = 600 ] && ok || bad "key-store backup mode 0600"
contains "$TMP/out" "expires on" "the key-store backup says when it expires"

# Who may erase: not the office (no destroy in the scheme), nor on a
# ground ERA-1 does not know.
expect 1 "office may not erase" -- "$ZK" client erase --db "$DB_a" --as office --client "$P" \
  --ground no_longer_needed
contains "$TMP/err" "refused" "ERA-5: the door refuses"
[ -f "$KS/$P.0.key" ] && ok || bad "a refused erasure destroys nothing"
rule ERA-1
expect 2 "unknown ground" -- "$ZK" client erase --db "$DB_a" --as professional --client "$P" \
  --ground because
contains "$TMP/err" "ERA-1" "the grounds are ERA-1's"

rule ERA-5
# The whole client, carrying out a granted erasure request.
expect 0 "request" -- "$ZK" request add --db "$DB_a" --subject "$S" --kind erasure \
  --received 2026-12-01 --id-document passport --id-last 1234
R=$(head -1 "$TMP/out")
expect 1 "an undecided request is not carried out" -- "$ZK" client erase --db "$DB_a" \
  --client "$S" --ground consent_withdrawn --request "$R"
expect 0 "decide" -- "$ZK" request decide --db "$DB_a" --request "$R" --grant
expect 0 "erase the client" -- "$ZK" client erase --db "$DB_a" --client "$S" \
  --ground consent_withdrawn --request "$R"
contains "$TMP/out" '"scope": "subject"' "the destruction record"
contains "$TMP/out" '"ground": "consent_withdrawn"' "ERA-1: its ground"
contains "$TMP/out" "\"request\": \"$R\"" "its request"
[ ! -e "$KS/$S.0.key" ] && [ -f "$KS/$S.0.erased" ] && ok ||
  bad "ERA-5: the key is destroyed, a tombstone left"
grep -q '[0-9a-f]\{40\}' "$KS/$S.0.erased" && bad "the tombstone holds no secret" || ok
expect 1 "an erased client is not read" -- "$ZK" client show --db "$DB_a" --id "$S"
contains "$TMP/err" "destroyed on" "ERA-5: the read says erased"
[ "$(sql "$DB_a" "SELECT count(*) FROM entry e JOIN subject s ON s.id = e.subject_id WHERE s.uid = '$S'")" = 0 ] &&
  ok || bad "the client's entries are deleted"
[ "$(sql "$DB_a" "SELECT count(*) FROM destruction")" = 1 ] && ok || bad "one destruction record"
rule LOG-6
[ "$(sql "$DB_a" "SELECT count(*) FROM audit_log WHERE subject_uid = '$S' AND event <> 'subject.erase'")" -gt 0 ] &&
  ok || bad "LOG-6: the log's entries on the client stay"
[ "$(sql "$DB_a" "SELECT count(*) FROM audit_log WHERE subject_uid = '$S' AND event = 'subject.erase' AND outcome = 'success'")" = 1 ] &&
  ok || bad "LOG-1: the erasure is logged"
[ "$(sql "$DB_a" "SELECT count(*) FROM audit_log WHERE subject_uid = '$S' AND event = 'subject.erase' AND outcome = 'refused'")" = 1 ] &&
  ok || bad "LOG-1: so is the refused attempt"

rule ERA-5
# Some entries: the rest is sealed again under a new key.
expect 0 "erase an entry" -- "$ZK" client erase --db "$DB_a" --as professional --client "$P" \
  --entry "$E" --ground unlawful
contains "$TMP/out" '"scope": "entries"' "the record of an entry erasure"
[ ! -e "$KS/$P.0.key" ] && [ -f "$KS/$P.0.erased" ] && [ -f "$KS/$P.1.key" ] && ok ||
  bad "ERA-5: a new key generation, the old one destroyed"
expect 0 "the rest of the client is read" -- "$ZK" client show --db "$DB_a" --id "$P"
contains "$TMP/out" "family_name" "the identity, sealed again"
[ "$(sql "$DB_a" "SELECT count(*) FROM entry WHERE uid = '$E'")" = 0 ] && ok || bad "the entry is deleted"
expect 0 "the others" -- "$ZK" client show --db "$DB_a" --id "$O"
rule LOG-3
expect 0 "the log before the restore" -- "$ZK" audit verify --db "$DB_a"

rule ERA-3
# A key-store backup brings no destroyed key back, and expires.
expect 0 "keys restore" -- "$ZK" keys restore --from "$TMP/k1" --keys "$K"
contains "$TMP/out" "2 destroyed since" "ERA-5: the destroyed keys are skipped"
[ ! -e "$KS/$S.0.key" ] && [ ! -e "$KS/$P.0.key" ] && ok || bad "ERA-5: no destroyed key came back"
sed 's/^expires .*/expires 2000-01-01/' "$TMP/k1" >"$TMP/k2"
expect 1 "an expired key-store backup" -- "$ZK" keys restore --from "$TMP/k2" --keys "$K"
contains "$TMP/err" "expired" "ERA-3: refused as expired"
expect 2 "a key-store backup kept too long" -- "$ZK" keys backup --keys "$K" --out "$TMP/k3" --days 31
head -c 100 "$TMP/k1" >"$TMP/k4"
expect 1 "a cut key-store backup" -- "$ZK" keys restore --from "$TMP/k4" --keys "$K"

rule ERA-5
# A key directory that is not the backup's is refused in one line.
newdb c
"$ZK" init --db "$DB_c" --profile "$M" >/dev/null || bad "init c"
newdb r
expect 1 "restore with other keys" -- "$ZK" restore --from "$TMP/b1.db" --db "$DB_r" --keys "$KEYS_c"
contains "$TMP/err" "does not belong to this backup" "the wrong key directory is named"
lines "$TMP/err" 1 "one line"
expect 1 "restore over a database" -- "$ZK" restore --from "$TMP/b1.db" --db "$DB_c" --keys "$K"
contains "$TMP/err" "new, empty" "restore into a new database"

# The old backup restored beside the current key store.
expect 0 "restore" -- "$ZK" restore --from "$TMP/b1.db" --db "$DB_r" --keys "$K"
contains "$TMP/out" "2 clients erased since the backup stay erased" "the erased clients are marked"
expect 1 "the erased client, restored" -- "$ZK" client show --db "$DB_r" --keys "$K" --id "$S"
contains "$TMP/err" "destroyed on" "ERA-5: erased, not a crypto error"
expect 1 "the partly erased client, restored" -- "$ZK" client show --db "$DB_r" --keys "$K" --id "$P"
contains "$TMP/err" "destroyed on" "ERA-5: its old key is gone too"
[ "$(sql "$DB_r" "SELECT count(*) FROM entry WHERE uid = '$E'")" = 0 ] && ok ||
  bad "ERA-5: the erased entry is not in the restored database"
expect 0 "every other client, restored" -- "$ZK" client show --db "$DB_r" --keys "$K" --id "$O"
contains "$TMP/out" "family_name" "read as before"
expect 0 "client list, restored" -- "$ZK" client list --db "$DB_r" --keys "$K" --limit 200
grep -q "\"$S\"" "$TMP/out" && bad "the erased client is not listed" || ok

# Served: over HTTP the erased content cannot be read, the rest can.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$ZK" serve --db "$DB_r" --keys "$K" --listen "127.0.0.1:$port" >"$TMP/serve.out" 2>&1 &
spid=$!
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
pw=$(awk '$1 == "professional" { print $3; exit }' "$K/demo-logins.txt")
code=$("$ZK" user totp-code --db "$DB_r" --keys "$K" --username professional | head -1)
curl -s -o "$TMP/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"professional\",\"password\":\"$pw\",\"totp\":\"$code\",\"token\":true}" \
  "http://127.0.0.1:$port/api/v1/login"
tok=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("token",""))' "$TMP/login" 2>/dev/null)
[ -n "$tok" ] && ok || { bad "login on the restored database"; sed 's/^/  | /' "$TMP/login"; }
get() { curl -s -o "$TMP/got" -w '%{http_code}' -H "Authorization: Bearer $tok" "http://127.0.0.1:$port$1"; }
[ "$(get "/api/v1/clients/$O/entries")" = 200 ] && ok || bad "ERA-5: another client's entries are served"
contains "$TMP/got" '"content"' "with their content"
st=$(get "/api/v1/clients/$S/entries")
[ "$st" = 404 ] && ok || bad "ERA-5: the erased client is not served: $st"
contains "$TMP/got" "destroyed" "ERA-5: the answer says the data was destroyed"
st=$(get "/api/v1/clients/$P/entries")
[ "$st" = 404 ] && ok || bad "ERA-5: the partly erased client's old data is not served: $st"
kill -TERM "$spid"; wait "$spid"
rule LOG-3
expect 0 "the restored log verifies" -- "$ZK" audit verify --db "$DB_r" --keys "$K"
contains "$TMP/out" "restored from a backup" "audit verify names the restore"
contains "$TMP/out" "of the former log are not in this database" "and what it left out"
[ "$(sql "$DB_r" "SELECT count(*) FROM audit_log WHERE event = 'audit.restore'")" = 2 ] && ok ||
  bad "a signed restore entry in each organisation's log"
# A cut without such an entry still fails.
sql "$DB_r" "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log WHERE tenant_id = 1)" >/dev/null
expect 1 "a cut log" -- "$ZK" audit verify --db "$DB_r" --keys "$K"
contains "$TMP/out" "FAILED" "LOG-3: the cut is found"

finish
