#!/usr/bin/env bash
# Installs the Debian packages zorgkluis needs to build, test and run.
# Idempotent: packages already present are left alone, and apt is not
# touched at all when nothing is missing. Uses sudo when not run as root.
#
# Then the npm packages of web/ (the web application's framework, chart
# library and bundler, and the browser-test driver) and of tests/fhir (the
# FHIR R4 schema the tests check the portable copy against), each from its
# lockfile, when node_modules is missing or older than package-lock.json;
# node and npm come from Debian.
#
# usage: install-deps.sh [check|fuzz|bench]
#   check: also chromium, the browser of the web application's tests
#   fuzz:  also clang, for make fuzz
#   bench: also valgrind, for the instruction counts of make bench
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libmicrohttpd-dev libjansson-dev libsqlite3-dev libpq-dev libsodium-dev
  liboath-dev libqrencode-dev libcairo2-dev libpango1.0-dev libcmocka-dev
  uuid-dev libcurl4-openssl-dev sqlite3 clang-format curl openssl wrk
  fonts-dejavu-core poppler-utils
  postgresql tzdata
)
{ command -v node && command -v npm; } >/dev/null 2>&1 || packages+=(nodejs npm)
case "${1:-}" in
check) packages+=(chromium) ;;
fuzz) packages+=(clang) ;;
bench) packages+=(valgrind) ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

# The npm packages of web/ and tests/fhir, pinned by their lockfiles.
npm_tools() {
  local root dir
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  for dir in "$root/web" "$root/tests/fhir"; do
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
      echo "install-deps: installing the npm packages of ${dir#"$root"/}"
      npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null
      touch "$dir/node_modules"
    fi
  done
}

if [ ${#missing[@]} -eq 0 ]; then
  npm_tools
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "install-deps: missing packages (${missing[*]}) and not root; install sudo or run as root" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
npm_tools
