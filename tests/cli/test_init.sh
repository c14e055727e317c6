#!/usr/bin/env bash
# zorgkluis init: a demo database, and a clear one-line error for every
# kind of bad argument, missing or corrupt file, or broken profile.
. "$(dirname "$0")/lib.sh"

newdb m
newdb w
newdb e
newdb x
# untouched NAME: init left nothing in database NAME (SQLite: no file; a
# server's database, which must exist before init: no table in it).
untouched() {
  if on_pg; then
    [ "$(sql "$(dbof "$1")" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" = 0 ]
  else
    [ ! -e "$(dbof "$1")" ]
  fi
}
expect 0 "init demo M" -- "$ZK" init --db "$DB_m" --profile "$M" --demo
contains "$TMP/out" "demo organisations and logins" "init prints logins"
contains "$TMP/out" "professional" "a login per role"
[ -f "$KEYS_m/master.key" ] && ok || bad "key directory made"
[ "$(stat -c %a "$KEYS_m/master.key")" = 600 ] && ok || bad "key file mode 0600"
expect 0 "demo log intact" -- "$ZK" audit verify --db "$DB_m"
expect 0 "init demo W" -- "$ZK" init --db "$DB_w" --profile "$W" --demo
expect 0 "init without demo" -- "$ZK" init --db "$DB_e" --profile "$W" --tenant huize-zon --name "Huize Zon"

# Demo data: ~50 clients, entries of every category, staff and applicants.
n=$(sql "$DB_m" "SELECT count(*) FROM subject WHERE kind='client'")
[ "$n" -ge 50 ] && ok || bad "demo has $n clients"
n=$(sql "$DB_m" "SELECT count(DISTINCT category) FROM entry")
# identity lives with the subject; the other eight are entries.
[ "$n" -ge 8 ] && ok || bad "demo has $n entry categories, want 8"
n=$(sql "$DB_m" "SELECT count(*) FROM subject WHERE kind IN ('employee','applicant')")
[ "$n" -ge 5 ] && ok || bad "demo has $n employees and applicants"
n=$(sql "$DB_m" "SELECT count(*) FROM care_relation")
[ "$n" -ge 100 ] && ok || bad "demo has $n care relations"
# Creating the demo is processing, so it is logged (LOG-1).
n=$(sql "$DB_m" "SELECT count(*) FROM audit_log WHERE event='entry.create'")
m=$(sql "$DB_m" "SELECT count(*) FROM entry")
[ "$n" -eq "$m" ] && ok || bad "$m entries but $n entry.create log rows"
# LOG-4: no care content in the log.
sql "$DB_m" "SELECT * FROM audit_log" >"$TMP/log"
if grep -q "Dagrapportage\|geslapen\|Medicatie" "$TMP/log"; then bad "care content in the log"; else ok; fi

# rule INZ-6, REP-6: the portal's demo accounts, with a password and a
# second factor like the staff logins: a client's own account, and a
# parent linked to a 10-year-old and to an 8-year-old whose
# representation has ended (REP-1).
rule INZ-6
for u in client.jansen ouder.deboer klaver.client.jansen klaver.ouder.deboer; do
  grep -qE "^  $u +(subject|representative) +[^ ]+ +[A-Z2-7]{16,}" "$KEYS_m/demo-logins.txt" && ok ||
    bad "the demo logins lack the portal account $u"
done
n=$(sql "$DB_m" "SELECT count(*) FROM portal_link")
[ "$n" = 6 ] && ok || bad "demo portal links ($n, want 6)"
n=$(sql "$DB_m" "SELECT count(*) FROM portal_link l JOIN representative r ON r.id = l.representative_id WHERE r.ended_at IS NOT NULL")
[ "$n" = 2 ] && ok || bad "an ended representation in each organisation ($n)"
n=$(sql "$DB_m" "SELECT count(*) FROM account_request")
[ "$n" = 0 ] && ok || bad "portal accounts wait for no approval ($n)"

