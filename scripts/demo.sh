#!/usr/bin/env bash
# Sets up a fresh machine and runs ThiDua on the example configuration in ./config:
# validates it, lists the modules, renders the reference plan and evaluates the campaign.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
swift build -c release --static-swift-stdlib --product thidua
thidua="$(swift build -c release --static-swift-stdlib --show-bin-path)/thidua"
out=.thidua/out
mkdir -p "$out"

step() { printf '\n== %s\n' "$*"; }

step "thidua check"
$thidua check
step "thidua modules"
$thidua modules
step "thidua org find \"vo tat dung\""
$thidua org find "vo tat dung"
step "thidua init (creates or upgrades the SQLite store .thidua/thidua.sqlite)"
$thidua init
step "thidua campaign list"
$thidua campaign list
step "thidua campaign render cchc-2024 --format html --output $out/ke-hoach-cchc-2024.html"
$thidua campaign render cchc-2024 --format html --output "$out/ke-hoach-cchc-2024.html"
$thidua campaign render cchc-2024 --format md --output "$out/ke-hoach-cchc-2024.md"
echo "written: $out/ke-hoach-cchc-2024.html, $out/ke-hoach-cchc-2024.md"
step "thidua evaluate cchc-2024 --format csv"
$thidua evaluate cchc-2024 --format csv
step "thidua check --config config/examples/truong-thpt"
$thidua check --config config/examples/truong-thpt
step "thidua audit verify"
$thidua audit verify
