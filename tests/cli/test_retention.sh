#!/usr/bin/env bash
# zorgkluis retention run on the demo (RET-1 to RET-4, LOG-6): with --on
# far ahead it destroys only what is due, per category and kind; a legal
# hold keeps data (RET-3); the WGBO floor keeps W's care data past its 15
# years until 20 after the record's last change (RET-1); --dry-run changes
# nothing; the log is pruned after five years and still verifies.
. "$(dirname "$0")/lib.sh"

newdb m
"$ZK" init --db "$DB_m" --profile "$M" --demo >/dev/null || { bad init; finish; exit 1; }
export ZORGKLUIS_TENANT=micare-werkt
count() { sql "$DB_m" "SELECT count(*) FROM entry e JOIN subject s ON s.id = e.subject_id WHERE s.tenant_id = 1 AND $1"; }
if on_pg; then blob="'\\x00'::bytea"; else blob="x'00'"; fi

# Bad input.
expect 2 "bad date" -- "$ZK" retention run --db "$DB_m" --on 2034-13-01
expect 2 "unknown option" -- "$ZK" retention run --db "$DB_m" --now
expect 2 "unknown subcommand" -- "$ZK" retention sweep --db "$DB_m"

# A client with financial entries under a hold of the whole record, an
# applicant whose application ended, an employee still employed.
H=$(sql "$DB_m" "SELECT s.id FROM subject s WHERE s.tenant_id = 1 AND s.kind = 'client' AND EXISTS (SELECT 1 FROM entry e WHERE e.subject_id = s.id AND e.category = 'financial') ORDER BY s.id LIMIT 1")
A=$(sql "$DB_m" "SELECT id FROM subject WHERE tenant_id = 1 AND kind = 'applicant' ORDER BY id LIMIT 1")
sql "$DB_m" "INSERT INTO retention_hold (tenant_id, uid, subject_id, category, reason, set_by, since) VALUES (1, '00000000-0000-4000-8000-00000000h01d', $H, NULL, $blob, 'test', '2026-12-01T00:00:00Z')" >/dev/null || bad "hold"
sql "$DB_m" "UPDATE subject_retention SET relationship_ended_on = '2027-01-01' WHERE subject_id = $A" >/dev/null || bad "end of application"

fin=$(count "e.category = 'financial'")
held=$(count "e.category = 'financial' AND s.id = $H")
care=$(count "e.category = 'care'")
hr=$(count "e.category = 'hr'")
app=$(count "s.id = $A")
log=$(sql "$DB_m" "SELECT count(*) FROM audit_log WHERE tenant_id = 1")

rule RET-4
# --dry-run changes nothing, and says what would go.
expect 0 "dry run" -- "$ZK" retention run --db "$DB_m" --on 2034-06-01 --dry-run --tenant micare-werkt
contains "$TMP/out" "retention due (dry run): micare-werkt:" "dry run summary"
contains "$TMP/out" "entries=$((fin - held + app))" "dry run counts the due entries"
[ "$(count "1 = 1")" -eq "$(sql "$DB_m" "SELECT count(*) FROM entry WHERE tenant_id = 1")" ] && ok || bad "count"
[ "$(count "e.category = 'financial'")" -eq "$fin" ] && ok || bad "dry run destroyed financial data"
[ "$(sql "$DB_m" "SELECT count(*) FROM audit_log WHERE tenant_id = 1")" -eq $((log + 1)) ] && ok || bad "dry run logs one entry"
[ "$(sql "$DB_m" "SELECT count(*) FROM audit_prune")" -eq 0 ] && ok || bad "dry run pruned the log"

