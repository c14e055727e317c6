#!/usr/bin/env bash
# bench/peers/run.sh BUILD_DIR: zorgkluis, Casbin and Cedar decide the same
# 200,000 authorisation requests in one run (issue 17, docs/performance.md).
#
# Casbin and Cedar are installed from npm, at the versions package-lock.json
# pins, into a temporary prefix that is removed at the end: never into the
# repository. peers.js makes the seeded world and the mix, runs
# `zorgkluis policy eval authz --batch` on it, times the two peers and
# prints each engine's median ns per decision, the ratios and how many
# decisions the three agree on. Exit status 1 unless all agree.
#
# ZK_PEERS_ARGS passes options to peers.js (e.g. "--requests 20000").
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/bench/peers
zk=$root/$build/zorgkluis
for c in node npm; do
  command -v $c >/dev/null || { echo "bench/peers: $c is missing: the peers are skipped" >&2; exit 0; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zkpeers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$tmp/"
npm ci --prefix "$tmp" --no-audit --no-fund --loglevel=error >&2
echo "authorisation side by side: zorgkluis, casbin $(node -p "require('$tmp/node_modules/casbin/package.json').version"), cedar-wasm $(node -p "require('$tmp/node_modules/@cedar-policy/cedar-wasm/package.json').version") ($(nproc) cores, node $(node --version))"
# shellcheck disable=SC2086
ZK_PEERS_PREFIX=$tmp nice node --max-old-space-size=6144 "$here/peers.js" \
  --profile "$root/profiles/micare-werkt.json" --mix "$tmp/mix.jsonl" \
  --zorgkluis "$zk" ${ZK_PEERS_ARGS:-}
