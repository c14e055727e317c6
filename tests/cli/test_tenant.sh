#!/usr/bin/env bash
# zorgkluis tenant add|list: several organisations in one installation
# (SCOPE-3), each with its own profile, log chain and witness line; a
# failure adds nothing; and staff of one cannot log in through another.
. "$(dirname "$0")/lib.sh"

rule SCOPE-3
DB=$TMP/t.db
"$ZK" init --db "$DB" --profile "$M" >/dev/null || { bad init; finish; exit 1; }
q() { sqlite3 "$DB" "$1"; }

# Help: the command list names it, and "help tenant" is its --help.
expect 0 "help" -- "$ZK" help
grep -qE '^  tenant +' "$TMP/out" && ok || bad "zorgkluis help lists tenant"
expect 0 "help tenant" -- "$ZK" help tenant
head -1 "$TMP/out" | grep -q '^usage: zorgkluis tenant add' && ok || bad "help tenant shows its usage"
expect 2 "help of nothing" -- "$ZK" help nothing

# Add and list.
expect 0 "add" -- "$ZK" tenant add --db "$DB" --slug de-linde --name "Ouderinitiatief De Linde" --profile "$W"
contains "$TMP/out" "de-linde" "add names the organisation"
expect 0 "list" -- "$ZK" tenant list --db "$DB"
contains "$TMP/out" "SLUG" "a table with a header"
contains "$TMP/out" "Ouderinitiatief De Linde" "the new one's name"
grep -qE '^de-linde +Ouderinitiatief De Linde +woondroomzorg 2018\.1 +20[0-9-]{8}T' "$TMP/out" && ok ||
  bad "list shows slug, name, profile version and creation time"
grep -qE '^micare-werkt +MiCare Werkt +micare-werkt ' "$TMP/out" && ok || bad "list shows the first"
expect 0 "list json" -- "$ZK" tenant list --db "$DB" --json
python3 -c '
import json, sys
l = json.load(open(sys.argv[1]))
assert [t["slug"] for t in l] == ["micare-werkt", "de-linde"], l
assert l[1]["profile"] == "woondroomzorg" and l[1]["version"] and l[1]["created_at"], l
' "$TMP/out" && ok || bad "list --json: $(cat "$TMP/out")"

# Its own chain: the first entries of the new organisation, like init's.
[ "$(q "SELECT group_concat(event, ',') FROM (SELECT event FROM audit_log WHERE tenant_id = 2 ORDER BY seq)")" = "tenant.create,keys.check" ] &&
  ok || bad "the new organisation's log starts its own chain"
# Its own witness line, and verify passes for every organisation.
n=$(grep -c '^[12] ' "$DB.keys/audit.head")
[ "$n" = 2 ] && ok || bad "a witness line per organisation ($n)"
expect 0 "verify" -- "$ZK" audit verify --db "$DB"
contains "$TMP/out" "in 2 tenants" "verify covers both"

