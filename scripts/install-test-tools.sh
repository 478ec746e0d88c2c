#!/usr/bin/env bash
# Installs the Debian packages the test suite uses (validators, daemons, Chromium). Run as root.
# The list lives in .ci/apt-packages.txt (one package a line, # comments).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
mapfile -t pkgs < <(grep -vE '^\s*(#|$)' "$here/.ci/apt-packages.txt")
missing=()
for p in "${pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
echo "test tools installed: ${pkgs[*]}"
