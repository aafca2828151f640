#!/usr/bin/env bash
# Evaluate a campaign at province scale: `thidua evaluate` in each format against `thidua check`
# (loading the same configuration alone), side by side in one run (docs/performance.md,
# "Evaluate a campaign (province scale)").
#
#   bash Benchmarks/evaluate-bench.sh
#
# 1. generates, if missing, Benchmarks/data/evaluate-source/ (Benchmarks/generate-import.py:
#    600 units, 24,000 people, 240,000 fact values) and from it Benchmarks/data/evaluate/
#    (Benchmarks/generate-evaluate.py: everything in configuration, one campaign `province-2024`
#    with 10 collective criteria over members and 10 individual criteria);
# 2. builds thidua in release with --static-swift-stdlib (or uses THIDUA_BIN);
# 3. RUNS times, alternating: `thidua check`, then `thidua evaluate province-2024 --timing
#    --format text|csv|json`, standard output to /dev/null; wall time (date +%s%N), peak RSS
#    (/usr/bin/time -f %M) and, from --timing, the evaluation phase and its rate;
# 4. prints a Markdown table (median and best seconds, peak RSS, evaluate/check ratio, evaluation
#    rate) and exits 1 when a median ratio is above LIMIT (default 2.0) or a median rate is below
#    MIN_RATE (default 5,000,000 criterion evaluations per second).
#
# Settings (environment): RUNS=5, LIMIT=2.0, MIN_RATE=5000000, THIDUA_BIN=PATH, PEOPLE=24000,
# UNITS=600, MEMBERS=0 (1: also time --members, which lists every member; not checked against
# the limits), RESULTS_MD=PATH (default Benchmarks/bin/evaluate-last-run.md). The data, the build
# and the timing of one command are shared with budget-bench.sh (Benchmarks/province-lib.sh).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
RUNS="${RUNS:-5}"
LIMIT="${LIMIT:-2.0}"
MIN_RATE="${MIN_RATE:-5000000}"
PEOPLE="${PEOPLE:-24000}"
UNITS="${UNITS:-600}"
MEMBERS="${MEMBERS:-0}"
DATA="$BENCH/data/evaluate"
WORK="$BENCH/data/evaluate-work"
BIN="$BENCH/bin"
RESULTS_MD="${RESULTS_MD:-$BIN/evaluate-last-run.md}"
CAMPAIGN=province-2024

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'evaluate-bench.sh: %s\n' "$*" >&2; exit 2; }

. "$BENCH/province-lib.sh"

# --- 1. data ------------------------------------------------------------------
province_data "$DATA"

# --- 2. thidua in release -------------------------------------------------------
release_thidua

# The configuration must load without errors, and the campaign must cover the expected subjects.
"$THIDUA_BIN" check --config "$DATA" >/dev/null || die "thidua check reports errors in $DATA"

# "<evaluation ms> <criterion evaluations> <rate per second> <output ms>" from a --timing report.
timing() {
    awk '/^timing: evaluation /{e=$3} /^timing: criterion evaluations /{n=$4} /^timing: rate /{r=$3} /^timing: output /{o=$3}
         END{ if (e == "" || n == "" || r == "") exit 1; print e, n, r, o }' "$WORK/stderr.txt"
}

FORMATS=(text csv json)
VARIANTS=("${FORMATS[@]}")
[[ "$MEMBERS" == 1 ]] && VARIANTS+=(text-members csv-members json-members)

# Output sizes, once (not timed).
SIZES="$WORK/sizes.txt"
: >"$SIZES"
for variant in "${VARIANTS[@]}"; do
    format="${variant%-members}"
    extra=()
    [[ "$variant" == *-members ]] && extra=(--members)
    read -r lines bytes < <("$THIDUA_BIN" evaluate "$CAMPAIGN" --config "$DATA" --format "$format" "${extra[@]}" | wc -lc)
    echo "$variant $lines $bytes" >>"$SIZES"
done

