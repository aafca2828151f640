#!/usr/bin/env bash
# swift-format over the package's Swift sources, with the committed configuration: .swift-format at
# the root, and Sources/Modules/.swift-format for the feature modules (the same rules, except that
# their public declarations need not all carry doc comments; see docs/modules.md). swift-format
# uses the nearest .swift-format above each file.
#
#   scripts/format.sh           format in place
#   scripts/format.sh --check   lint only (what CI runs): prints path:line:col: error: [Rule] …
#                               for each finding and exits 1 when there is one
set -euo pipefail
cd "$(dirname "$0")/.."

paths=(Sources Tests Plugins)
case "${1:-}" in
    --check)
        # Findings on standard output, one per line (so that `scripts/format.sh --check | wc -l` counts them).
        swift format lint --strict --recursive --parallel "${paths[@]}" 2>&1
        ;;
    "")
        swift format format --in-place --recursive --parallel "${paths[@]}"
        ;;
    *)
        echo "usage: scripts/format.sh [--check]" >&2
        exit 64
        ;;
esac
