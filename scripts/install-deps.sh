#!/usr/bin/env bash
# Installs the Debian packages zorgkluis needs to build, test and run.
# Idempotent: packages already present are left alone, and apt is not
# touched at all when nothing is missing. Uses sudo when not run as root.
#
# usage: install-deps.sh [fuzz|bench]
#   fuzz:  also clang, for make fuzz
#   bench: also valgrind, for the instruction counts of make bench
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libmicrohttpd-dev libjansson-dev libsqlite3-dev libpq-dev libsodium-dev
  liboath-dev libqrencode-dev libcairo2-dev libpango1.0-dev libcmocka-dev
  uuid-dev libcurl4-openssl-dev sqlite3 clang-format curl openssl wrk
  fonts-dejavu-core poppler-utils
  postgresql
)
case "${1:-}" in
fuzz) packages+=(clang) ;;
bench) packages+=(valgrind) ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
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