LOAD_AVG="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
say "load average before timing: $LOAD_AVG (on $(nproc) cores); $RUNS runs"
RESULTS="$WORK/results.txt"
: >"$RESULTS"
for ((run = 1; run <= RUNS; run++)); do
    read -r ns rss < <(measure "$THIDUA_BIN" check --config "$DATA")
    echo "check $run $ns $rss - - - -" >>"$RESULTS"
    summary="check $((ns / 1000000)) ms"
    for variant in "${VARIANTS[@]}"; do
        format="${variant%-members}"
        extra=()
        [[ "$variant" == *-members ]] && extra=(--members)
        read -r ns rss < <(measure "$THIDUA_BIN" evaluate "$CAMPAIGN" --config "$DATA" --format "$format" --timing "${extra[@]}")
        read -r eval_ms evaluations rate output_ms < <(timing) || die "no --timing report from: evaluate --format $format"
        echo "$variant $run $ns $rss $eval_ms $evaluations $rate $output_ms" >>"$RESULTS"
        summary+=", $variant $((ns / 1000000)) ms"
    done
    say "run $run: $summary"
done

# --- 4. report ------------------------------------------------------------------
export RESULTS SIZES LIMIT MIN_RATE LOAD_AVG RESULTS_MD RUNS PEOPLE UNITS
python3 - <<'PY'
import os, statistics, sys
from collections import defaultdict

rows = defaultdict(list)
for line in open(os.environ["RESULTS"]):
    name, run, ns, rss, eval_ms, evaluations, rate, output_ms = line.split()
    rows[name].append({
        "s": int(ns) / 1e9, "rss": int(rss) / 1024,
        "eval_ms": None if eval_ms == "-" else float(eval_ms),
        "evaluations": None if evaluations == "-" else int(evaluations),
        "rate": None if rate == "-" else int(rate),
        "output_ms": None if output_ms == "-" else float(output_ms),
    })
sizes = {}
for line in open(os.environ["SIZES"]):
    variant, lines, size = line.split()
    sizes[variant] = (int(lines), int(size))
limit = float(os.environ["LIMIT"])
min_rate = int(os.environ["MIN_RATE"])

check = rows["check"]
check_median = statistics.median(r["s"] for r in check)
check_best = min(r["s"] for r in check)
out = []
w = out.append
w(f"{int(os.environ['UNITS']):,} units, {int(os.environ['PEOPLE']):,} people, 10 facts each; campaign `province-2024` "
  f"(10 collective criteria over members, 10 individual criteria); {os.environ['RUNS']} runs, alternating; "
  f"load average before: {os.environ['LOAD_AVG']} ({os.cpu_count()} CPUs).")
w("")
w("| command | output | median (s) | best (s) | peak RSS (MiB) | ratio to check (median / best) | evaluation (ms) | criterion evaluations | rate (per second) | output phase (ms) |")
w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
w(f"| `thidua check` | | {check_median:.3f} | {check_best:.3f} | {max(r['rss'] for r in check):.1f} | 1.00 | | | | |")
failures = []
for name, measured in rows.items():
    if name == "check":
        continue
    fmt = name.replace("-members", "")
    flag = " --members" if name.endswith("-members") else ""
    median = statistics.median(r["s"] for r in measured)
    best = min(r["s"] for r in measured)
    ratio, best_ratio = median / check_median, best / check_best
    rate = statistics.median(r["rate"] for r in measured)
    eval_ms = statistics.median(r["eval_ms"] for r in measured)
    output_ms = statistics.median(r["output_ms"] for r in measured)
    lines, size = sizes.get(name, (0, 0))
    w(f"| `thidua evaluate --format {fmt}{flag}` | {lines:,} lines, {size / 2**20:.1f} MiB | {median:.3f} | {best:.3f} | "
      f"{max(r['rss'] for r in measured):.1f} | {ratio:.2f} / {best_ratio:.2f} | {eval_ms:.1f} | {measured[0]['evaluations']:,} | "
      f"{rate:,.0f} | {output_ms:.0f} |")
    if flag:
        continue  # --members is reported, not held to the limits
    if ratio > limit:
        failures.append(f"evaluate --format {fmt} took {ratio:.2f}x the time of check (limit {limit}x)")
    if rate < min_rate:
        failures.append(f"evaluate --format {fmt}: {rate:,.0f} criterion evaluations per second (at least {min_rate:,})")
w("")
w(f"Limits: evaluate ≤ {limit:.1f} × check (median), evaluation phase ≥ {min_rate:,} criterion evaluations per second "
  "(median of the --timing reports): " + ("met" if not failures else "**MISSED**"))
report = "\n".join(out) + "\n"
print(report, end="")
with open(os.environ["RESULTS_MD"], "w") as handle:
    handle.write(report)
for failure in failures:
    print(f"evaluate-bench.sh: {failure}", file=sys.stderr)
sys.exit(1 if failures else 0)
PY
