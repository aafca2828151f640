#!/usr/bin/env bash
# Sets up a fresh machine and runs ThiDua on the example configuration in ./config:
# validates it, lists the modules, renders the reference plan, evaluates the campaign, then runs the
# reference campaign end to end from an empty database (examples/reference-campaign.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
if [[ -z "${THIDUA:-}" ]]; then
    swift build -c release --static-swift-stdlib --product thidua
fi
thidua=$(realpath "${THIDUA:-$(swift build -c release --static-swift-stdlib --show-bin-path)/thidua}")
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
step "thidua budget explain giay-khen-giam-doc-so --decision-date 2024-12-16 --collective"
$thidua budget explain giay-khen-giam-doc-so --decision-date 2024-12-16 --collective
step "thidua budget estimate cchc-2024 (nominees by the criteria, planned decision date)"
$thidua budget estimate cchc-2024
step "thidua check --config config/examples/truong-thpt"
$thidua check --config config/examples/truong-thpt
step "thidua audit verify"
$thidua audit verify

# The reference campaign end to end, in a scratch copy with its own database (so that the demo can
# run again): roster import, dossiers (one returned and fixed, one late and refused), evaluation,
# the council's vote, the award decision, the reports — see examples/reference-campaign.sh.
step "the reference campaign end to end (examples/reference-campaign.sh)"
THIDUA="$thidua" bash examples/reference-campaign.sh
