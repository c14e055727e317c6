#!/usr/bin/env bash
# zorgkluis init: a demo database, and a clear one-line error for every
# kind of bad argument, missing or corrupt file, or broken profile.
. "$(dirname "$0")/lib.sh"

expect 0 "init demo M" -- "$ZK" init --db "$TMP/m.db" --profile "$M" --demo
contains "$TMP/out" "demo logins" "init prints logins"
contains "$TMP/out" "professional" "a login per role"
[ -f "$TMP/m.db.keys/master.key" ] && ok || bad "key directory made"
[ "$(stat -c %a "$TMP/m.db.keys/master.key")" = 600 ] && ok || bad "key file mode 0600"
expect 0 "demo log intact" -- "$ZK" audit verify --db "$TMP/m.db"
expect 0 "init demo W" -- "$ZK" init --db "$TMP/w.db" --profile "$W" --demo
expect 0 "init without demo" -- "$ZK" init --db "$TMP/e.db" --profile "$W" --tenant huize-zon --name "Huize Zon"

# Demo data: ~50 clients, entries of every category, staff and applicants.
n=$(sqlite3 "$TMP/m.db" "SELECT count(*) FROM subject WHERE kind='client'")
[ "$n" -ge 50 ] && ok || bad "demo has $n clients"
n=$(sqlite3 "$TMP/m.db" "SELECT count(DISTINCT category) FROM entry")
# identity lives with the subject; the other eight are entries.
[ "$n" -ge 8 ] && ok || bad "demo has $n entry categories, want 8"
n=$(sqlite3 "$TMP/m.db" "SELECT count(*) FROM subject WHERE kind IN ('employee','applicant')")
[ "$n" -ge 5 ] && ok || bad "demo has $n employees and applicants"
n=$(sqlite3 "$TMP/m.db" "SELECT count(*) FROM care_relation")
[ "$n" -ge 100 ] && ok || bad "demo has $n care relations"
# Creating the demo is processing, so it is logged (LOG-1).
n=$(sqlite3 "$TMP/m.db" "SELECT count(*) FROM audit_log WHERE event='entry.create'")
m=$(sqlite3 "$TMP/m.db" "SELECT count(*) FROM entry")
[ "$n" -eq "$m" ] && ok || bad "$m entries but $n entry.create log rows"
# LOG-4: no care content in the log.
sqlite3 "$TMP/m.db" "SELECT * FROM audit_log" >"$TMP/log"
if grep -q "Dagrapportage\|geslapen\|Medicatie" "$TMP/log"; then bad "care content in the log"; else ok; fi

expect 1 "db exists" -- "$ZK" init --db "$TMP/m.db" --profile "$M"
contains "$TMP/err" "already exists" "db exists message"
lines "$TMP/err" 1 "one-line error"
expect 2 "no args" -- "$ZK" init
expect 2 "unknown option" -- "$ZK" init --db "$TMP/x.db" --profile "$M" --bogus
lines "$TMP/err" 1 "one-line error for an unknown option"
expect 2 "missing option value" -- "$ZK" init --db
expect 1 "missing profile file" -- "$ZK" init --db "$TMP/x.db" --profile "$TMP/none.json"
contains "$TMP/err" "none.json" "names the missing file"
[ ! -e "$TMP/x.db" ] && ok || bad "no database left after a failed init"

printf '{\n  "format": "zorgkluis-profile/1",\n  "id": 5\n}\n' >"$TMP/bad.json"
expect 1 "broken profile" -- "$ZK" init --db "$TMP/x.db" --profile "$TMP/bad.json"
contains "$TMP/err" "bad.json:3:" "profile error names line"
lines "$TMP/err" 1 "one-line profile error"
printf '{"format": ' >"$TMP/trunc.json"
expect 1 "truncated profile" -- "$ZK" init --db "$TMP/x.db" --profile "$TMP/trunc.json"
contains "$TMP/err" "trunc.json:1:" "syntax error names line"
[ ! -e "$TMP/x.db" ] && [ ! -e "$TMP/x.db.keys" ] && ok || bad "nothing left after failed init"

# Commands and help.
expect 0 "help" -- "$ZK" --help
for c in init serve user audit policy profile rules consent objection notice representative capacity; do
  expect 0 "$c --help" -- "$ZK" "$c" --help
  contains "$TMP/out" "zorgkluis $c " "$c help text"
done
expect 0 "user add --help" -- "$ZK" user add --help
expect 0 "audit verify --help" -- "$ZK" audit verify --help
expect 0 "policy eval --help" -- "$ZK" policy eval authz --help
expect 2 "unknown command" -- "$ZK" frobnicate
lines "$TMP/err" 1 "one-line unknown command"
finish
