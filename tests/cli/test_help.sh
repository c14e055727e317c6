#!/usr/bin/env bash
# Every command's --help shows its own usage and names every option its
# parser accepts; it advertises none the parser does not. The commands
# come from `zorgkluis --help`, the options from the source file that
# defines cmd_COMMAND (its getopt_long tables, and the "--x" it compares
# arguments with where it reads them itself), so a new command or option is
# checked without changing this test. Commands that share one parser
# (consent, objection, notice, ...) must name its options between them.
. "$(dirname "$0")/lib.sh"

"$ZK" --help >"$TMP/main" 2>&1
cmds=$(awk '/^commands:/ { f = 1; next } f && /^  [a-z]/ { print $1 }' "$TMP/main")
[ -n "$cmds" ] && ok || bad "no commands in zorgkluis --help"

# options FILE: the long options the source file accepts, without "--".
options() {
  { grep -oE '\{"[a-z][a-z0-9-]*", *(no|required|optional)_argument' "$1" |
      sed -E 's/^\{"([^"]*)".*/\1/'
    grep -oE '"--[a-z][a-z0-9-]*"' "$1" | tr -d '"' | sed 's/^--//'
  } | sort -u
}

declare -A helps
for c in $cmds; do
  file=$(grep -lE "^cmd_${c//-/_}\(" "$SRC"/src/cli/*.c | head -1)
  if [ -z "$file" ]; then bad "$c: no cmd_${c//-/_} in src/cli"; continue; fi
  expect 0 "$c --help" -- "$ZK" "$c" --help
  cp "$TMP/out" "$TMP/help.$c"
  head -1 "$TMP/help.$c" | grep -q "^usage: zorgkluis $c\b" && ok ||
    bad "$c --help does not start with its own usage: $(head -1 "$TMP/help.$c")"
  helps[$file]="${helps[$file]:-} $TMP/help.$c"
  # What the help advertises, the parser accepts.
  parser=$(options "$file")
  for o in $(grep -oE -- '--[a-z][a-z0-9-]*' "$TMP/help.$c" | sed 's/^--//' | sort -u); do
    grep -qx -- "$o" <<<"$parser" && ok || bad "$c --help names --$o, which its parser does not accept"
  done
done
# What each parser accepts, the help of its commands names.
for file in "${!helps[@]}"; do
  parser=$(options "$file" | grep -vx help)
  for o in $parser; do
    # shellcheck disable=SC2086
    cat ${helps[$file]} | grep -qE -- "--$o\b" && ok ||
      bad "$(basename "$file"): --$o is accepted but no --help names it"
  done
done
finish
