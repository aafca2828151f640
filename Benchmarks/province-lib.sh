# Shared by evaluate-bench.sh and budget-bench.sh (source it after setting BENCH, ROOT, PEOPLE,
# UNITS, WORK, BIN and defining say and die): the province-scale data, the release build of thidua,
# and timing one command.

for tool in python3 swift; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is required but not installed"
done
TIME=""
if [[ -x /usr/bin/time ]]; then TIME=/usr/bin/time; else say "/usr/bin/time is missing (apt-get install -y time): no peak RSS"; fi

SOURCE="$BENCH/data/evaluate-source"

# Generates, if missing or stale, $SOURCE (generate-import.py: UNITS units, PEOPLE people, 10 facts
# each) and from it the configuration directory $1 (generate-evaluate.py, with the further
# arguments, e.g. --budget). Also regenerated when a file the configuration copies from config/
# has changed.
province_data() {
    local out="$1"
    shift
    local stamp="people=$PEOPLE units=$UNITS"
    if [[ ! -s "$SOURCE/facts.csv" || "$(cat "$SOURCE/stamp" 2>/dev/null)" != "$stamp" || "$BENCH/generate-import.py" -nt "$SOURCE/facts.csv" ]]; then
        say "generating $SOURCE ($stamp)"
        rm -rf "$SOURCE" "$out"
        python3 "$BENCH/generate-import.py" --out "$SOURCE" --people "$PEOPLE" --units "$UNITS" >&2
        echo "$stamp" >"$SOURCE/stamp"
    fi
    local campaign="$out/campaigns/province-2024.yaml"
    if [[ ! -s "$campaign" || "$BENCH/generate-evaluate.py" -nt "$campaign" || "$SOURCE/facts.csv" -nt "$campaign" \
          || "$ROOT/config/awards.yaml" -nt "$campaign" || -n "$(find "$ROOT/config/legal" -newer "$campaign" 2>/dev/null)" ]]; then
        say "generating $out"
        python3 "$BENCH/generate-evaluate.py" --import-data "$SOURCE" --out "$out" "$@" >&2
    fi
}

# Sets THIDUA_BIN: the given one, or thidua built in release with --static-swift-stdlib.
release_thidua() {
    if [[ -n "${THIDUA_BIN:-}" ]]; then
        [[ -x "$THIDUA_BIN" ]] || die "THIDUA_BIN=$THIDUA_BIN is not an executable"
    else
        say "building thidua (release, --static-swift-stdlib)"
        swift build -c release --static-swift-stdlib --package-path "$ROOT" --product thidua >&2
        THIDUA_BIN="$(swift build -c release --static-swift-stdlib --package-path "$ROOT" --show-bin-path)/thidua"
    fi
    mkdir -p "$BIN" "$WORK"
}

# Runs "$@"; prints "<nanoseconds> <peak RSS in KiB>"; standard output goes to /dev/null,
# standard error to $WORK/stderr.txt.
measure() {
    local start end rss=0
    start=$(date +%s%N)
    if [[ -n "$TIME" ]]; then
        "$TIME" -f "%M" -o "$WORK/rss.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" || { cat "$WORK/stderr.txt" >&2; die "failed: $*"; }
        rss=$(tail -n 1 "$WORK/rss.txt")
    else
        "$@" >/dev/null 2>"$WORK/stderr.txt" || { cat "$WORK/stderr.txt" >&2; die "failed: $*"; }
    fi
    end=$(date +%s%N)
    echo "$((end - start)) $rss"
}
