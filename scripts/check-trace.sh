#!/usr/bin/env bash
# The rule trace check: every rule the code names (src/, profiles/) must be
# a rule of docs/rules.md and must be named by at least one test.
# usage: check-trace.sh [ROOT]
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2
ids='\b(SCOPE|CAT|PUR|CON|REP|ACC|LOG|INF|RQ|INZ|POR|COR|ERA|SHD|RST|OBJ|DIS|RES|RET|SEC|PRC|BRE|FG|CMP|REG)-[0-9]+\b'
status=0
known=$(grep -oE '^- \*\*[A-Z]+-[0-9]+\*\*' docs/rules.md | grep -oE '[A-Z]+-[0-9]+' | sort -u)
claimed=$(grep -rhoE "$ids" src | sort -u)
tested=$(grep -rhoE "$ids" tests | sort -u)
for id in $claimed; do
  if ! grep -qx "$id" <<<"$known"; then
    echo "check-trace: $id is named in src/ but is no rule of docs/rules.md" >&2
    status=1
  elif ! grep -qx "$id" <<<"$tested"; then
    where=$(grep -rnE "\\b$id\\b" src | head -1 | cut -d: -f1,2)
    echo "check-trace: $id is enforced ($where) but no test names it" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "check-trace: ok ($(wc -w <<<"$claimed") rules named in src/, each tested)"
exit $status
