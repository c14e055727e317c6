#!/usr/bin/env bash
# zorgkluis policy eval breach: the clock of a personal data breach as one
# JSON line for facts on stdin, for both profiles (BRE-1 to BRE-3, GDPR
# art. 33 and 34, M§15, W§17); clear errors for malformed input. No
# database.
. "$(dirname "$0")/lib.sh"

eval_breach() { # PROFILE JSON -> $TMP/out, $TMP/err
  printf '%s' "$2" | "$ZK" policy eval breach --profile "$1" >"$TMP/out" 2>"$TMP/err"
}
# clock DESC PROFILE EXPECTED-LINE JSON: exit 0 and exactly that one line.
clock() {
  eval_breach "$2" "$4"
  local rc=$?
  [ "$rc" -eq 0 ] && ok || bad "$1: exit $rc, want 0"
  if [ "$(cat "$TMP/out")" = "$3" ]; then ok; else
    bad "$1: want $3"; sed 's/^/  | /' "$TMP/out" "$TMP/err"
  fi
  lines "$TMP/out" 1 "$1: one line"
}
# both DESC EXPECTED JSON: the same answer under both profiles.
both() { clock "$1 (M)" "$M" "$2" "$3"; clock "$1 (W)" "$W" "$2" "$3"; }

high='"notify_ap":true,"ap_due":"2026-12-07T16:30:00Z","notify_subjects":true,"subject_exemption":null'
rule BRE-2
# The issue's example: Friday 4 December 16:30 UTC + 72 hours is Monday
# 7 December 16:30: the weekend counts (art. 33: hours, not working days).
both "BRE-2 high, through a weekend" "{$high,\"rule\":\"BRE-2\"}" \
  '{"aware_at":"2026-12-04T16:30:00Z","risk":"high","encrypted":false,"risk_removed":false,"disproportionate":false}'
rule BRE-2
# King's Day, Monday 27 April 2026, is no holiday for the clock: aware on
# Saturday 25 April 09:00, due Tuesday 28 April 09:00.
both "BRE-2 King's Day counts" \
  '{"notify_ap":true,"ap_due":"2026-04-28T09:00:00Z","notify_subjects":false,"subject_exemption":null,"rule":"BRE-2"}' \
  '{"aware_at":"2026-04-25T09:00:00Z","risk":"risk"}'
rule BRE-2
# Christmas and Boxing Day too: 24 December 12:00 -> 27 December 12:00.
both "BRE-2 Christmas counts" \
  '{"notify_ap":true,"ap_due":"2026-12-27T12:00:00Z","notify_subjects":false,"subject_exemption":null,"rule":"BRE-2"}' \
  '{"aware_at":"2026-12-24T12:00:00Z","risk":"risk"}'
rule BRE-2
# Summer time begins on Sunday 29 March 2026 at 01:00 UTC. Aware on
# Friday 27 March 10:00 Dutch time (09:00Z, +01:00): due Monday 30 March
# 09:00Z, which is 11:00 Dutch summer time. 72 hours, not 71: the clock
# runs in UTC.
both "BRE-2 summer time starts" \
  '{"notify_ap":true,"ap_due":"2026-03-30T09:00:00Z","notify_subjects":false,"subject_exemption":null,"rule":"BRE-2"}' \
  '{"aware_at":"2026-03-27T10:00:00+01:00","risk":"risk"}'
rule BRE-2
# Winter time returns on Sunday 25 October 2026 01:00 UTC. Aware on
# Friday 23 October 12:00 summer time (+02:00, 10:00Z): due Monday 26
# October 10:00Z (11:00 winter time). And aware Friday 30 October 18:00
# (+01:00), after the change: Monday 2 November 17:00Z.
both "BRE-2 winter time returns" \
  '{"notify_ap":true,"ap_due":"2026-10-26T10:00:00Z","notify_subjects":false,"subject_exemption":null,"rule":"BRE-2"}' \
  '{"aware_at":"2026-10-23T12:00:00+02:00","risk":"risk"}'
both "BRE-2 30 October" \
  '{"notify_ap":true,"ap_due":"2026-11-02T17:00:00Z","notify_subjects":false,"subject_exemption":null,"rule":"BRE-2"}' \
  '{"aware_at":"2026-10-30T18:00:00+01:00","risk":"risk"}'
