#!/usr/bin/env bash
# zorgkluis policy eval disclosure: the disclosure decision (DIS-1 to
# DIS-5, OBJ-1, SEC-2) as one JSON line for facts on stdin, for both
# profiles; unknown words and malformed input are errors (exit 2), not a
# deny. Then migration 024_recipient_kinds on both engines: consents and
# objections stored under the old names of recipient kinds get the new.
. "$(dirname "$0")/lib.sh"

eval_disclosure() { # PROFILE JSON -> $TMP/out, $TMP/err
  printf '%s' "$2" | "$ZK" policy eval disclosure --profile "$1" >"$TMP/out" 2>"$TMP/err"
}
# decide DESC PROFILE EXPECTED-LINE JSON: exit 0 and exactly that line.
decide() {
  eval_disclosure "$2" "$4"
  local rc=$?
  [ "$rc" -eq 0 ] && ok || bad "$1: exit $rc, want 0"
  if [ "$(cat "$TMP/out")" = "$3" ]; then ok; else
    bad "$1: want $3"; sed 's/^/  | /' "$TMP/out" "$TMP/err"
  fi
}
# f KIND COUNTRY CONSENT OBJECTION LAW IDENTIFIABLE DECEASED [EXTRA]
f() {
  printf '{"recipient_kind":"%s","country":"%s","category":"medical","consent":%s,"objection":%s,"legal_obligation":%s,"identifiable":%s,"subject_deceased":%s%s}' \
    "$1" "$2" "$3" "$4" "$5" "$6" "$7" "${8:-}"
}
p() { printf '{"decision":"%s","ground":"%s","rule":"%s"}' "$1" "$2" "$3"; }

# The issue's example: an insurer, no consent, no objection (DIS-2).
rule DIS-2
decide "DIS-2 M insurer" "$M" "$(p permit insurer DIS-2)" "$(f insurer NL false false false true false)"
decide "DIS-2 W insurer" "$W" "$(p permit insurer DIS-2)" "$(f insurer NL false false false true false)"
decide "DIS-2 M specialist" "$M" "$(p permit treatment DIS-2)" "$(f specialist NL false false false true false ',"purpose":"treatment"')"
decide "DIS-2 M directly involved" "$M" "$(p permit directly_involved DIS-2)" "$(f directly_involved NL false false false true false)"
# OBJ-1 and its scope: M§6.2(ii), W§9.2(b).
rule OBJ-1
decide "OBJ-1 M risk assessment" "$M" "$(p deny objection OBJ-1)" "$(f insurer NL false true false true false ',"purpose":"risk_assessment"')"
decide "OBJ-1 W risk assessment" "$W" "$(p deny objection OBJ-1)" "$(f insurer NL false true false true false ',"purpose":"risk_assessment"')"
decide "OBJ-1 M contract outside the scope" "$M" "$(p permit contract_execution DIS-2)" "$(f insurer NL false true false true false ',"purpose":"contract_execution"')"
decide "OBJ-1 W contract outside the scope" "$W" "$(p permit contract_execution DIS-2)" "$(f insurer NL false true false true false ',"purpose":"contract_execution"')"
decide "OBJ-1 no purpose: inside" "$W" "$(p deny objection OBJ-1)" "$(f insurer NL false true false true false ',"purpose":null')"
decide "OBJ-1 M directly involved" "$M" "$(p deny objection OBJ-1)" "$(f directly_involved NL false true false true false)"
# DIS-3: W exchanges no data with other care providers, even on consent.
rule DIS-3
decide "DIS-3 W care provider, consent" "$W" "$(p deny kind_forbidden DIS-3)" "$(f care_provider NL true false false true false)"
decide "DIS-3 W specialist, consent" "$W" "$(p deny kind_forbidden DIS-3)" "$(f specialist NL true false false true false)"
decide "DIS-3 W directly involved" "$W" "$(p deny kind_forbidden DIS-3)" "$(f directly_involved NL false false false true false)"
decide "DIS-3 W old name, consent" "$W" "$(p deny kind_forbidden DIS-3)" "$(f treating_provider NL true false false true false)"
decide "DIS-3 M care provider, consent" "$M" "$(p permit consent DIS-1)" "$(f care_provider NL true false false true false)"
rule DIS-1
decide "DIS-1 W care provider by law" "$W" "$(p permit legal_obligation DIS-1)" "$(f care_provider NL false false true true false)"
decide "DIS-1 M other, no consent" "$M" "$(p deny no_consent DIS-1)" "$(f other NL false false false true false)"
decide "DIS-1 W researcher, consent" "$W" "$(p permit consent DIS-1)" "$(f researcher NL true false false true false)"
decide "DIS-1 M public body by law" "$M" "$(p permit legal_obligation DIS-1)" "$(f public_body NL false false true true false)"
decide "DIS-1 W public body on consent" "$W" "$(p deny only_by_law DIS-1)" "$(f public_body NL true false false true false)"
# Statistics: non-identifiable only, consent or not (M§13.4(ii), W§9.5).
rule DIS-2
decide "DIS-2 M statistics anonymous" "$M" "$(p permit statistics DIS-2)" "$(f statistics NL false false false false false)"
decide "DIS-2 W statistics identifiable" "$W" "$(p deny identifiable DIS-2)" "$(f statistics NL true false false true false)"
# DIS-5: the same rules after death.
rule DIS-5
decide "DIS-5 M deceased, no consent" "$M" "$(p deny no_consent DIS-5)" "$(f other NL false false false true true)"
decide "DIS-5 W deceased, consent in life" "$W" "$(p permit consent DIS-1)" "$(f other NL true false false true true)"
decide "DIS-5 W deceased, forbidden kind" "$W" "$(p deny kind_forbidden DIS-3)" "$(f care_provider NL true false false true true)"
# SEC-2: the adequacy list.
rule SEC-2
decide "SEC-2 EEA" "$M" "$(p permit consent DIS-1)" "$(f other NO true false false true false)"
decide "SEC-2 lower case" "$M" "$(p permit consent DIS-1)" "$(f other de true false false true false)"
decide "SEC-2 decision" "$W" "$(p permit insurer DIS-2)" "$(f insurer CH false false false true false)"
decide "SEC-2 United States certified" "$M" "$(p permit consent DIS-1)" "$(f other US true false false true false ',"certified":true')"
decide "SEC-2 United States not certified" "$M" "$(p deny not_certified SEC-2)" "$(f other US true false false true false)"
decide "SEC-2 China" "$M" "$(p deny outside_eea SEC-2)" "$(f other CN true false true true false)"
decide "SEC-2 India" "$W" "$(p deny outside_eea SEC-2)" "$(f insurer IN true false false true false ',"certified":true')"

