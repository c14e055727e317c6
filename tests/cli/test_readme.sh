#!/usr/bin/env bash
# The README's tour runs as written: its code blocks are taken from the
# README, in order, and run on a fresh directory with the binary under
# test first on the PATH and the tour's port replaced by a free one.
. "$(dirname "$0")/lib.sh"

work=$TMP/work
mkdir -p "$work"
ln -s "$SRC/profiles" "$work/profiles"
mkdir -p "$TMP/bin"
ln -s "$ZK" "$TMP/bin/zorgkluis"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18951)
# The fenced blocks between "## A short tour" and the next heading.
awk '/^## A short tour/ { t = 1; next } t && /^## / { exit }
     t && /^```/ { b = !b; next } t && b { print }' "$SRC/README.md" |
  sed "s/127\.0\.0\.1:8080/127.0.0.1:$port/g" >"$TMP/tour.sh"
lines_in=$(wc -l <"$TMP/tour.sh")
[ "$lines_in" -gt 10 ] && ok || bad "the tour has $lines_in lines"
grep -q "zorgkluis consent record" "$TMP/tour.sh" && ok || bad "the tour lost its consent"
# The PATH the README sets up is the clone's build/; here it is the binary
# under test. Each command must succeed.
(cd "$work" && PATH="$TMP/bin:$PATH" bash -e -o pipefail "$TMP/tour.sh") >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc -eq 0 ]; then ok; else
  bad "the tour failed (exit $rc)"; sed 's/^/  | /' "$TMP/out" "$TMP/err"
fi
contains "$TMP/out" '"status":"ok"' "the server the tour starts answers"
contains "$TMP/out" "ACC-2" "the trace is shown"
contains "$TMP/out" "valid profile woondroomzorg" "the profile is checked"
expect 0 "the log of the tour is intact" -- "$ZK" audit verify --db "$work/var/zk.db"
n=$(sqlite3 "$work/var/zk.db" "SELECT count(*) FROM consent")
[ "$n" = 1 ] && ok || bad "the tour's consent: $n recorded"
# What make run prints: one block with the URL, each demo organisation
# with its logins, how to get a code and how to log in to each.
bash "$SRC/scripts/demo-banner.sh" "$ZK" "$work/var/zk.db" 127.0.0.1:8080 >"$TMP/banner" 2>&1
contains "$TMP/banner" "http://127.0.0.1:8080/" "make run names the URL"
contains "$TMP/banner" "user totp-code --db $work/var/zk.db --tenant SLUG --username USER" "make run says how to get a code"
n=$(grep -cE '^  USER +ROLE +PASSWORD +TOTP SECRET$' "$TMP/banner")
[ "$n" = 2 ] && ok || bad "a header over the four columns of each organisation ($n)"
# rule SCOPE-3: the demo's two organisations, and how to log in to each.
rule SCOPE-3
for t in woondroomzorg klaverblad; do
  contains "$TMP/banner" "{\"tenant\":\"$t\",\"username\":\"USER\"" "make run says how to log in to $t"
done
n=$(awk '$1 != "USER" && /^  [a-z]/ { print $1 }' "$work/var/zk.db.keys/demo-logins.txt" | wc -l)
[ "$n" -ge 10 ] && ok || bad "the demo logins of both organisations ($n)"
for u in $(awk '$1 != "USER" && /^  [a-z]/ { print $1 }' "$work/var/zk.db.keys/demo-logins.txt"); do
  grep -qE "^  $u +" "$TMP/banner" && ok || bad "make run does not show the login $u"
done
# The README's login names an organisation the demo has.
grep -q '"tenant":"woondroomzorg","username":"professional"' "$SRC/README.md" && ok ||
  bad "the README's login does not name the organisation"

# The project stands alone: nothing a clone holds points outside it.
outside=$(printf '%s|%s' '\.\./shared' '/work/shared')
if (cd "$SRC" && grep -rnE "$outside" README.md Makefile CMakeLists.txt docs profiles src scripts bench .ci >"$TMP/outside"); then
  bad "these point outside the project:"; sed 's/^/  | /' "$TMP/outside"
else ok; fi
finish