rule BRE-2
# An offset that crosses the date line back: 00:30+01:00 is 23:30Z the
# day before; seconds may be left out; a negative offset adds.
both "BRE-2 offset across midnight" \
  '{"notify_ap":true,"ap_due":"2027-01-03T23:30:00Z","notify_subjects":false,"subject_exemption":null,"rule":"BRE-2"}' \
  '{"aware_at":"2027-01-01T00:30+01:00","risk":"risk"}'
both "BRE-2 negative offset" \
  '{"notify_ap":true,"ap_due":"2026-12-07T21:30:00Z","notify_subjects":false,"subject_exemption":null,"rule":"BRE-2"}' \
  '{"aware_at":"2026-12-04T16:30:00-05:00","risk":"risk"}'
rule BRE-1
# Unlikely to result in a risk: registered, nobody told, no clock.
both "BRE-1 risk none" \
  '{"notify_ap":false,"ap_due":null,"notify_subjects":false,"subject_exemption":null,"rule":"BRE-1"}' \
  '{"aware_at":"2026-12-04T16:30:00Z","risk":"none","encrypted":true}'
rule BRE-3
# W§17.3(a), (b); M§15.2: no adverse consequences likely.
both "BRE-3 encrypted" \
  '{"notify_ap":true,"ap_due":"2026-12-07T16:30:00Z","notify_subjects":false,"subject_exemption":"encrypted","rule":"BRE-3"}' \
  '{"aware_at":"2026-12-04T16:30:00Z","risk":"high","encrypted":true,"disproportionate":true}'
both "BRE-3 risk removed" \
  '{"notify_ap":true,"ap_due":"2026-12-07T16:30:00Z","notify_subjects":false,"subject_exemption":"risk_removed","rule":"BRE-3"}' \
  '{"aware_at":"2026-12-04T16:30:00Z","risk":"high","risk_removed":true}'
rule BRE-3
# W§17.3(c): disproportionate effort, a public notice instead. M§15.2
# names no such exemption: M tells the subjects one by one.
clock "BRE-3 W disproportionate: public notice" "$W" \
  '{"notify_ap":true,"ap_due":"2026-12-07T16:30:00Z","notify_subjects":false,"subject_exemption":"disproportionate","public_notice":true,"rule":"BRE-3"}' \
  '{"aware_at":"2026-12-04T16:30:00Z","risk":"high","disproportionate":true}'
clock "BRE-3 M disproportionate refused" "$M" \
  "{$high,\"exemption_refused\":\"disproportionate\",\"rule\":\"BRE-3\"}" \
  '{"aware_at":"2026-12-04T16:30:00Z","risk":"high","disproportionate":true}'
rule BRE-2
# An exemption does not touch the AP: with risk only, the subjects are
# not told anyway and no exemption is named.
both "BRE-2 risk with exemptions" \
  '{"notify_ap":true,"ap_due":"2026-12-07T16:30:00Z","notify_subjects":false,"subject_exemption":null,"rule":"BRE-2"}' \
  '{"aware_at":"2026-12-04T16:30:00Z","risk":"risk","encrypted":true,"disproportionate":true}'
rule BRE-2
# With "now": the hours left, rounded down, and overdue.
both "BRE-2 hours left" \
  '{"notify_ap":true,"ap_due":"2026-12-07T16:30:00Z","notify_subjects":false,"subject_exemption":null,"hours_left":71,"overdue":false,"rule":"BRE-2"}' \
  '{"aware_at":"2026-12-04T16:30:00Z","risk":"risk","now":"2026-12-04T16:31:00Z"}'
both "BRE-2 due exactly now" \
  '{"notify_ap":true,"ap_due":"2026-12-07T16:30:00Z","notify_subjects":false,"subject_exemption":null,"hours_left":0,"overdue":false,"rule":"BRE-2"}' \
  '{"aware_at":"2026-12-04T16:30:00Z","risk":"risk","now":"2026-12-07T16:30:00Z"}'
both "BRE-2 overdue by a second" \
  '{"notify_ap":true,"ap_due":"2026-12-07T16:30:00Z","notify_subjects":false,"subject_exemption":null,"hours_left":-1,"overdue":true,"rule":"BRE-2"}' \
  '{"aware_at":"2026-12-04T16:30:00Z","risk":"risk","now":"2026-12-07T16:30:01Z"}'

