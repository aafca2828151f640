#!/usr/bin/env bash
# DocC documentation of the public API of ThiDuaCore and ThiDuaYAML, built with the toolchain's
# docc from the compiler's symbol graphs, failing on any warning (an unresolved ``link``, a
# parameter that does not exist …). Writes .build-docs/<Target>.doccarchive.
#
#   scripts/docs.sh                 both targets
#   scripts/docs.sh ThiDuaCore      one
#
# CI runs it (.ci/run): it costs its own build of the two targets with symbol graphs — about a
# minute on two cores from scratch, in .build-docs so that the main build is not invalidated — and
# catches a broken ``link`` as soon as someone edits the core's documentation.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(ThiDuaYAML ThiDuaCore)
scratch=.build-docs
docc=$(dirname "$(readlink -f "$(command -v swift)")")/docc
[ -x "$docc" ] || docc=$(command -v docc)

for target in "${targets[@]}"; do
    graphs="$scratch/symbol-graphs/$target"
    rm -rf "$graphs"
    mkdir -p "$graphs"
    swift build --scratch-path "$scratch" --target "$target" \
        -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$PWD/$graphs" \
        -Xswiftc -symbol-graph-minimum-access-level -Xswiftc public >/dev/null
    # Keep the target's own graphs (and its extensions of other modules), not its dependencies'.
    find "$graphs" -name '*.symbols.json' ! -name "$target.symbols.json" ! -name "$target@*.symbols.json" -delete
    catalog=()
    [ -d "Sources/$target/$target.docc" ] && catalog=("Sources/$target/$target.docc")
    "$docc" convert "${catalog[@]}" \
        --additional-symbol-graph-dir "$graphs" \
        --fallback-display-name "$target" --fallback-bundle-identifier "thidua.$target" \
        --output-dir "$scratch/$target.doccarchive" \
        --warnings-as-errors
    echo "docs: $scratch/$target.doccarchive"
done
