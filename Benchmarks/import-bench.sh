#!/usr/bin/env bash
# Import into the store: `thidua import roster` + `thidua import facts` against the sqlite3
# command-line tool importing the same rows from CSV, side by side in one run (docs/performance.md,
# "Import into the store").
#
#   bash Benchmarks/import-bench.sh
#
# 1. generates Benchmarks/data/import/ (Benchmarks/generate-import.py) if it is missing: a
#    configuration (600 units, an administrator, a library of 10 facts), roster.csv (24,000
#    people), facts.csv (24,000 rows x 10 facts = 240,000 values), and sqlite/people.csv and
#    sqlite/facts.csv with exactly the rows thidua writes (the values in their stored form);
# 2. builds thidua in release (or uses THIDUA_BIN);
# 3. RUNS times, alternating: thidua on a fresh database (`thidua init`, not timed; then the two
#    imports, timed), and sqlite3 on a fresh database with the same tables and indexes (copied
#    from thidua's schema; WAL like thidua's) running `.mode csv` and `.import` of both files
#    inside one transaction (timed);
# 4. checks that both databases hold the same rows;
# 5. prints a Markdown table (median and best, peak RSS) and exits 1 when the median of thidua's
#    time is above LIMIT (default 1.5) times sqlite3's.
#
# Settings (environment): RUNS=5, LIMIT=1.5, THIDUA_BIN=PATH, PEOPLE=24000, UNITS=600,
# RESULTS_MD=PATH (default Benchmarks/bin/import-last-run.md).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
RUNS="${RUNS:-5}"
LIMIT="${LIMIT:-1.5}"
PEOPLE="${PEOPLE:-24000}"
UNITS="${UNITS:-600}"
DATA="$BENCH/data/import"
WORK="$BENCH/data/import-work"
BIN="$BENCH/bin"
RESULTS_MD="${RESULTS_MD:-$BIN/import-last-run.md}"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'import-bench.sh: %s\n' "$*" >&2; exit 2; }

for tool in python3 sqlite3 swift; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is required but not installed (Debian: apt-get install -y sqlite3 python3)"
done
TIME=""
if [[ -x /usr/bin/time ]]; then TIME=/usr/bin/time; else say "/usr/bin/time is missing (apt-get install -y time): no peak RSS"; fi

# --- 1. data ----------------------------------------------------------------
if [[ ! -s "$DATA/facts.csv" || "$BENCH/generate-import.py" -nt "$DATA/facts.csv" ]]; then
    say "generating $DATA"
    rm -rf "$DATA"
    python3 "$BENCH/generate-import.py" --out "$DATA" --people "$PEOPLE" --units "$UNITS" >&2
fi

# --- 2. thidua in release -----------------------------------------------------
if [[ -n "${THIDUA_BIN:-}" ]]; then
    [[ -x "$THIDUA_BIN" ]] || die "THIDUA_BIN=$THIDUA_BIN is not an executable"
else
    say "building thidua (release)"
    swift build -c release --package-path "$ROOT" --product thidua >&2
    THIDUA_BIN="$(swift build -c release --package-path "$ROOT" --show-bin-path)/thidua"
fi
mkdir -p "$BIN" "$WORK"

# Runs "$@" in $WORK; prints "<nanoseconds> <peak RSS in KiB>"; stdout and stderr go to $WORK/last.log.
measure() {
    local start end rss=0
    start=$(date +%s%N)
    if [[ -n "$TIME" ]]; then
        (cd "$WORK" && "$TIME" -f "%M" -o "$WORK/rss.txt" "$@") >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log" >&2; die "failed: $*"; }
        rss=$(tail -n 1 "$WORK/rss.txt")
    else
        (cd "$WORK" && "$@") >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log" >&2; die "failed: $*"; }
    fi
    end=$(date +%s%N)
    echo "$((end - start)) $rss"
}

# The same files in the working directory for both tools (sources are recorded as roster.csv, facts.csv).
cp "$DATA/roster.csv" "$DATA/facts.csv" "$WORK/"
cp "$DATA/sqlite/people.csv" "$WORK/sqlite-people.csv"
cp "$DATA/sqlite/facts.csv" "$WORK/sqlite-facts.csv"
rm -rf "$WORK/config" && cp -R "$DATA/config" "$WORK/config"

# The tables and indexes, exactly as thidua's migrations create them.
rm -rf "$WORK/.thidua"
(cd "$WORK" && "$THIDUA_BIN" init >/dev/null)
SCHEMA="$(sqlite3 "$WORK/.thidua/thidua.sqlite" ".schema organization_people" ".schema criteria_facts")"
[[ "$SCHEMA" == *"CREATE TABLE organization_people"* && "$SCHEMA" == *"criteria_facts_by_period"* ]] \
    || die "thidua's database lacks the import tables"

