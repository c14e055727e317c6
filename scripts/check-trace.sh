#!/usr/bin/env bash
# The rule trace check: every rule the code names (src/) must be a rule of
# docs/rules.md and must be asserted by at least one test that carries its
# marker (ZK_RULE("X-n"); in a C test function, "rule X-n" in a CLI test;
# see scripts/trace-tests.sh). A rule named only in a comment, a fuzz
# corpus or a README is not tested.
# usage: check-trace.sh [ROOT]
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2
ids='\b(SCOPE|CAT|PUR|CON|REP|ACC|LOG|INF|RQ|INZ|POR|COR|ERA|SHD|RST|OBJ|DIS|RES|RET|SEC|PRC|BRE|FG|CMP|REG)-[0-9]+\b'
status=0
known=$(grep -oE '^- \*\*[A-Z]+-[0-9]+\*\*' docs/rules.md | grep -oE '[A-Z]+-[0-9]+' | sort -u)
claimed=$(grep -rhoE "$ids" src | sort -u)
markers=$(bash scripts/trace-tests.sh .) || { echo "check-trace: reading the test markers failed" >&2; exit 2; }
tested=$(cut -f1 <<<"$markers" | sort -u)
for id in $(cut -f1 <<<"$markers" | sort -u); do
  if [ -n "$id" ] && ! grep -qx "$id" <<<"$known"; then
    echo "check-trace: a test marks $id, which is no rule of docs/rules.md ($(grep -m1 "^$id	" <<<"$markers" | cut -f2))" >&2
    status=1
  fi
done
for id in $claimed; do
  if ! grep -qx "$id" <<<"$known"; then
    echo "check-trace: $id is named in src/ but is no rule of docs/rules.md" >&2
    status=1
  elif ! grep -qx "$id" <<<"$tested"; then
    where=$(grep -rnE "\\b$id\\b" src | head -1 | cut -d: -f1,2)
    echo "check-trace: $id is named in src/ ($where) but no test asserts it (no ZK_RULE(\"$id\") or \"rule $id\" marker)" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "check-trace: ok ($(wc -w <<<"$claimed") rules named in src/, each asserted by a marked test)"
exit $status