# A word outside the vocabulary: exit 2, a JSON error on stdout, one line
# on stderr, no decision.
unknown() { # DESC CODE RULE JSON
  eval_disclosure "$W" "$4"
  local rc=$?
  [ "$rc" -eq 2 ] && ok || bad "$1: exit $rc, want 2"
  contains "$TMP/out" "{\"error\":{\"code\":\"$2\"" "$1: JSON error"
  contains "$TMP/out" "\"rule\":\"$3\"" "$1: rule"
  lines "$TMP/err" 1 "$1: one line on stderr"
  if grep -q '"decision"' "$TMP/out"; then bad "$1: decided"; else ok; fi
}
rule DIS-1
unknown "unknown kind" unknown_recipient_kind DIS-1 "$(f neighbour NL true false false true false)"
unknown "kind in capitals" unknown_recipient_kind DIS-1 "$(f Insurer NL true false false true false)"
unknown "unknown category" unknown_category CAT-1 '{"recipient_kind":"insurer","country":"NL","category":"gossip","consent":true,"objection":false,"legal_obligation":false,"identifiable":true,"subject_deceased":false}'
rule OBJ-1
unknown "unknown purpose" unknown_purpose OBJ-1 "$(f insurer NL false true false true false ',"purpose":"marketing"')"
unknown "purpose unspecified" unknown_purpose OBJ-1 "$(f insurer NL false true false true false ',"purpose":"unspecified"')"
rule SEC-2
unknown "unknown country" unknown_country SEC-2 "$(f other XX true false false true false)"
unknown "country of three letters" unknown_country SEC-2 "$(f other NLD true false false true false)"
unknown "country UK" unknown_country SEC-2 "$(f other UK true false false true false)"
unknown "empty country" unknown_country SEC-2 "$(f other '' true false false true false)"

