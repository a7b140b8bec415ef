#!/usr/bin/env bash
# Installs the Debian packages the build needs (DESIGN "Build and set-up") that are missing.
# Idempotent: when everything is installed it prints nothing and changes nothing.
set -euo pipefail

packages=(
  clang-14 libclang-rt-14-dev libfuzzer-14-dev
  librapidcheck-dev libboost-json1.81-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  cmake ninja-build
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq >/dev/null || echo "setup: apt-get update failed; trying with the cached package lists" >&2
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
