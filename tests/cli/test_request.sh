#!/usr/bin/env bash
# zorgkluis request: data subjects' requests from the command line (RQ-1
# to RQ-6, INZ-2, INZ-4, INZ-6, SEC-4, REP-1, REP-6), the copy as PDF and
# FHIR (INZ-1, POR-1), and the letters (RQ-6).
. "$(dirname "$0")/lib.sh"

newdb r
"$ZK" init --db "$DB_r" --profile "$M" --demo >/dev/null || { bad init; finish; exit 1; }
export ZORGKLUIS_TENANT=micare-werkt
# The demo's first client is 9 years old, its second 26.
child=$(sql "$DB_r" "SELECT uid FROM subject WHERE kind='client' ORDER BY id LIMIT 1")
adult=$(sql "$DB_r" "SELECT uid FROM subject WHERE kind='client' ORDER BY id LIMIT 1 OFFSET 1")
today=$(TZ=Europe/Amsterdam date +%F)

rule RQ-1
expect 0 "an adult asks for a copy by e-mail" -- "$ZK" request add --db "$DB_r" \
  --subject "$adult" --kind copy --received "$today" --channel email \
  --id-document passport --id-last 4821
copy=$(head -1 "$TMP/out")
[ ${#copy} -eq 36 ] && ok || bad "request id: $copy"
expect 0 "show" -- "$ZK" request show --db "$DB_r" --request "$copy"
contains "$TMP/out" '"answer_channel": "email"' "RQ-1: an electronic request is answered electronically"
contains "$TMP/out" '"state": "received"' "received"
contains "$TMP/out" '"rule": "RQ-2"' "RQ-2 deadline shown"
contains "$TMP/out" '"last_digits": "4821"' "SEC-4: last digits kept"
expect 2 "unknown kind" -- "$ZK" request add --db "$DB_r" --subject "$adult" --kind gossip --received "$today"
expect 2 "received in the future" -- "$ZK" request add --db "$DB_r" --subject "$adult" --kind copy --received 2999-01-01
expect 2 "bad channel" -- "$ZK" request add --db "$DB_r" --subject "$adult" --kind copy --received "$today" --channel pigeon
rule SEC-4
expect 2 "SEC-4: the whole document number is not kept" -- "$ZK" request add --db "$DB_r" \
  --subject "$adult" --kind access --received "$today" --id-document passport --id-last NX12345678
contains "$TMP/err" "SEC-4" "SEC-4 named"
rule REP-1
expect 1 "REP-1: a child of nine does not ask alone" -- "$ZK" request add --db "$DB_r" \
  --subject "$child" --kind access --received "$today"
expect 0 "representative" -- "$ZK" representative add --db "$DB_r" --subject "$child" \
  --kind parent_with_authority --name "M. Çelik-Vrée"
parent=$(head -1 "$TMP/out")
rule REP-6
expect 0 "REP-6: the parent asks for access" -- "$ZK" request add --db "$DB_r" \
  --subject "$child" --kind access --received "$today" --representative "$parent" --identity-in-doubt
access=$(head -1 "$TMP/out")
expect 0 "show" -- "$ZK" request show --db "$DB_r" --request "$access"
contains "$TMP/out" "\"by\": \"$parent\"" "REP-6: the representative is recorded"
contains "$TMP/out" '"basis": "REP-1' "REP-6: with the basis"
rule RQ-3
contains "$TMP/out" '"suspended": true' "RQ-3: identity in doubt stops the clock"
contains "$TMP/out" '"state": "awaiting_identity"' "RQ-3 state"
expect 1 "RQ-3: not granted while identity is awaited" -- "$ZK" request decide --db "$DB_r" \
  --request "$access" --grant
expect 0 "RQ-3: proof arrives" -- "$ZK" request identity --db "$DB_r" --request "$access" \
  --id-document id_card --id-last 77AB
expect 0 "show" -- "$ZK" request show --db "$DB_r" --request "$access"
contains "$TMP/out" '"suspended": false' "RQ-3: the clock runs again"
contains "$TMP/out" '"state": "in_progress"' "in progress"
rule RQ-2
expect 0 "inbox" -- "$ZK" request inbox --db "$DB_r"
contains "$TMP/out" '"days_left"' "RQ-2: days left"
contains "$TMP/out" "$copy" "inbox lists the copy"
expect 0 "inbox by kind" -- "$ZK" request inbox --db "$DB_r" --kind access
if grep -q "$copy" "$TMP/out"; then bad "inbox filter by kind"; else ok; fi
expect 2 "inbox bad state" -- "$ZK" request inbox --db "$DB_r" --state dreaming
rule RQ-5
expect 2 "RQ-5: a refusal needs reasons" -- "$ZK" request decide --db "$DB_r" --request "$copy" --refuse
rule RQ-4
expect 2 "RQ-4: free unless excessive" -- "$ZK" request decide --db "$DB_r" --request "$copy" \
  --grant --fee-cents 500
rule INZ-6
expect 1 "INZ-6: the first copy is free" -- "$ZK" request decide --db "$DB_r" --request "$copy" \
  --grant --excessive --reason "zesde verzoek deze maand" --fee-cents 500
contains "$TMP/err" "INZ-6" "INZ-6 named"
rule INZ-4
expect 0 "INZ-4: explanation offered" -- "$ZK" request explanation --db "$DB_r" --request "$copy" --status offered
expect 2 "INZ-4: never required" -- "$ZK" request explanation --db "$DB_r" --request "$copy" --status required
rule INZ-2
entry=$(sql "$DB_r" "SELECT e.uid FROM entry e JOIN subject x ON x.id = e.subject_id WHERE x.uid = '$adult' AND e.category <> 'work_note' ORDER BY e.id LIMIT 1")
[ -n "$entry" ] && ok || bad "the adult has no entry to withhold"
expect 2 "INZ-2: withholding needs a reason" -- "$ZK" request withhold --db "$DB_r" --request "$copy" --entry "$entry" --reason " "
expect 0 "INZ-2: an entry withheld to protect another" -- "$ZK" request withhold --db "$DB_r" \
  --request "$copy" --entry "$entry" --reason "noemt een medebewoner bij naam"
expect 1 "INZ-2: withheld once" -- "$ZK" request withhold --db "$DB_r" \
  --request "$copy" --entry "$entry" --reason "nog eens"
expect 1 "INZ-2: an entry of another client is not withheld here" -- "$ZK" request withhold --db "$DB_r" \
  --request "$access" --entry "$entry" --reason "ander"
expect 1 "INZ-2: with an entry withheld it is not wholly granted" -- "$ZK" request decide --db "$DB_r" \
  --request "$copy" --grant
contains "$TMP/err" "INZ-2" "INZ-2 named"
rule RQ-1
expect 1 "no copy before the decision" -- "$ZK" request export --db "$DB_r" --request "$copy" \
  --format pdf --out "$TMP/early.pdf"
[ ! -e "$TMP/early.pdf" ] && ok || bad "a copy was written before the decision"
expect 0 "partly granted, with reasons" -- "$ZK" request decide --db "$DB_r" --request "$copy" \
  --partly --reason "een aantekening noemt een medebewoner"
expect 1 "decided once" -- "$ZK" request decide --db "$DB_r" --request "$copy" --refuse --reason "toch niet"
rule INZ-1
expect 0 "INZ-1: the copy as PDF" -- "$ZK" request export --db "$DB_r" --request "$copy" \
  --format pdf --out "$TMP/copy.pdf"
[ "$(head -c 5 "$TMP/copy.pdf")" = "%PDF-" ] && ok || bad "not a PDF"
if command -v pdftotext >/dev/null; then
  pdftotext "$TMP/copy.pdf" "$TMP/copy.txt"
  contains "$TMP/copy.txt" "MiCare Werkt" "the organisation on the copy"
  tr '\n' ' ' <"$TMP/copy.txt" | grep -q "medebewoner" && ok || bad "INZ-2: the reason for withholding is on the copy"
  n=$(grep -c "$entry" "$TMP/copy.txt" || true)
  [ "$n" -le 1 ] && ok || bad "INZ-2: the withheld entry is in the copy"
fi
rule POR-1
expect 0 "POR-1: the copy as FHIR" -- "$ZK" request export --db "$DB_r" --request "$copy" \
  --format fhir --out "$TMP/copy.json"
contains "$TMP/copy.json" '"resourceType": "Bundle"' "a FHIR Bundle"
validator="$SRC/tests/fhir/validate.js"
if [ -d "$SRC/tests/fhir/node_modules" ] && command -v node >/dev/null; then
  expect 0 "POR-1: the bundle is valid FHIR R4" -- node "$validator" "$TMP/copy.json"
fi
expect 2 "bad format" -- "$ZK" request export --db "$DB_r" --request "$copy" --format docx --out "$TMP/x"
rule RQ-6
expect 0 "RQ-6: the decision letter" -- "$ZK" request letter --db "$DB_r" --request "$copy" \
  --letter decision --out "$TMP/letter.pdf"
[ "$(head -c 5 "$TMP/letter.pdf")" = "%PDF-" ] && ok || bad "letter not a PDF"
rule RQ-5
rule CMP-1
if command -v pdftotext >/dev/null; then
  pdftotext "$TMP/letter.pdf" "$TMP/letter.txt"
  contains "$TMP/letter.txt" "Autoriteit" "RQ-5: the letter names the AP"
  contains "$TMP/letter.txt" "klacht" "CMP-1: the letter names the complaint route"
  contains "$TMP/letter.txt" "medebewoner" "RQ-5: the reasons are in the letter"
fi
rule REP-5
expect 0 "REP-5: the acknowledgement goes to the parent" -- "$ZK" request letter --db "$DB_r" \
  --request "$access" --letter acknowledgement --out "$TMP/ack.pdf"
if command -v pdftotext >/dev/null; then
  pdftotext "$TMP/ack.pdf" "$TMP/ack.txt"
  contains "$TMP/ack.txt" "Çelik-Vrée" "REP-5: addressed to the representative"
fi
expect 1 "no extension letter without an extension" -- "$ZK" request letter --db "$DB_r" \
  --request "$copy" --letter extension --out "$TMP/ext.pdf"
expect 0 "carried out" -- "$ZK" request carry-out --db "$DB_r" --request "$copy"
expect 0 "closed" -- "$ZK" request close --db "$DB_r" --request "$copy"
expect 1 "closed is closed" -- "$ZK" request extend --db "$DB_r" --request "$copy" --reason "complex"
rule RQ-2
expect 0 "extension" -- "$ZK" request extend --db "$DB_r" --request "$access" --reason "veel gegevens"
expect 0 "show" -- "$ZK" request show --db "$DB_r" --request "$access"
contains "$TMP/out" '"extension": "not_allowed"' "RQ-2: M's four weeks cannot be extended"
expect 1 "extended once" -- "$ZK" request extend --db "$DB_r" --request "$access" --reason "nog eens"
rule POR-2
expect 0 "a portability request" -- "$ZK" request add --db "$DB_r" --subject "$adult" \
  --kind portability --received "$today" --channel portal
port=$(head -1 "$TMP/out")
expect 1 "POR-2: not sent before it is granted" -- "$ZK" request transfer --db "$DB_r" \
  --request "$port" --to http://127.0.0.1:9/fhir
expect 0 "grant" -- "$ZK" request decide --db "$DB_r" --request "$port" --grant
expect 2 "POR-2: only http or https" -- "$ZK" request transfer --db "$DB_r" \
  --request "$port" --to file:///etc/passwd
expect 2 "POR-2: no password in the address" -- "$ZK" request transfer --db "$DB_r" \
  --request "$port" --to http://u:geheim@127.0.0.1:9/fhir
expect 1 "POR-2: nobody listens there" -- "$ZK" request transfer --db "$DB_r" \
  --request "$port" --to http://127.0.0.1:9/fhir
expect 0 "show" -- "$ZK" request show --db "$DB_r" --request "$port"
contains "$TMP/out" "transfer_failed" "POR-2: the failed transfer is in the history"
if grep -q "geheim" "$TMP/out"; then bad "a password reached the history"; else ok; fi
rule LOG-1
expect 0 "the log verifies" -- "$ZK" audit verify --db "$DB_r"
n=$(sql "$DB_r" "SELECT count(*) FROM audit_log WHERE event LIKE 'request.%'")
[ "$n" -ge 10 ] && ok || bad "request acts logged: $n"
n=$(sql "$DB_r" "SELECT count(*) FROM audit_log WHERE event = 'request.create' AND on_behalf_of = 'representative:$parent'")
[ "$n" -eq 1 ] && ok || bad "REP-6: on_behalf_of logged ($n)"
finish