rule RET-4
# The DPO (retention due/run --as): deny by default, today only, and a run
# that destroys needs --confirm.
expect 1 "due as professional" -- "$ZK" retention due --db "$DB_m" --as professional --on 2034-06-01
contains "$TMP/err" "RET-4" "the professional's refusal names RET-4"
expect 1 "run as administrator" -- "$ZK" retention run --db "$DB_m" --as administrator --dry-run
expect 2 "run as DPO unconfirmed" -- "$ZK" retention run --db "$DB_m" --as dpo
expect 2 "run as DPO another day" -- "$ZK" retention run --db "$DB_m" --as dpo --dry-run --on 2034-06-01
contains "$TMP/err" "counts from today" "another day is refused"
log=$(sql "$DB_m" "SELECT count(*) FROM audit_log WHERE tenant_id = 1")
expect 0 "due as DPO" -- "$ZK" retention due --db "$DB_m" --as dpo --on 2034-06-01
contains "$TMP/out" "\"entries\": $((fin - held + app))" "due counts what a run would destroy"
[ "$(sql "$DB_m" "SELECT count(*) FROM audit_log WHERE tenant_id = 1")" -eq $((log + 1)) ] && ok || bad "due logs one entry, the DPO's"
expect 0 "dry run as DPO" -- "$ZK" retention run --db "$DB_m" --as dpo --dry-run
contains "$TMP/out" "\"dry_run\": true" "the DPO's dry run says so"
contains "$TMP/out" "\"entries_by\"" "the summary counts by kind and category"
[ "$(count "e.category = 'financial'")" -eq "$fin" ] && ok || bad "the DPO's dry run destroyed data"

rule LOG-6
# Four and a half years on only the applicant is due (four weeks after
# the application ended), whole; not the financial data (seven years),
# not the log (five years).
expect 0 "run 2031" -- "$ZK" retention run --db "$DB_m" --on 2031-06-01 --tenant micare-werkt
contains "$TMP/out" "records=1 entries=$app " "only the applicant in 2031"
[ "$(count "e.category = 'financial'")" -eq "$fin" ] && ok || bad "financial data destroyed before seven years"
[ "$(sql "$DB_m" "SELECT count(*) FROM audit_prune")" -eq 0 ] && ok || bad "log pruned before five years"

rule RET-1
rule RET-2
rule RET-3
# Eight years on: financial data (seven years from creation) goes, but
# not under the hold; care data (20 years from the last change) stays; the
# applicant (four weeks after the application) goes whole; HR data of
# employees still employed stays.
expect 0 "run" -- "$ZK" retention run --db "$DB_m" --on 2034-06-01 --tenant micare-werkt
contains "$TMP/out" "retention run: micare-werkt:" "summary line"
contains "$TMP/out" "records=0 entries=$((fin - held))" "the financial entries, no record whole"
[ "$(count "e.category = 'financial'")" -eq "$held" ] && ok || bad "financial: $(count "e.category = 'financial'") left, want the $held held"
[ "$held" -gt 0 ] && ok || bad "the held client has no financial entries"
[ "$(count "e.category = 'care'")" -eq "$care" ] && ok || bad "care data destroyed before 20 years"
[ "$(count "e.category = 'hr'")" -eq "$hr" ] && ok || bad "hr data of the employed destroyed"
[ "$(count "s.id = $A")" -eq 0 ] && ok || bad "the applicant's application stays"
[ -n "$(sql "$DB_m" "SELECT key_destroyed_at FROM subject WHERE id = $A")" ] && ok || bad "the applicant's key stays"
# RET-4: content-free destruction records, with the rule.
[ "$(sql "$DB_m" "SELECT count(*) FROM destruction WHERE tenant_id = 1 AND rule IN ('RET-1', 'RET-2')")" -ge 2 ] && ok || bad "no destruction records"
[ "$(sql "$DB_m" "SELECT count(*) FROM audit_log WHERE tenant_id = 1 AND event = 'retention.run'")" -eq 1 ] && ok || bad "the run is not logged"
# Only the first organisation was swept.
[ "$(sql "$DB_m" "SELECT count(*) FROM entry WHERE tenant_id = 2 AND category = 'financial'")" -gt 0 ] && ok || bad "--tenant swept another organisation"