LOAD_AVG="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
say "load average before timing: $LOAD_AVG (on $(nproc) cores); $RUNS runs"
RESULTS="$WORK/results.txt"
: >"$RESULTS"
for ((run = 1; run <= RUNS; run++)); do
    # thidua: a fresh, initialised database; the two imports are timed.
    rm -rf "$WORK/.thidua"
    (cd "$WORK" && "$THIDUA_BIN" init >/dev/null)
    read -r roster_ns roster_rss < <(measure "$THIDUA_BIN" import roster roster.csv --as quan-tri)
    read -r facts_ns facts_rss < <(measure "$THIDUA_BIN" import facts facts.csv --period 2024 --as quan-tri)
    # sqlite3: a fresh database with the same schema, WAL like thidua's.
    rm -f "$WORK/sqlite.db" "$WORK/sqlite.db-wal" "$WORK/sqlite.db-shm"
    sqlite3 "$WORK/sqlite.db" "PRAGMA journal_mode = WAL;" "$SCHEMA" >/dev/null
    read -r sqlite_ns sqlite_rss < <(measure sqlite3 sqlite.db "PRAGMA foreign_keys = ON" "BEGIN IMMEDIATE" ".mode csv" \
        ".import sqlite-people.csv organization_people" ".import sqlite-facts.csv criteria_facts" "COMMIT")
    echo "$run $roster_ns $roster_rss $facts_ns $facts_rss $sqlite_ns $sqlite_rss" >>"$RESULTS"
    say "run $run: thidua roster $((roster_ns / 1000000)) ms + facts $((facts_ns / 1000000)) ms; sqlite3 $((sqlite_ns / 1000000)) ms"
done

# --- 4. the same rows ---------------------------------------------------------
PEOPLE_QUERY="SELECT id, full_name, unit, COALESCE(position, ''), kind, COALESCE(email, ''), COALESCE(phone, ''), roles, source_file, source_line FROM organization_people ORDER BY id"
FACTS_QUERY="SELECT subject, period, fact, value, source_file, source_line FROM criteria_facts ORDER BY subject, period, fact"
for query in "$PEOPLE_QUERY" "$FACTS_QUERY"; do
    left="$(sqlite3 "$WORK/.thidua/thidua.sqlite" "$query" | sha256sum)"
    right="$(sqlite3 "$WORK/sqlite.db" "$query" | sha256sum)"
    [[ "$left" == "$right" ]] || die "thidua and sqlite3 stored different rows for: $query"
done
COUNTS="$(sqlite3 "$WORK/.thidua/thidua.sqlite" "SELECT (SELECT COUNT(*) FROM organization_people) || ' people, ' || (SELECT COUNT(*) FROM criteria_facts) || ' fact rows'")"
say "both databases hold the same rows: $COUNTS"

# --- 5. report ----------------------------------------------------------------
export RESULTS LIMIT LOAD_AVG COUNTS RESULTS_MD RUNS
python3 - <<'PY'
import os, statistics, sys

rows = [list(map(int, line.split())) for line in open(os.environ["RESULTS"])]
ms = lambda ns: ns / 1e6
roster = [ms(r[1]) for r in rows]
facts = [ms(r[3]) for r in rows]
thidua = [ms(r[1] + r[3]) for r in rows]
sqlite = [ms(r[5]) for r in rows]
rss = {"roster": max(r[2] for r in rows), "facts": max(r[4] for r in rows), "sqlite": max(r[6] for r in rows)}
limit = float(os.environ["LIMIT"])
median_ratio = statistics.median(thidua) / statistics.median(sqlite)
best_ratio = min(thidua) / min(sqlite)
met = median_ratio <= limit

out = []
w = out.append
w(f"{os.environ['COUNTS']}; {os.environ['RUNS']} runs, alternating; load average before: {os.environ['LOAD_AVG']} "
  f"({os.cpu_count()} CPUs).")
w("")
w("| | median (ms) | best (ms) | peak RSS (MiB) |")
w("|---|---:|---:|---:|")
w(f"| `thidua import roster` (24,000 people) | {statistics.median(roster):.0f} | {min(roster):.0f} | {rss['roster'] / 1024:.1f} |")
w(f"| `thidua import facts` (240,000 values) | {statistics.median(facts):.0f} | {min(facts):.0f} | {rss['facts'] / 1024:.1f} |")
w(f"| thidua, both imports | {statistics.median(thidua):.0f} | {min(thidua):.0f} | |")
w(f"| `sqlite3` `.import` of the same rows, one transaction | {statistics.median(sqlite):.0f} | {min(sqlite):.0f} | {rss['sqlite'] / 1024:.1f} |")
w("")
w(f"Ratio thidua / sqlite3: median {median_ratio:.2f}x, best {best_ratio:.2f}x (limit {limit:.1f}x on the median): "
  + ("met" if met else "**MISSED**"))
report = "\n".join(out) + "\n"
print(report, end="")
with open(os.environ["RESULTS_MD"], "w") as handle:
    handle.write(report)
if not met:
    print(f"import-bench.sh: thidua took {median_ratio:.2f}x the time of sqlite3 (limit {limit}x)", file=sys.stderr)
    sys.exit(1)
PY
