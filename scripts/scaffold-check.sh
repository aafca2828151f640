#!/usr/bin/env bash
# Proves the module scaffold end to end, as a developer would use it: in a temporary copy of this
# working tree (tracked and untracked files, no .build), run
#   swift package --allow-writing-to-package-directory scaffold-module NAME
# then build and run the new module's tests untouched, check its example configuration with
# thidua, and lint its files with the committed swift-format configuration.
#
#   scripts/scaffold-check.sh [NAME]     NAME defaults to scaffold-check
#
# Cost: one full debug build of the package in the copy (166 s measured on two shared cores; up to
# 7 minutes on a busy machine); .ci/run runs it. The copy is removed at the end, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

name=${1:-scaffold-check}
type=""
IFS=- read -ra words <<< "$name"
for word in "${words[@]}"; do type+="${word^}"; done
tests="ThiDua${type}Tests"

copy=$(mktemp -d "${TMPDIR:-/tmp}/thidua-scaffold-check.XXXXXX")
trap 'rm -rf "$copy"' EXIT
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
    [ -e "$file" ] && printf '%s\0' "$file"
done | tar --null -T - -cf - | tar -xf - -C "$copy"
cd "$copy"

started=$(date +%s)
echo "== scaffold-module $name in $copy"
swift package --allow-writing-to-package-directory scaffold-module "$name"
echo "== swift build --build-tests"
swift build --build-tests
echo "== swift test --filter $tests"
output=$(swift test --skip-build --filter "$tests" 2>&1) || { echo "$output"; exit 1; }
echo "$output" | grep -E "Test run with|passed|failed" | tail -3
echo "$output" | grep -qE "Test run with [1-9][0-9]* tests? in [0-9]+ suites? passed" || {
    echo "error: the scaffolded tests did not run" >&2
    exit 1
}
echo "== thidua check --config config/examples/$name"
.build/debug/thidua check --config "config/examples/$name"
echo "== swift format lint on the scaffolded files"
swift format lint --strict --recursive "Sources/Modules/$type" "Tests/$tests"
echo "scaffold check passed in $(( $(date +%s) - started )) s"
