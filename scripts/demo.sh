#!/usr/bin/env bash
# Sets up a fresh machine and runs ThiDua on the example configuration in ./config.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
swift build -c release --product thidua
thidua=.build/release/thidua

echo "== thidua check"
$thidua check
echo
echo "== thidua modules"
$thidua modules
echo
echo "== thidua org find \"vo tat dung\""
$thidua org find "vo tat dung"
echo
echo "== thidua init (creates or upgrades .thidua/thidua.sqlite)"
$thidua init
echo
echo "== thidua audit verify"
$thidua audit verify
