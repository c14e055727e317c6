#!/usr/bin/env bash
# zorgkluis policy eval authz: the decision as JSON for facts on stdin,
# for both profiles; clear errors for malformed input.
. "$(dirname "$0")/lib.sh"

eval_authz() { # PROFILE JSON -> $TMP/out
  printf '%s' "$2" | "$ZK" policy eval authz --profile "$1" >"$TMP/out" 2>"$TMP/err"
}
decide() { # DESC PROFILE EXPECTED-SUBSTRING JSON
  eval_authz "$2" "$4"
  contains "$TMP/out" "$3" "$1"
}
f() { # roles relation category action author bg
  printf '{"user":{"id":"u1","roles":[%s]},"subject":{"id":"s1","kind":"client"},"relation":%s,"category":"%s","action":"%s","entry_author":%s,"break_glass_reason":%s}' "$1" "$2" "$3" "$4" "$5" "$6"
}

rule ACC-2
decide "ACC-2 permit" "$M" '"decision":"permit","reason":"care_relation","rule":"ACC-2","break_glass":false,"review":false' "$(f '"professional"' '"responsible"' care read '"u2"' null)"
rule ACC-2
decide "ACC-2 co-treating M" "$M" '"decision":"permit"' "$(f '"professional"' '"co_treating"' care read null null)"
rule ACC-2
decide "ACC-2 co-treating W" "$W" '"decision":"deny","reason":"relation_does_not_cover","rule":"ACC-2"' "$(f '"professional"' '"co_treating"' care read null null)"
rule ACC-2
decide "ACC-2 no relation" "$M" '"decision":"deny","reason":"no_care_relation","rule":"ACC-2"' "$(f '"professional"' null medical read null null)"
rule ACC-6
decide "ACC-6 break glass" "$M" '"decision":"permit","reason":"break_glass","rule":"ACC-6","break_glass":true,"review":true' "$(f '"professional"' null care read null '"Bewusteloos aangetroffen in de tuin"')"
rule ACC-6
decide "ACC-6 empty reason" "$M" '"decision":"deny","reason":"break_glass_reason_missing","rule":"ACC-6"' "$(f '"professional"' null care read null '""')"
rule CAT-4
decide "CAT-4 other author" "$M" '"decision":"deny","reason":"work_note_author_only","rule":"CAT-4"' "$(f '"professional"' '"responsible"' work_note read '"u2"' null)"
rule CAT-4
decide "CAT-4 own note" "$W" '"decision":"permit","reason":"work_note_author","rule":"CAT-4"' "$(f '"professional"' '"responsible"' work_note read '"u1"' null)"
rule ACC-3
decide "ACC-3 admin" "$M" '"decision":"deny","reason":"management_role_no_access","rule":"ACC-3"' "$(f '"administrator"' '"responsible"' care read null null)"
rule ACC-3
decide "ACC-3 board M" "$M" '"rule":"ACC-3"' "$(f '"board"' null identity read null null)"
rule ACC-1
decide "ACC-1 office" "$M" '"decision":"permit","reason":"scheme","rule":"ACC-1"' "$(f '"office"' null financial read null null)"
rule ACC-1
decide "ACC-1 dpo care" "$W" '"decision":"deny","reason":"not_in_scheme","rule":"ACC-1"' "$(f '"dpo"' null care read null null)"
# A word outside the vocabulary is an error a DPO sees, not a silent deny:
# exit 2, a JSON error on stdout, one line on stderr.
typo() { # DESC PROFILE CODE RULE JSON
  eval_authz "$2" "$5"
  local rc=$?
  [ "$rc" -eq 2 ] && ok || bad "$1: exit $rc, want 2"
  contains "$TMP/out" "{\"error\":{\"code\":\"$3\"" "$1: JSON error"
  contains "$TMP/out" "\"rule\":\"$4\"" "$1: rule"
  lines "$TMP/out" 1 "$1: one JSON line"
  lines "$TMP/err" 1 "$1: one line on stderr"
  if grep -q '"decision"' "$TMP/out"; then bad "$1: decided"; else ok; fi
}
rule ACC-1
typo "unknown role" "$M" unknown_role ACC-1 "$(f '"nurse"' '"responsible"' care read null null)"
contains "$TMP/out" 'nurse' "unknown role: names the typo"
typo "unknown role beside a known one" "$W" unknown_role ACC-1 "$(f '"professional","team_lead"' '"responsible"' care read null null)"
typo "unknown action" "$M" unknown_action ACC-1 "$(f '"professional"' '"responsible"' care delete null null)"
rule CAT-1
typo "unknown category" "$M" unknown_category CAT-1 "$(f '"professional"' '"responsible"' diary read null null)"
rule ACC-2
typo "unknown relation" "$M" unknown_relation ACC-2 "$(f '"professional"' '"responsibel"' care read null null)"
rule SCOPE-1
typo "unknown subject kind" "$M" unknown_subject_kind SCOPE-1 '{"user":{"id":"u1","roles":["office"]},"subject":{"kind":"pet"},"category":"identity","action":"read"}'
# ACC-4: the bases user add accepts, and no other word.
rule ACC-4
typo "confidentiality none" "$M" unknown_confidentiality ACC-4 '{"user":{"id":"u1","roles":["professional"],"confidentiality":"none"},"subject":{"kind":"client"},"relation":"responsible","category":"care","action":"read"}'
typo "confidentiality empty" "$M" unknown_confidentiality ACC-4 '{"user":{"id":"u1","roles":["professional"],"confidentiality":""},"subject":{"kind":"client"},"relation":"responsible","category":"care","action":"read"}'
for basis in profession office law agreement; do
  decide "confidentiality $basis" "$M" '"decision":"permit","reason":"care_relation"' "{\"user\":{\"id\":\"u1\",\"roles\":[\"professional\"],\"confidentiality\":\"$basis\"},\"subject\":{\"kind\":\"client\"},\"relation\":\"responsible\",\"category\":\"care\",\"action\":\"read\"}"