# A risk outside the vocabulary: exit 2, a JSON error on stdout, one line
# on stderr, no clock.
rule BRE-2
for p in "$M" "$W"; do
  eval_breach "$p" '{"aware_at":"2026-12-04T16:30:00Z","risk":"hoog"}'
  rc=$?
  [ "$rc" -eq 2 ] && ok || bad "unknown risk: exit $rc, want 2"
  contains "$TMP/out" '{"error":{"code":"unknown_risk"' "unknown risk: JSON error"
  contains "$TMP/out" '"rule":"BRE-2"' "unknown risk: rule"
  contains "$TMP/out" 'hoog' "unknown risk: names the typo"
  lines "$TMP/out" 1 "unknown risk: one JSON line"
  lines "$TMP/err" 1 "unknown risk: one line on stderr"
  if grep -q '"ap_due"' "$TMP/out"; then bad "unknown risk: answered"; else ok; fi
done

# Malformed input: exit 2, one line on stderr, nothing on stdout.
bad_input() { # DESC JSON [TEXT-ON-STDERR]
  local p
  for p in "$M" "$W"; do
    eval_breach "$p" "$2"
    local rc=$?
    [ "$rc" -eq 2 ] && ok || bad "$1: exit $rc, want 2"
    lines "$TMP/err" 1 "$1: one-line error"
    [ ! -s "$TMP/out" ] && ok || { bad "$1: printed"; sed 's/^/  | /' "$TMP/out"; }
    [ -z "${3:-}" ] || contains "$TMP/err" "$3" "$1: message"
  done
}
rule BRE-2
bad_input "not json" '{"risk":' 'stdin:'
bad_input "empty" ''
bad_input "array" '[1,2]' 'one JSON object'
bad_input "risk missing" '{"aware_at":"2026-12-04T16:30:00Z"}' '"risk" is required'
bad_input "risk a number" '{"aware_at":"2026-12-04T16:30:00Z","risk":3}' '"risk"'
bad_input "aware_at missing" '{"risk":"high"}' '"aware_at" is required'
bad_input "aware_at a date" '{"aware_at":"2026-12-04","risk":"high"}' 'instant with a zone'
bad_input "aware_at without zone" '{"aware_at":"2026-12-04T16:30:00","risk":"high"}' 'instant with a zone'
bad_input "aware_at 30 February" '{"aware_at":"2026-02-30T10:00:00Z","risk":"high"}' 'instant'
bad_input "aware_at 24:00" '{"aware_at":"2026-12-04T24:00:00Z","risk":"high"}' 'instant'
bad_input "aware_at offset 25 hours" '{"aware_at":"2026-12-04T16:30:00+25:00","risk":"high"}' 'instant'
bad_input "aware_at a number" '{"aware_at":1796488200,"risk":"high"}' 'instant'
bad_input "aware_at before 1970" '{"aware_at":"1969-12-31T23:00:00Z","risk":"high"}' 'between 1970 and 9999'
bad_input "aware_at in 9999" '{"aware_at":"9999-12-31T00:00:00Z","risk":"high"}' 'out of range'
bad_input "encrypted a string" '{"aware_at":"2026-12-04T16:30:00Z","risk":"high","encrypted":"yes"}' '"encrypted" must be true or false'
bad_input "disproportionate 1" '{"aware_at":"2026-12-04T16:30:00Z","risk":"high","disproportionate":1}' '"disproportionate"'
bad_input "now bad" '{"aware_at":"2026-12-04T16:30:00Z","risk":"high","now":"tomorrow"}' '"now"'
rule BRE-3
bad_input "BRE-3 misspelt exemption" '{"aware_at":"2026-12-04T16:30:00Z","risk":"high","encrypt":true}' 'unknown field "encrypt"'
bad_input "duplicate field" '{"aware_at":"2026-12-04T16:30:00Z","risk":"none","risk":"high"}' 'duplicate'
expect 2 "breach without a profile" -- "$ZK" policy eval breach
contains "$TMP/err" "--profile FILE is required" "breach without a profile: message"
expect 1 "breach with a missing profile" -- "$ZK" policy eval breach --profile "$TMP/none.json"
"$ZK" policy --help >"$TMP/out" 2>&1
contains "$TMP/out" "policy eval breach" "usage names breach"
"$ZK" policy eval breach --help >"$TMP/out" 2>&1
contains "$TMP/out" "72 hours" "breach usage"

finish
