#!/usr/bin/env bash
# Installs the system libraries ThiDua builds against, when they are missing (Debian/Ubuntu).
set -euo pipefail

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists yaml-0.1; }; then missing+=(libyaml-dev); fi
if ! { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists sqlite3; }; then missing+=(libsqlite3-dev); fi
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)

if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