done
rule SCOPE-1
decide "SCOPE-1 W employee" "$W" '"decision":"deny","reason":"subject_kind_out_of_scope","rule":"SCOPE-1"' '{"user":{"id":"u1","roles":["office"]},"subject":{"id":"s1","kind":"employee"},"relation":null,"category":"identity","action":"read","entry_author":null,"break_glass_reason":null}'
rule ACC-4
decide "ACC-4 no duty" "$M" '"rule":"ACC-4"' '{"user":{"id":"u1","roles":["professional"],"confidentiality":null},"subject":{"id":"s1","kind":"client"},"relation":"responsible","category":"care","action":"read"}'
decide "optional fields omitted" "$M" '"decision":"permit"' '{"user":{"id":"u1","roles":["professional"]},"subject":{"kind":"client"},"relation":"substitute","category":"care","action":"create"}'
lines "$TMP/out" 1 "one line of output"

# Malformed input: exit 2 and one line on stderr.
bad_input() { # DESC JSON
  eval_authz "$M" "$2"
  local rc=$?
  [ "$rc" -eq 2 ] && ok || bad "$1: exit $rc, want 2"
  lines "$TMP/err" 1 "$1: one-line error"
  [ ! -s "$TMP/out" ] && ok || bad "$1: printed a decision"
}
bad_input "not json" '{"user":'
bad_input "empty" ''
bad_input "array" '[1,2]'
bad_input "roles not array" '{"user":{"id":"u1","roles":"professional"},"subject":{"kind":"client"},"category":"care","action":"read"}'
bad_input "category number" '{"user":{"id":"u1","roles":["professional"]},"subject":{"kind":"client"},"category":5,"action":"read"}'
bad_input "missing action" '{"user":{"id":"u1","roles":["professional"]},"subject":{"kind":"client"},"category":"care"}'
bad_input "relation number" '{"user":{"id":"u1","roles":["professional"]},"subject":{"kind":"client"},"relation":1,"category":"care","action":"read"}'
bad_input "bad utf-8" "$(printf '{"user":{"id":"\xff","roles":[]},"subject":{"kind":"client"},"category":"care","action":"read"}')"
bad_input "duplicate key" '{"category":"care","category":"bsn"}'
head -c 2000000 /dev/zero | tr '\0' ' ' >"$TMP/big"
"$ZK" policy eval authz --profile "$M" <"$TMP/big" >"$TMP/out" 2>"$TMP/err"
[ $? -eq 2 ] && ok || bad "oversized input"
contains "$TMP/err" "larger than" "oversized input message"
expect 2 "no profile" -- "$ZK" policy eval authz
expect 1 "missing profile" -- "$ZK" policy eval authz --profile "$TMP/none.json"
lines "$TMP/err" 1 "missing profile: one line"
expect 2 "unknown policy" -- "$ZK" policy eval consent --profile "$M"

