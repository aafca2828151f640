#!/usr/bin/env bash
# Installs the system libraries ThiDua builds against, when they are missing (Debian/Ubuntu).
set -euo pipefail

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists yaml-0.1; }; then missing+=(libyaml-dev); fi
if ! { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists sqlite3; }; then missing+=(libsqlite3-dev); fi
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
if ! { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libcurl; }; then missing+=(libcurl4-openssl-dev); fi
command -v python3 >/dev/null 2>&1 || missing+=(python3 python3-pip)

if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

# The notifications tests start a real SMTP server (aiosmtpd) on 127.0.0.1.
if ! python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
  echo "Installing: aiosmtpd (Python, for the notifications tests)"
  python3 -m pip install --quiet aiosmtpd || python3 -m pip install --quiet --break-system-packages aiosmtpd
fi
