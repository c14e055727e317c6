#!/usr/bin/env bash
# zorgkluis policy eval authz --batch: one decision per line of facts for
# both profiles, a bad line reported by its number without ending the run,
# an "expect" that differs counted, and the summary of the timings.
. "$(dirname "$0")/lib.sh"

f() { # roles relation category action author bg expect
  printf '{"user":{"id":"u1","roles":[%s]},"subject":{"id":"s1","kind":"client"},"relation":%s,"category":"%s","action":"%s","entry_author":%s,"break_glass_reason":%s,"expect":%s}\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7"
}
batch() { # PROFILE < lines -> $TMP/out, $TMP/err, $rc
  "$ZK" policy eval authz --batch --profile "$1" >"$TMP/out" 2>"$TMP/err"
  rc=$?
}
line() { # N FILE: line N of FILE
  sed -n "$1p" "$2"
}
is() { # DESC GOT WANT-SUBSTRING
  case $2 in *"$3"*) ok ;; *) bad "$1: no \"$3\" in \"$2\"" ;; esac
}

# Micare werkt: permits and denies, each as the single form decides it.
{
  f '"professional"' '"responsible"' care read null null '"permit"'
  f '"professional"' null medical read null null '"deny"'
  f '"professional"' null care read null '"Bewusteloos aangetroffen in de tuin"' '"permit"'
  f '"professional"' '"responsible"' work_note read '"u2"' null '"deny"'
  f '"administrator"' '"responsible"' care read null null '"deny"'
  f '"office"' null financial read null null '"permit"'
} >"$TMP/m.jsonl"
batch "$M" <"$TMP/m.jsonl"
[ "$rc" -eq 0 ] && ok || bad "M: exit $rc, want 0"
lines "$TMP/out" 6 "M: one decision per line"
rule ACC-2
is "M ACC-2 permit" "$(line 1 "$TMP/out")" '"decision":"permit","reason":"care_relation","rule":"ACC-2"'
rule ACC-2
is "M ACC-2 deny" "$(line 2 "$TMP/out")" '"decision":"deny","reason":"no_care_relation","rule":"ACC-2"'
rule ACC-6
is "M ACC-6 break glass" "$(line 3 "$TMP/out")" '"decision":"permit","reason":"break_glass","rule":"ACC-6","break_glass":true,"review":true'
rule CAT-4
is "M CAT-4 other author" "$(line 4 "$TMP/out")" '"reason":"work_note_author_only","rule":"CAT-4"'
rule ACC-3
is "M ACC-3 admin" "$(line 5 "$TMP/out")" '"rule":"ACC-3"'
# Each line decides as the single form does.
for n in 1 2 3 4 5 6; do
  single=$(line "$n" "$TMP/m.jsonl" | "$ZK" policy eval authz --profile "$M" 2>/dev/null)
  [ "$single" = "$(line "$n" "$TMP/out")" ] && ok || bad "M line $n: batch and single form differ"
done
contains "$TMP/err" "batch: lines=6 decided=6 errors=0 expected=6 mismatches=0" "M: summary"
for k in decide_median_ns decide_p99_ns line_median_ns line_p99_ns timer_ns; do
  grep -Eq "(^| )$k=[0-9]+( |$)" "$TMP/err" && ok || bad "M: no $k in the summary"
done

# Woondroomzorg: no co-treating access; a malformed line and an expect
# that differs do not end the run.
{
  f '"professional"' '"co_treating"' care read null null '"deny"'
  echo '{"user":{"id":"u1","roles":["professional"]},'
  f '"professional"' '"responsible"' work_note read '"u1"' null '"permit"'
  echo
  f '"professional"' '"substitute"' care read null null '"deny"'
  f '"nurse"' null care read null null '"deny"'
  f '"professional"' null care read null null '"maybe"'
  f '"dpo"' null care read null null '"deny"'
} >"$TMP/w.jsonl"
batch "$W" <"$TMP/w.jsonl"
[ "$rc" -eq 2 ] && ok || bad "W: exit $rc, want 2 (bad lines)"
lines "$TMP/out" 7 "W: one answer per line that is not blank"
rule ACC-2
is "W co-treating" "$(line 1 "$TMP/out")" '"decision":"deny","reason":"relation_does_not_cover","rule":"ACC-2"'
is "W malformed line" "$(line 2 "$TMP/out")" '{"line":2,"error":{"code":"bad_line"'
rule CAT-4
is "W own note" "$(line 3 "$TMP/out")" '"decision":"permit","reason":"work_note_author","rule":"CAT-4"'
is "W expect differs" "$(line 4 "$TMP/out")" '"decision":"permit","reason":"care_relation","rule":"ACC-2","break_glass":false,"review":false,"expected":"deny"'
rule ACC-1
is "W unknown role" "$(line 5 "$TMP/out")" '{"line":6,"error":{"code":"bad_line","message":"unknown role \"nurse\" (ACC-1)"}}'
is "W bad expect" "$(line 6 "$TMP/out")" '{"line":7,"error"'
rule ACC-1
is "W dpo care" "$(line 7 "$TMP/out")" '"decision":"deny","reason":"not_in_scheme","rule":"ACC-1"'
contains "$TMP/err" "line 2: " "W: the malformed line's number"
contains "$TMP/err" "line 5: expected deny, decided permit" "W: the mismatch's line"
contains "$TMP/err" "batch: lines=8 decided=4 errors=3 expected=4 mismatches=1" "W: summary"