# policy eval representation (REP-1 to REP-4).
rep() { # DESC PROFILE EXPECTED JSON
  printf '%s' "$4" | "$ZK" policy eval representation --profile "$2" >"$TMP/out" 2>"$TMP/err"
  contains "$TMP/out" "$3" "$1"
}
rule REP-1
rep "REP-1 child of 13, not able" "$M" '{"acts":"representative","who":["r1"],"rule":"REP-1"}' '{"on":"2026-11-23","subject":{"birth_date":"2013-02-10","deceased_on":null,"capacity":[{"able":false,"assessed_on":"2026-01-05","by":"u1","matter":"all"}]},"representatives":[{"id":"r1","kind":"parent_with_authority","declines":false,"absent":false}]}'
rule REP-1
rep "REP-1 child of 13, able" "$M" '{"acts":"both","who":["subject","r1"],"rule":"REP-1"}' '{"on":"2026-11-23","subject":{"birth_date":"2013-02-10"},"representatives":[{"id":"r1","kind":"parent_with_authority"}]}'
rule REP-1
rep "REP-1 adult" "$M" '{"acts":"subject","who":["subject"],"rule":"REP-1"}' '{"on":"2026-11-23","subject":{"birth_date":"1960-02-10"},"representatives":[]}'
rule REP-1
rep "REP-1 order, spouse declines" "$M" '"who":["k1","b1"]' '{"on":"2026-11-23","subject":{"birth_date":"1940-02-10","deceased_on":"2026-10-01"},"representatives":[{"id":"s1","kind":"spouse_partner","declines":true},{"id":"k1","kind":"child"},{"id":"b1","kind":"sibling"}]}'
rule REP-2
rep "REP-2 W order: curator first (W 1.11)" "$W" '{"acts":"representative","who":["c"],"rule":"REP-2"}' '{"on":"2026-11-23","subject":{"birth_date":"1990-02-10","capacity":[{"able":false,"assessed_on":"2025-01-05"}]},"representatives":[{"id":"c","kind":"curator"},{"id":"p","kind":"parent"}]}'
rule REP-2
rep "REP-2 W order: then a parent" "$W" '{"acts":"representative","who":["p"],"rule":"REP-2"}' '{"on":"2026-11-23","subject":{"birth_date":"1990-02-10","capacity":[{"able":false,"assessed_on":"2025-01-05"}]},"representatives":[{"id":"c","kind":"curator","declines":true},{"id":"p","kind":"parent"}]}'
rule REP-2
rep "REP-2 W: authorised only with the curator's consent" "$W" '{"acts":"representative","who":["a2"],"rule":"REP-2"}' '{"on":"2026-11-23","subject":{"birth_date":"1990-02-10","capacity":[{"able":false,"assessed_on":"2025-01-05"}]},"representatives":[{"id":"a1","kind":"authorised_in_writing"},{"id":"a2","kind":"authorised_in_writing","curator_consents":true}]}'
bad_rep() { # DESC JSON
  printf '%s' "$2" | "$ZK" policy eval representation --profile "$M" >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  [ "$rc" -eq 2 ] && ok || bad "$1: exit $rc, want 2"
  lines "$TMP/err" 1 "$1: one-line error"
}
bad_rep "no on" '{"subject":{"birth_date":"2000-01-01"}}'
bad_rep "bad on" '{"on":"2026-02-30","subject":{"birth_date":"2000-01-01"}}'
bad_rep "no birth date" '{"on":"2026-01-01","subject":{}}'
bad_rep "born after on" '{"on":"2026-01-01","subject":{"birth_date":"2027-01-01"}}'
bad_rep "unknown kind" '{"on":"2026-01-01","subject":{"birth_date":"2000-01-01"},"representatives":[{"id":"x","kind":"neighbour"}]}'
bad_rep "declines not bool" '{"on":"2026-01-01","subject":{"birth_date":"2000-01-01"},"representatives":[{"id":"x","kind":"child","declines":"no"}]}'
bad_rep "capacity without able" '{"on":"2026-01-01","subject":{"birth_date":"2000-01-01","capacity":[{"assessed_on":"2025-01-01"}]}}'
bad_rep "not json" '{"on":'
bad_rep "representative not an object" '{"on":"2026-01-01","subject":{"birth_date":"2000-01-01"},"representatives":[1]}'
bad_rep "died before born" '{"on":"2026-01-01","subject":{"birth_date":"2000-01-01","deceased_on":"1999-01-01"}}'
finish