# Errors: one line, the usual exit codes, nothing added.
before=$(q "SELECT count(*) FROM tenant"),$(q "SELECT count(*) FROM audit_log")
expect 1 "existing slug" -- "$ZK" tenant add --db "$DB" --slug de-linde --name X --profile "$W"
contains "$TMP/err" '"de-linde" exists' "existing slug: says so"
lines "$TMP/err" 1 "existing slug: one line"
expect 2 "bad slug" -- "$ZK" tenant add --db "$DB" --slug "De Linde" --name X --profile "$W"
contains "$TMP/err" "lowercase" "bad slug: says what is allowed"
lines "$TMP/err" 1 "bad slug: one line"
expect 1 "missing profile" -- "$ZK" tenant add --db "$DB" --slug x --name X --profile "$TMP/none.json"
lines "$TMP/err" 1 "missing profile: one line"
printf '{"format": "zorgkluis-profile/1",' >"$TMP/broken.json"
expect 1 "broken profile" -- "$ZK" tenant add --db "$DB" --slug x --name X --profile "$TMP/broken.json"
contains "$TMP/err" "bad profile" "broken profile: says so"
lines "$TMP/err" 1 "broken profile: one line"
expect 2 "no name" -- "$ZK" tenant add --db "$DB" --slug x --profile "$W"
expect 1 "missing database" -- "$ZK" tenant add --db "$TMP/none.db" --slug x --name X --profile "$W"
contains "$TMP/err" "does not exist" "missing database: says so"
[ ! -e "$TMP/none.db" ] && ok || bad "a missing database is not created"
expect 2 "unknown subcommand" -- "$ZK" tenant remove --db "$DB"
# A failure after the row was written (here: its log entry) leaves no
# half-added organisation: row, profile and log entries are one unit.
q "CREATE TRIGGER no_keys BEFORE INSERT ON audit_log WHEN NEW.event = 'keys.check' BEGIN SELECT RAISE(ABORT, 'refused'); END"
expect 1 "failure while adding" -- "$ZK" tenant add --db "$DB" --slug half --name Half --profile "$W"
q "DROP TRIGGER no_keys"
after=$(q "SELECT count(*) FROM tenant"),$(q "SELECT count(*) FROM audit_log")
[ "$before" = "$after" ] && ok || bad "a failed add left something: $before -> $after"
[ -z "$(q "SELECT 1 FROM profile_version WHERE tenant_id NOT IN (SELECT id FROM tenant)")" ] && ok ||
  bad "a failed add left a profile"
expect 0 "verify after the failures" -- "$ZK" audit verify --db "$DB"

# Commands name the organisation when there are several.
expect 2 "user list without organisation" -- "$ZK" user list --db "$DB"
contains "$TMP/err" "name one with --tenant" "says to name one"
echo "een-lang-wachtwoord" | "$ZK" user add --db "$DB" --tenant micare-werkt --username kees \
  --role office --confidentiality office --password-stdin >/dev/null 2>&1 && ok || bad "user add in A"
# A user command finds the one organisation that has the name.
expect 0 "disable by a unique name" -- "$ZK" user disable --db "$DB" --username kees
expect 0 "enable" -- "$ZK" user enable --db "$DB" --username kees --tenant micare-werkt

# Login: a user of A does not log in through B; the attempt is B's.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18961)
"$ZK" serve --db "$DB" --listen "127.0.0.1:$port" >"$TMP/serve.out" 2>&1 &
pid=$!
for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
login() { # login BODY: prints the HTTP status, the body in $TMP/login
  curl -s -o "$TMP/login" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "$1" "http://127.0.0.1:$port/api/v1/login"
}
code=$(login '{"tenant":"de-linde","username":"kees","password":"een-lang-wachtwoord"}')
[ "$code" = 401 ] && ok || bad "A's user through B's slug: $code $(cat "$TMP/login")"
code=$(login '{"tenant":"micare-werkt","username":"kees","password":"een-lang-wachtwoord"}')
[ "$code" = 200 ] && ok || bad "A's user through A: $code $(cat "$TMP/login")"
code=$(login '{"username":"kees","password":"een-lang-wachtwoord"}')
[ "$code" = 200 ] && ok || bad "a unique user name without organisation: $code $(cat "$TMP/login")"
kill -TERM "$pid"; wait "$pid"
n=$(q "SELECT count(*) FROM audit_log WHERE tenant_id = 2 AND event = 'login' AND outcome = 'refused'")
[ "$n" = 1 ] && ok || bad "the attempt through B is in B's log ($n)"
n=$(q "SELECT count(*) FROM audit_log WHERE tenant_id = 1 AND event = 'login' AND outcome = 'success'")
[ "$n" = 2 ] && ok || bad "the logins are in A's log ($n)"
expect 0 "verify after logins" -- "$ZK" audit verify --db "$DB"
finish
