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
# Terraform CLI (tests/terraform: real `terraform init` + `terraform validate`, offline). HashiCorp
# ships it outside Debian, so this script cannot apt-get it; the CI machine image carries
# /usr/local/bin/terraform (1.11.4). Fail here, clearly, instead of in the middle of the tests.
if ! command -v terraform >/dev/null 2>&1; then
  echo "terraform CLI not found: install Terraform >= 1.5 (e.g. 1.11.4 from releases.hashicorp.com) into /usr/local/bin; tests/terraform needs it" >&2
  exit 1
fi
echo "terraform: $(terraform version 2>/dev/null | head -1)"
echo "test tools installed: ${pkgs[*]}"
