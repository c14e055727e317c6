#!/usr/bin/env bash
# The machine keeps the style (STYLE.md): sources match .clang-format, and
# the banned functions (sprintf strcpy strcat strtok atoi gets) appear
# nowhere in src/ or tests/.
# usage: check-style.sh [ROOT]
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2
status=0
files=$(find src tests -name '*.[ch]' | sort)

if ! command -v clang-format >/dev/null 2>&1; then
  echo "check-style: clang-format is missing; run scripts/install-deps.sh" >&2
  exit 1
fi
for f in $files; do
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "check-style: $f is not formatted (clang-format -i $f)" >&2
    status=1
  fi
done
if grep -nE '\b(sprintf|strcpy|strcat|strtok|atoi|gets)[[:space:]]*\(' $files; then
  echo "check-style: banned function used (see STYLE.md)" >&2
  status=1
fi
[ $status -eq 0 ] && echo "check-style: ok ($(echo "$files" | wc -w) files)"
exit $status
