#!/usr/bin/env bash
# zorgkluis breach: the breach register from the command line on both
# engines (BRE-1 to BRE-3, FG-1): a professional reports, may not read
# the register; the DPO lists with the clock, assesses, records the AP
# notice and who was told, and prints the texts; bad input is exit 2.
. "$(dirname "$0")/lib.sh"

newdb b
"$ZK" init --db "$DB_b" --profile "$M" --demo >/dev/null || { bad init; finish; exit 1; }
T=$(sql "$DB_b" "SELECT slug FROM tenant ORDER BY id LIMIT 1")
br() { local who=$1; shift; "$ZK" breach "$@" --db "$DB_b" --tenant "$T" --as "$who"; }

aware=$(date -u -d '-2 hours' +%Y-%m-%dT%H:%M:%SZ)
rule BRE-1
printf '{"aware_at":"%s","categories":["care"],"people_approx":12,"records_approx":30,"facts":"USB-stick met rapportages kwijt"}' "$aware" |
  br professional add >"$TMP/out" 2>"$TMP/err"
[ $? -eq 0 ] && ok || { bad "BRE-1 staff reports"; cat "$TMP/err"; }
# 72 hours from two hours ago: 70 left, 69 once a second has passed.
grep -qE '"hours_left": (69|70),' "$TMP/out" && ok || bad "BRE-2 the clock runs from awareness"
id=$(sed -n 's/^  "id": "\(.*\)",$/\1/p' "$TMP/out" | head -1)
[ -n "$id" ] && ok || bad "no id"
n=$(sql "$DB_b" "SELECT count(*) FROM breach WHERE CAST(details AS TEXT) LIKE '%USB%'")
[ "$n" = 0 ] && ok || bad "BRE-1 facts not sealed"

rule FG-1
expect 1 "FG-1 professional may not list" -- br professional list
contains "$TMP/err" "FG-1" "FG-1 refusal names the rule"
expect 1 "FG-1 administrator may not show" -- br administrator show --id "$id"
expect 0 "FG-1 DPO lists" -- br dpo list
contains "$TMP/out" "$id" "FG-1 DPO sees the breach"

rule BRE-3
echo '{"risk":"high","reasons":"Gezondheidsgegevens onversleuteld","encrypted":true}' |
  br dpo assess --id "$id" >"$TMP/out" 2>"$TMP/err"
contains "$TMP/out" '"subject_exemption": "encrypted"' "BRE-3 encrypted exemption"
rule BRE-2
echo '{"risk":"hoog","reasons":"x"}' | br dpo assess --id "$id" >"$TMP/out" 2>"$TMP/err"
[ $? -eq 2 ] && ok || bad "BRE-2 unknown risk: exit 2"
contains "$TMP/err" "none, risk or high" "BRE-2 unknown risk message"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
printf '{"sent_at":"%s","reference":"AP-77","text":"Eerste melding"}' "$now" |
  br dpo notice --id "$id" >"$TMP/out" 2>"$TMP/err"
contains "$TMP/out" '"ap_notified": true' "BRE-2 first notice stops the clock"
printf '{"who":"12 cliënten","people":12,"how":"email","notified_at":"%s"}' "$now" |
  br dpo notified --id "$id" >"$TMP/out" 2>"$TMP/err"
contains "$TMP/out" '"how": "email"' "BRE-3 notified recorded"
expect 0 "BRE-2 AP text" -- br dpo text --id "$id" --which ap
contains "$TMP/out" "AP-77" "BRE-2 AP text names the phase"
contains "$TMP/out" "info@micarewerkt.nl" "BRE-2 AP text names the DPO"
expect 0 "BRE-3 subject text en" -- br dpo text --id "$id" --which subject --lang en
contains "$TMP/out" "What you can do" "BRE-3 subject text"
expect 1 "FG-1 professional text" -- br professional text --id "$id" --which ap

rule BRE-1
echo '{"aware_at":"gisteren","categories":["care"],"people_approx":1,"records_approx":1,"facts":"x"}' |
  br professional add >"$TMP/out" 2>"$TMP/err"
[ $? -eq 2 ] && ok || bad "BRE-1 bad aware_at: exit 2"
contains "$TMP/err" "instant" "BRE-1 bad aware_at message"
echo '{"aware_at":' | br professional add >"$TMP/out" 2>"$TMP/err"
[ $? -eq 2 ] && ok || bad "BRE-1 not json: exit 2"
expect 2 "no --as" -- "$ZK" breach list --db "$DB_b"
expect 2 "no --id" -- "$ZK" breach show --db "$DB_b" --as dpo
n=$(sql "$DB_b" "SELECT count(*) FROM breach")
[ "$n" = 1 ] && ok || bad "bad input wrote a breach ($n)"
n=$(sql "$DB_b" "SELECT count(*) FROM audit_log WHERE event LIKE 'breach.%' AND outcome = 'refused'")
[ "$n" -ge 3 ] && ok || bad "LOG-1 refusals logged ($n)"
expect 0 "audit verify" -- "$ZK" audit verify --db "$DB_b"

finish
