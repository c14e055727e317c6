#!/usr/bin/env bash
# Proves the one-door check can fail: each planted violation in a copy of
# the tree must be reported, and the clean tree must pass.
set -u
root=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zkdoor.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cp -r "$root/src" "$root/scripts" "$tmp/"
bash "$tmp/scripts/check-one-door.sh" "$tmp" >/dev/null 2>&1 || fail "clean tree rejected"

plant() {
  rm -rf "$tmp/src"; cp -r "$root/src" "$tmp/"
  mkdir -p "$(dirname "$tmp/src/$1")"
  printf '%s\n' "$2" > "$tmp/src/$1"
  if bash "$tmp/scripts/check-one-door.sh" "$tmp" >/dev/null 2>&1; then
    fail "not caught: $1: $2"
  fi
}
plant http/leak.c 'static void f(void) { store_entry_get(0, 1, "x", 0); }'
plant cli/leak.c 'static const char q[] = "SELECT content FROM entry WHERE id = 1";'
plant audit/leak.c '#include <sqlite3.h>'
plant export/leak.c 'static void f(void) { sqlite3_exec(0, "x", 0, 0, 0); }'
plant service/leak.c 'static void f(void) { sqlite3_prepare_v2(0, "x", -1, 0, 0); }'
plant http/leak2.c 'static void f(void) { store_information_exemption_create(0, 1, 0); }'
plant cli/leak2.c 'static const char q[] = "SELECT reason FROM information_exemption";'
echo "1 passed, 0 failed"
