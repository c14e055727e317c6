#!/usr/bin/env bash
# make install puts the binary, its man page and the systemd unit under
# PREFIX, staged in DESTDIR; every command in the man page exists.
. "$(dirname "$0")/lib.sh"

dest=$TMP/dest
expect 0 "make install" -- make -s -C "$SRC" install ZK="$ZK" DESTDIR="$dest" PREFIX=/opt/zk
bin=$dest/opt/zk/bin/zorgkluis
man=$dest/opt/zk/share/man/man1/zorgkluis.1
unit=$dest/opt/zk/lib/systemd/system/zorgkluis.service
[ -x "$bin" ] && ok || bad "no binary at $bin"
expect 0 "the installed binary runs" -- "$bin" --help
contains "$TMP/out" "usage: zorgkluis" "installed --help"
[ -f "$man" ] && ok || bad "no man page at $man"
[ -f "$unit" ] && ok || bad "no unit at $unit"
contains "$unit" "ExecStart=/opt/zk/bin/zorgkluis serve" "the unit runs the installed binary"
if grep -q "@BINDIR@" "$unit"; then bad "placeholder left in the unit"; else ok; fi
for h in NoNewPrivileges=yes ProtectSystem=strict PrivateTmp=yes "CapabilityBoundingSet=" UMask=0077; do
  contains "$unit" "$h" "unit hardening $h"
done
# The man page lists every command of zorgkluis --help.
"$ZK" --help | awk '/^commands:/ { f = 1; next } f && /^  [a-z]/ { print $1 }' >"$TMP/cmds"
while read -r c; do
  grep -q "^\.B $c\$" "$man" && ok || bad "man page lacks the command $c"
done <"$TMP/cmds"
if command -v man >/dev/null 2>&1; then
  MANWIDTH=80 man -l "$man" >"$TMP/man.txt" 2>/dev/null && ok || bad "man cannot read the page"
fi
if command -v systemd-analyze >/dev/null 2>&1; then
  systemd-analyze verify "$unit" >"$TMP/verify" 2>&1 || true
  if grep -qiE "unknown (key|section)|invalid|failed to parse" "$TMP/verify"; then
    bad "systemd-analyze:"; sed 's/^/  | /' "$TMP/verify"
  else ok; fi
fi
expect 2 "install without a binary" -- make -s -C "$SRC" install ZK="$TMP/none" DESTDIR="$dest"
finish