# Only mismatches: exit status 1.
f '"professional"' null care read null null '"permit"' >"$TMP/x.jsonl"
batch "$M" <"$TMP/x.jsonl"
[ "$rc" -eq 1 ] && ok || bad "mismatch only: exit $rc, want 1"
# No input: a summary of nothing.
batch "$M" </dev/null
[ "$rc" -eq 0 ] && ok || bad "empty: exit $rc, want 0"
contains "$TMP/err" "batch: lines=0 decided=0" "empty: summary"
# A line longer than the limit is one error, and the next line is read.
{ python3 -c 'print("{\"x\":\"" + "a" * 70000 + "\"}")'; f '"office"' null financial read null null '"permit"'; } >"$TMP/x.jsonl"
batch "$M" <"$TMP/x.jsonl"
is "long line" "$(line 1 "$TMP/out")" '{"line":1,"error":{"code":"bad_line","message":"line longer than 64 KiB"}}'
is "after the long line" "$(line 2 "$TMP/out")" '"decision":"permit"'
# No profile: a usage error.
"$ZK" policy eval authz --batch </dev/null >/dev/null 2>&1
rc=$?
[ "$rc" -eq 2 ] && ok || bad "no profile: exit $rc, want 2"
# --relations: the care relation is looked up in memory, not given; a
# line's own "relation" fact is then ignored (ACC-2 permit and deny).
printf 'u1 s1 responsible\nu2 s2 co_treating\n\nu3 s1 substitute\n' >"$TMP/rel.txt"
g() { # user subject relation-fact expect
  printf '{"user":{"id":"%s","roles":["professional"]},"subject":{"id":"%s","kind":"client"},"relation":%s,"category":"care","action":"read","expect":"%s"}\n' "$1" "$2" "$3" "$4"
}
{
  g u1 s1 null permit
  g u1 s2 '"responsible"' deny
  g u9 s1 '"responsible"' deny
  g u3 s1 null permit
} >"$TMP/r.jsonl"
"$ZK" policy eval authz --batch --profile "$M" --relations "$TMP/rel.txt" <"$TMP/r.jsonl" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 0 ] && ok || bad "relations: exit $rc, want 0 ($(cat "$TMP/err"))"
rule ACC-2
is "relations: looked up" "$(line 1 "$TMP/out")" '"decision":"permit","reason":"care_relation","rule":"ACC-2"'
rule ACC-2
is "relations: the line's fact is ignored" "$(line 2 "$TMP/out")" '"decision":"deny","reason":"no_care_relation"'
is "relations: an unknown user has none" "$(line 3 "$TMP/out")" '"decision":"deny"'
contains "$TMP/err" "mismatches=0 relations=3" "relations: summary counts them"
printf 'u1 s1 friend\n' >"$TMP/bad.txt"
"$ZK" policy eval authz --batch --profile "$M" --relations "$TMP/bad.txt" </dev/null >/dev/null 2>"$TMP/err"
rc=$?
[ "$rc" -eq 2 ] && ok || bad "bad relations file: exit $rc, want 2"
contains "$TMP/err" "line 1: expected USER SUBJECT RELATION" "bad relations file: says which line"
"$ZK" policy eval authz --batch --profile "$M" --relations "$TMP/none.txt" </dev/null >/dev/null 2>"$TMP/err"
rc=$?
[ "$rc" -ne 0 ] && ok || bad "missing relations file: exit 0"
contains "$TMP/err" "cannot read" "missing relations file: says so"
finish