# SCOPE-3: the demo is two organisations on the same profile, each with
# its own clients and staff; one user name is in both.
rule SCOPE-3
expect 0 "demo organisations" -- "$ZK" tenant list --db "$DB_m" --json
contains "$TMP/out" '"slug": "micare-werkt"' "the demo's first organisation"
contains "$TMP/out" '"slug": "klaverblad"' "the demo's parent initiative"
n=$(grep -c '"profile": "micare-werkt"' "$TMP/out")
[ "$n" = 2 ] && ok || bad "both on the given profile ($n)"
contains "$KEYS_m/demo-logins.txt" '"tenant":"klaverblad"' "the logins name their organisation"
n=$(sql "$DB_m" "SELECT count(DISTINCT tenant_id) FROM staff_user WHERE username = 'dpo'")
[ "$n" = 2 ] && ok || bad "one user name in both organisations ($n)"
expect 0 "clients of the first" -- "$ZK" client list --db "$DB_m" --tenant micare-werkt --limit 200
grep -oE '"id": "[0-9a-f-]{36}"' "$TMP/out" | sort -u >"$TMP/ids.a"
expect 0 "clients of the second" -- "$ZK" client list --db "$DB_m" --tenant klaverblad --limit 200
grep -oE '"id": "[0-9a-f-]{36}"' "$TMP/out" | sort -u >"$TMP/ids.b"
[ "$(wc -l <"$TMP/ids.a")" -ge 50 ] && ok || bad "the first has $(wc -l <"$TMP/ids.a") clients"
b=$(wc -l <"$TMP/ids.b")
[ "$b" -ge 5 ] && [ "$b" -lt 50 ] && ok || bad "the initiative has $b clients"
[ -z "$(comm -12 "$TMP/ids.a" "$TMP/ids.b")" ] && ok || bad "the organisations list the same clients"
other=$(head -1 "$TMP/ids.a" | grep -oE '[0-9a-f-]{36}')
expect 1 "a client of the first is not the initiative's" -- "$ZK" client show --db "$DB_m" --tenant klaverblad --id "$other"
expect 0 "but the first's" -- "$ZK" client show --db "$DB_m" --tenant micare-werkt --id "$other"
# A user command finds the organisation by a name only one has, and asks
# for it where both have the name.
expect 0 "a name one organisation has" -- "$ZK" user totp-code --db "$DB_m" --username professional
expect 2 "a name both have" -- "$ZK" user totp-code --db "$DB_m" --username dpo
contains "$TMP/err" "name the organisation with --tenant" "says to name it"
lines "$TMP/err" 1 "one line"
expect 0 "named" -- "$ZK" user totp-code --db "$DB_m" --username dpo --tenant klaverblad
# Without an organisation the command asks for one.
expect 2 "no organisation named" -- "$ZK" client list --db "$DB_m"
contains "$TMP/err" "name one with --tenant" "says to name one"

expect 1 "db exists" -- "$ZK" init --db "$DB_m" --profile "$M"
contains "$TMP/err" "already exists" "db exists message"
lines "$TMP/err" 1 "one-line error"
expect 2 "no args" -- "$ZK" init
expect 2 "unknown option" -- "$ZK" init --db "$DB_x" --profile "$M" --bogus
lines "$TMP/err" 1 "one-line error for an unknown option"
expect 2 "missing option value" -- "$ZK" init --db
expect 1 "missing profile file" -- "$ZK" init --db "$DB_x" --profile "$TMP/none.json"
contains "$TMP/err" "none.json" "names the missing file"
untouched x && ok || bad "no database left after a failed init"

printf '{\n  "format": "zorgkluis-profile/1",\n  "id": 5\n}\n' >"$TMP/bad.json"
expect 1 "broken profile" -- "$ZK" init --db "$DB_x" --profile "$TMP/bad.json"
contains "$TMP/err" "bad.json:3:" "profile error names line"
lines "$TMP/err" 1 "one-line profile error"
printf '{"format": ' >"$TMP/trunc.json"
expect 1 "truncated profile" -- "$ZK" init --db "$DB_x" --profile "$TMP/trunc.json"
contains "$TMP/err" "trunc.json:1:" "syntax error names line"
untouched x && [ ! -e "$KEYS_x" ] && ok || bad "nothing left after failed init"

# A server's database: init needs one that exists and is empty, and its
# keys named, since nothing can be derived from a conninfo.
if on_pg; then
  nodb none
  expect 1 "init on a database that is not there" -- "$ZK" init --db "$DB_none" --profile "$M"
  lines "$TMP/err" 1 "one-line error for a database that is not there"
  [ ! -e "$KEYS_none" ] && ok || bad "keys left after init on no database"
  expect 1 "init without the keys named" -- env -u ZORGKLUIS_KEYS "$ZKBIN" init --db "$DB_x" --profile "$M"
  contains "$TMP/err" "ZORGKLUIS_KEYS" "says how to name the keys"
  lines "$TMP/err" 1 "one-line error without keys"
  untouched x && ok || bad "init without keys wrote the database"
  expect 1 "init with another database's keys" -- "$ZK" init --db "$DB_x" --profile "$W" --keys "$KEYS_m"
  contains "$TMP/err" "already exists" "says the key directory is there"
  untouched x && ok || bad "init with another database's keys wrote the database"
  expect 0 "the keys of m still open it" -- "$ZK" audit verify --db "$DB_m"
  # A database holding someone else's tables is not empty.
  newdb foreign
  sql "$DB_foreign" "CREATE TABLE payroll (id BIGINT); INSERT INTO payroll VALUES (1)"
  expect 1 "init on a database with other tables" -- "$ZK" init --db "$DB_foreign" --profile "$M"
  contains "$TMP/err" "needs an empty database" "says it needs an empty one"
  lines "$TMP/err" 1 "one-line error for other tables"
  [ "$(sql "$DB_foreign" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" = 1 ] &&
    ok || bad "init wrote into a database with other tables"
fi

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
