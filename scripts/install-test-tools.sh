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

# Terraform CLI (issue 13: the offline bundle's provider mirror is proven with the real CLI, run
# under `unshare -n`). It is not a Debian package (BUSL licence): machines of this project's kind
# ship HashiCorp's release zip unpacked at /usr/local/bin/terraform (with its LICENSE.txt). A
# machine without it can install it from a release zip copied in by hand (TERRAFORM_ZIP=...zip);
# otherwise this script fails here, clearly, rather than letting the tests fail later.
if ! command -v terraform >/dev/null 2>&1; then
  if [ -n "${TERRAFORM_ZIP:-}" ] && [ -f "$TERRAFORM_ZIP" ]; then
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("terraform", "/usr/local/bin")' "$TERRAFORM_ZIP"
    chmod 0755 /usr/local/bin/terraform
  else
    echo "install-test-tools: the terraform CLI is missing (expected at /usr/local/bin/terraform, Terraform >= 1.5)." >&2
    echo "  It is not in Debian's archive. Copy HashiCorp's terraform_<version>_linux_amd64.zip onto this machine" >&2
    echo "  and run: TERRAFORM_ZIP=/path/to/that.zip bash scripts/install-test-tools.sh" >&2
    exit 1
  fi
fi
tf_version="$(terraform version -json 2>/dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["terraform_version"])')"
python3 -c 'import sys; v = tuple(int(x) for x in sys.argv[1].split(".")[:2]); sys.exit(0 if v >= (1, 5) else 1)' "$tf_version" \
  || { echo "install-test-tools: terraform $tf_version is too old (need >= 1.5; the bundle tests were verified with 1.11.4)" >&2; exit 1; }
echo "terraform $tf_version"