rule LOG-6
rule LOG-3
# The log, now over seven years old, was pruned from its front and still
# verifies; only this organisation's.
[ "$(sql "$DB_m" "SELECT count(*) FROM audit_prune WHERE tenant_id = 1")" -eq 1 ] && ok || bad "log not pruned after seven years"
[ "$(sql "$DB_m" "SELECT count(*) FROM audit_prune WHERE tenant_id = 2")" -eq 0 ] && ok || bad "--tenant pruned another organisation's log"
[ "$(sql "$DB_m" "SELECT count(*) FROM audit_log WHERE tenant_id = 1 AND event = 'audit.prune'")" -eq 1 ] && ok || bad "the pruning is not logged"
expect 0 "verify" -- "$ZK" audit verify --db "$DB_m"
# Twenty-one years on: every client's record is due, except the held one;
# HR data of staff still employed and applicants still applying stay.
expect 0 "run 2048" -- "$ZK" retention run --db "$DB_m" --on 2048-01-01
[ "$(count "s.kind = 'client' AND s.id <> $H")" -eq 0 ] && ok || bad "client records left after 20 years: $(count "s.kind = 'client' AND s.id <> $H")"
[ "$(count "s.id = $H")" -gt 0 ] && ok || bad "the hold did not keep the record"
[ "$(count "e.category = 'hr'")" -eq "$hr" ] && ok || bad "hr data of the employed destroyed"
[ "$(sql "$DB_m" "SELECT count(*) FROM audit_prune")" -eq 3 ] && ok || bad "log not pruned"
expect 0 "verify after pruning" -- "$ZK" audit verify --db "$DB_m"
contains "$TMP/out" "OK" "verify OK"
sql "$DB_m" "UPDATE audit_prune SET pruned = pruned + 1 WHERE tenant_id = 1" >/dev/null
expect 1 "changed prune record" -- "$ZK" audit verify --db "$DB_m"
contains "$TMP/out" "prune record" "names the prune record"

rule RET-1
# W: care data 15 years from creation (W§15.1a), but the law's 20 years
# from the record's last change is a floor.
newdb w
if "$ZK" init --db "$DB_w" --profile "$W" --demo >/dev/null 2>"$TMP/err"; then
  unset ZORGKLUIS_TENANT
  wcare() { sql "$DB_w" "SELECT count(*) FROM entry WHERE category = 'care'"; }
  c0=$(wcare)
  # RET-4: the DPO runs today's sweep of W's own organisation: nothing
  # is due yet; the start is the DPO's entry, the run names the DPO.
  expect 0 "W DPO run" -- "$ZK" retention run --db "$DB_w" --tenant woondroomzorg --as dpo --confirm
  contains "$TMP/out" "\"dry_run\": false" "a real run"
  [ "$(wcare)" -eq "$c0" ] && ok || bad "the DPO's run today destroyed care data"
  me=$(sql "$DB_w" "SELECT uid FROM staff_user WHERE username = 'dpo' AND tenant_id = (SELECT id FROM tenant WHERE slug = 'woondroomzorg')")
  [ "$(sql "$DB_w" "SELECT count(*) FROM audit_log WHERE event = 'retention.run' AND user_uid = '$me'")" -eq 1 ] && ok || bad "the DPO's start is not logged"
  [ "$(sql "$DB_w" "SELECT count(*) FROM audit_log WHERE event = 'retention.run' AND on_behalf_of = '$me'")" -eq 1 ] && ok || bad "the run does not name the DPO"
  expect 0 "W at 16 years" -- "$ZK" retention run --db "$DB_w" --on 2043-01-01
  [ "$(wcare)" -eq "$c0" ] && ok || bad "W care destroyed before the floor"
  contains "$TMP/out" "floor=" "floor counted"
  grep -q "floor=0 " "$TMP/out" && bad "no data kept by the floor" || ok
  expect 0 "W at 21 years" -- "$ZK" retention run --db "$DB_w" --on 2048-01-01
  [ "$(wcare)" -eq 0 ] && ok || bad "W care kept past 20 years"
  expect 0 "W verify" -- "$ZK" audit verify --db "$DB_w"
else
  bad "W demo: $(cat "$TMP/err")"
fi
finish
