#!/usr/bin/env bash
# zorgkluis breach: the breach register from the command line on both
# engines (BRE-1 to BRE-3, FG-1): a professional reports, may not read
# the register; the DPO lists with the clock, assesses, records the AP
# notice and who was told, and prints the texts (also as PDF); the DPO
# closes the breach, after which it cannot change; bad input is exit 2.
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
expect 0 "BRE-2 AP text as PDF" -- br dpo text --id "$id" --which ap --format pdf --out "$TMP/ap.pdf"
head -c 5 "$TMP/ap.pdf" | grep -q '%PDF-' && ok || bad "BRE-2 the AP text is a PDF"
br dpo text --id "$id" --which subject --lang en --format pdf >"$TMP/subject.pdf" 2>"$TMP/err"
head -c 5 "$TMP/subject.pdf" | grep -q '%PDF-' && ok || bad "BRE-3 the subject text as PDF on stdout"
expect 2 "unknown --format" -- br dpo text --id "$id" --which ap --format doc
expect 1 "FG-1 professional PDF" -- br professional text --id "$id" --which ap --format pdf

rule BRE-1
echo '{"reason":"klaar"}' | br professional close --id "$id" >"$TMP/out" 2>"$TMP/err"
[ $? -eq 1 ] && ok || bad "FG-1 professional may not close"
echo '{}' | br dpo close --id "$id" >"$TMP/out" 2>"$TMP/err"
[ $? -eq 2 ] && ok || bad "BRE-1 close without a reason: exit 2"
echo '{"reason":"Afgehandeld, AP en betrokkenen geïnformeerd"}' | br dpo close --id "$id" >"$TMP/out" 2>"$TMP/err"
contains "$TMP/out" '"closed": true' "BRE-1 the DPO closes the breach"
contains "$TMP/out" '"close_reason": "Afgehandeld' "BRE-1 the reason is kept"
expect 0 "open list" -- br dpo list
grep -q "$id" "$TMP/out" && bad "BRE-1 a closed breach is not open" || ok
expect 0 "closed list" -- br dpo list --state closed
contains "$TMP/out" "$id" "BRE-1 the closed list holds it"
echo '{"cause":"later"}' | br dpo update --id "$id" >"$TMP/out" 2>"$TMP/err"
[ $? -ne 0 ] && ok || bad "BRE-1 a closed breach cannot change"
contains "$TMP/err" "closed" "BRE-1 the refusal says it is closed"
n=$(sql "$DB_b" "SELECT count(*) FROM breach WHERE CAST(close_reason AS TEXT) LIKE '%Afgehandeld%'")
[ "$n" = 0 ] && ok || bad "BRE-1 close reason not sealed"

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
[ "$n" -ge 5 ] && ok || bad "LOG-1 refusals logged ($n)"
expect 0 "audit verify" -- "$ZK" audit verify --db "$DB_b"

finish