# Malformed input: exit 2, one line on stderr, nothing on stdout.
bad_input() { # DESC JSON [TEXT-ON-STDERR]
  eval_disclosure "$M" "$2"
  local rc=$?
  [ "$rc" -eq 2 ] && ok || bad "$1: exit $rc, want 2"
  lines "$TMP/err" 1 "$1: one-line error"
  [ ! -s "$TMP/out" ] && ok || { bad "$1: printed"; sed 's/^/  | /' "$TMP/out"; }
  [ -z "${3:-}" ] || contains "$TMP/err" "$3" "$1: message"
}
bad_input "not json" '{"recipient_kind":' 'stdin:'
bad_input "empty" ''
bad_input "array" '[1,2]' 'one JSON object'
bad_input "kind missing" '{"country":"NL","category":"medical","consent":true,"objection":false,"legal_obligation":false,"identifiable":true,"subject_deceased":false}' '"recipient_kind" is required'
bad_input "kind a number" "$(f insurer NL true false false true false | sed 's/"insurer"/3/')" '"recipient_kind"'
bad_input "consent a string" "$(f insurer NL '"yes"' false false true false)" '"consent" is required and must be true or false'
bad_input "consent missing" '{"recipient_kind":"insurer","country":"NL","category":"medical","objection":false,"legal_obligation":false,"identifiable":true,"subject_deceased":false}' '"consent"'
bad_input "deceased null" "$(f insurer NL true false false true null)" '"subject_deceased"'
bad_input "certified a number" "$(f other US true false false true false ',"certified":1')" '"certified"'
bad_input "purpose a number" "$(f insurer NL true false false true false ',"purpose":2')" '"purpose"'
bad_input "misspelt field" "$(f insurer NL true false false true false ',"objected":true')" 'unknown field "objected"'
bad_input "country a number" "$(f insurer NL true false false true false | sed 's/"NL"/31/')" '"country"'
expect 2 "disclosure without a profile" -- "$ZK" policy eval disclosure
"$ZK" policy --help >"$TMP/out" 2>&1
contains "$TMP/out" "policy eval disclosure" "usage names disclosure"

# 024_recipient_kinds, on the engine of this run: rows stored under the
# old names are renamed; a new consent or objection given an old name is
# stored under the new one.
newdb d
"$ZK" init --db "$DB_d" --profile "$M" --demo >/dev/null || { bad init; finish; exit 1; }
export ZORGKLUIS_TENANT=micare-werkt
adult=$(sql "$DB_d" "SELECT uid FROM subject WHERE kind='client' ORDER BY id LIMIT 1 OFFSET 1")
expect 0 "consent, old kind name" -- "$ZK" consent record --db "$DB_d" --subject "$adult" \
  --form written --evidence "scan 9" --purpose care_delivery --category care \
  --recipient-kind referring_specialist --explicit --valid-from 2026-01-01
expect 0 "objection, old kind name" -- "$ZK" objection add --db "$DB_d" --subject "$adult" \
  --recipient-kind treating_provider
expect 0 "objection, new kind name" -- "$ZK" objection add --db "$DB_d" --subject "$adult" \
  --recipient-kind insurer
rule OBJ-1
n=$(sql "$DB_d" "SELECT recipient_kind FROM consent WHERE recipient_kind IS NOT NULL AND recipient_kind <> '' ORDER BY id")
[ "$n" = "specialist" ] && ok || bad "consent stored under the new name: $n"
n=$(sql "$DB_d" "SELECT recipient_kind FROM objection WHERE recipient_kind IS NOT NULL ORDER BY id" | tr '\n' ' ')
[ "$n" = "care_provider insurer " ] && ok || bad "objections stored under the new names: $n"
# Back to the names of before, as an older zorgkluis stored them; then
# the migration's own SQL, as the migration runs it.
sql "$DB_d" "UPDATE consent SET recipient_kind = 'referring_specialist' WHERE recipient_kind = 'specialist';
  UPDATE objection SET recipient_kind = 'treating_provider' WHERE recipient_kind = 'care_provider';
  UPDATE objection SET recipient_kind = 'research' WHERE recipient_kind = 'insurer'" >/dev/null
if on_pg; then mig=$SRC/src/store/migrations/pgsql/024_recipient_kinds.sql; else mig=$SRC/src/store/migrations/024_recipient_kinds.sql; fi
# (without its comments: sqlite3 would read a leading "--" as an option)
sql "$DB_d" "$(grep -v '^--' "$mig")" >/dev/null && ok || bad "024 runs"
n=$(sql "$DB_d" "SELECT recipient_kind FROM consent WHERE recipient_kind IS NOT NULL AND recipient_kind <> '' ORDER BY id")
[ "$n" = "specialist" ] && ok || bad "024 renames consents: $n"
n=$(sql "$DB_d" "SELECT recipient_kind FROM objection WHERE recipient_kind IS NOT NULL ORDER BY id" | tr '\n' ' ')
[ "$n" = "care_provider researcher " ] && ok || bad "024 renames objections: $n"
n=$(sql "$DB_d" "SELECT name FROM schema_migration WHERE version = 24")
[ "$n" = "recipient_kinds" ] && ok || bad "024 applied at init: $n"

finish
