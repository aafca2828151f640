#!/usr/bin/env bash
# Estimate a campaign's reward money at province scale: `thidua budget estimate` in each format
# against `thidua evaluate` of the same campaign, side by side in one run (docs/performance.md,
# "Budget estimate (province scale)").
#
#   bash Benchmarks/budget-bench.sh
#
# 1. generates, if missing, Benchmarks/data/evaluate-source/ (Benchmarks/generate-import.py:
#    600 units, 24,000 people, 240,000 fact values, shared with evaluate-bench.sh) and from it
#    Benchmarks/data/budget/ (Benchmarks/generate-evaluate.py --budget: the configuration of
#    evaluate-bench.sh plus the budget module with the real legal packs of config/legal/ and
#    settings for `province-2024`, which offers giay-khen-giam-doc-so to collectives and
#    individuals, and for `province-2024-wide`, the same campaign with one criterion per kind,
#    which most subjects meet: an estimate of about 12,700 lines instead of 32);
# 2. builds thidua in release with --static-swift-stdlib (or uses THIDUA_BIN);
# 3. checks each campaign's estimate (not timed): the csv total is the sum of its lines (and the json total
#    the same), every amount is 710000 (individual) or 1410000 (collective) — 0.3 and 0.6 × the
#    base salary 2,340,000 on 15/12/2024, rounded up to 10,000 (Decree 98/2023 Art. 53.2) — and
#    there is one line per subject `thidua evaluate --format csv` finds eligible;
# 4. RUNS times, alternating, for each campaign: `thidua evaluate CAMPAIGN --format text`, then
#    `thidua budget estimate CAMPAIGN --decision-date 2024-12-15 --format text|csv|json|md`,
#    standard output to /dev/null; wall time (date +%s%N) and peak RSS (/usr/bin/time -f %M);
# 5. prints a Markdown table (median and best seconds, peak RSS, estimate/evaluate ratio of the
#    same campaign) and exits 1 when a median ratio is above LIMIT (default 1.5): pricing must add
#    little to the evaluation it starts from.
#
# Settings (environment): RUNS=5, LIMIT=1.5, THIDUA_BIN=PATH, PEOPLE=24000, UNITS=600,
# CAMPAIGNS="province-2024 province-2024-wide", RESULTS_MD=PATH (default Benchmarks/bin/budget-last-run.md).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
RUNS="${RUNS:-5}"
LIMIT="${LIMIT:-1.5}"
PEOPLE="${PEOPLE:-24000}"
UNITS="${UNITS:-600}"
DATA="$BENCH/data/budget"
WORK="$BENCH/data/budget-work"
BIN="$BENCH/bin"
RESULTS_MD="${RESULTS_MD:-$BIN/budget-last-run.md}"
read -r -a CAMPAIGNS <<<"${CAMPAIGNS:-province-2024 province-2024-wide}"
DECISION_DATE=2024-12-15

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'budget-bench.sh: %s\n' "$*" >&2; exit 2; }

. "$BENCH/province-lib.sh"

# --- 1. data ------------------------------------------------------------------
province_data "$DATA" --budget

# --- 2. thidua in release -------------------------------------------------------
release_thidua

# The configuration must load without errors (the budget's settings are checked: every award the
# campaign offers has a legal row on the planned decision date).
"$THIDUA_BIN" check --config "$DATA" >/dev/null || die "thidua check reports errors in $DATA"

# --- 3. the estimate is right (not timed) ----------------------------------------------
# Prints "<lines> <collectives> <total>" of $CAMPAIGN's estimate, or exits 2.
check_estimate() {
    local estimate=("$THIDUA_BIN" budget estimate "$CAMPAIGN" --config "$DATA" --decision-date "$DECISION_DATE")
    "${estimate[@]}" --format csv >"$WORK/estimate.csv" || die "budget estimate --format csv failed"
    "${estimate[@]}" --format json >"$WORK/estimate.json" || die "budget estimate --format json failed"
    "$THIDUA_BIN" evaluate "$CAMPAIGN" --config "$DATA" --format csv >"$WORK/evaluate.csv" || die "evaluate --format csv failed"
    WORK="$WORK" CAMPAIGN="$CAMPAIGN" python3 - <<'PY'
import csv, json, os, sys

work = os.environ["WORK"]
rows = list(csv.DictReader(open(os.path.join(work, "estimate.csv"), encoding="utf-8")))
lines = [row for row in rows if row["section"] == "line"]
totals = [row for row in rows if row["section"] == "total"]
problems = []
if len(totals) != 1:
    problems.append(f"{len(totals)} total rows in the csv (one expected)")
total = int(totals[0]["amount"]) if totals else None
line_sum = sum(int(row["amount"]) for row in lines)
if total != line_sum:
    problems.append(f"the csv total {total} is not the sum of its {len(lines)} lines, {line_sum}")
expected = {"true": 1410000, "false": 710000}  # collective 0.6, individual 0.3 × 2,340,000, rounded up to 10,000
wrong = [row for row in lines if int(row["amount"]) != expected.get(row["collective"])]
if wrong:
    row = wrong[0]
    problems.append(f"{len(wrong)} lines with an amount other than 710000 (individual) or 1410000 (collective), "
                    f"e.g. {row['recipient']} ({row['collective']}): {row['amount']}")
if any(row["award"] != "giay-khen-giam-doc-so" for row in lines):
    problems.append("lines for another award than giay-khen-giam-doc-so")
if len({(row["recipient"], row["collective"]) for row in lines}) != len(lines):
    problems.append("a recipient appears twice")

def find_total(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "total" and isinstance(value, int):
                return value
        for value in node.values():
            found = find_total(value)
            if found is not None:
                return found
    return None
json_total = find_total(json.load(open(os.path.join(work, "estimate.json"), encoding="utf-8")))
if json_total != total:
    problems.append(f"the json total {json_total} differs from the csv total {total}")

# One line per subject `thidua evaluate` finds eligible (its csv: one row per criterion, with the
# subject and its verdict, `eligible` = passed).
evaluated = csv.DictReader(open(os.path.join(work, "evaluate.csv"), encoding="utf-8"))
eligible = {row["subject"] for row in evaluated if row["eligible"] == "passed"}
recipients = {row["recipient"] for row in lines}
if recipients != eligible:
    problems.append(f"{len(recipients)} recipients, but evaluate finds {len(eligible)} subjects eligible")
for problem in problems:
    print(f"budget-bench.sh: {os.environ['CAMPAIGN']}: {problem}", file=sys.stderr)
collectives = sum(1 for row in lines if row["collective"] == "true")
print(f"{len(lines)} {collectives} {total}")
sys.exit(1 if problems else 0)
PY
}

FORMATS=(text csv json md)
SIZES="$WORK/sizes.txt"
CHECKS="$WORK/checks.txt"
: >"$SIZES"
: >"$CHECKS"
for CAMPAIGN in "${CAMPAIGNS[@]}"; do
    checked="$(check_estimate)" || die "the estimate of $CAMPAIGN is wrong (see above)"
    read -r line_count collectives total <<<"$checked"
    say "$CAMPAIGN: estimate checked: $line_count lines ($collectives collectives), total $total = the sum of the lines; amounts 710000 / 1410000"
    echo "$CAMPAIGN $checked" >>"$CHECKS"
    # Output sizes, once (not timed).
    for format in "${FORMATS[@]}"; do
        read -r lines bytes < <("$THIDUA_BIN" budget estimate "$CAMPAIGN" --config "$DATA" --decision-date "$DECISION_DATE" --format "$format" | wc -lc)
        echo "$CAMPAIGN estimate-$format $lines $bytes" >>"$SIZES"
    done
    read -r lines bytes < <("$THIDUA_BIN" evaluate "$CAMPAIGN" --config "$DATA" --format text | wc -lc)
    echo "$CAMPAIGN evaluate $lines $bytes" >>"$SIZES"
done

# --- 4. timing ------------------------------------------------------------------
LOAD_AVG="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
say "load average before timing: $LOAD_AVG (on $(nproc) cores); $RUNS runs"
RESULTS="$WORK/results.txt"
: >"$RESULTS"
for ((run = 1; run <= RUNS; run++)); do
    for CAMPAIGN in "${CAMPAIGNS[@]}"; do
        read -r ns rss < <(measure "$THIDUA_BIN" evaluate "$CAMPAIGN" --config "$DATA" --format text)
        echo "$CAMPAIGN evaluate $run $ns $rss" >>"$RESULTS"
        summary="evaluate $((ns / 1000000)) ms"
        for format in "${FORMATS[@]}"; do
            read -r ns rss < <(measure "$THIDUA_BIN" budget estimate "$CAMPAIGN" --config "$DATA" --decision-date "$DECISION_DATE" --format "$format")
            echo "$CAMPAIGN estimate-$format $run $ns $rss" >>"$RESULTS"
            summary+=", estimate $format $((ns / 1000000)) ms"
        done
        say "run $run, $CAMPAIGN: $summary"
    done
done

# --- 5. report ------------------------------------------------------------------
export RESULTS SIZES CHECKS LIMIT LOAD_AVG RESULTS_MD RUNS PEOPLE UNITS DECISION_DATE
python3 - <<'PY'
import os, statistics, sys
from collections import defaultdict

rows = defaultdict(list)
for line in open(os.environ["RESULTS"]):
    campaign, name, run, ns, rss = line.split()
    rows[campaign, name].append({"s": int(ns) / 1e9, "rss": int(rss) / 1024})
sizes = {}
for line in open(os.environ["SIZES"]):
    campaign, name, lines, size = line.split()
    sizes[campaign, name] = (int(lines), int(size))
checks = {}
for line in open(os.environ["CHECKS"]):
    campaign, count, collectives, total = line.split()
    checks[campaign] = (int(count), int(collectives), int(total))
limit = float(os.environ["LIMIT"])
date = os.environ["DECISION_DATE"]
criteria = {"province-2024": "10 collective criteria over members, 10 individual criteria",
            "province-2024-wide": "1 collective criterion over members, 1 individual criterion"}

out = []
w = out.append
w(f"{int(os.environ['UNITS']):,} units, {int(os.environ['PEOPLE']):,} people, 10 facts each; award giay-khen-giam-doc-so, "
  f"decision date {date}; {os.environ['RUNS']} runs, alternating; load average before: {os.environ['LOAD_AVG']} "
  f"({os.cpu_count()} CPUs). Each estimate checked: its total is the sum of its lines, every amount 710,000 "
  "(individual) or 1,410,000 (collective), one line per subject evaluate finds eligible.")
w("")
for campaign, (count, collectives, total) in checks.items():
    w(f"- `{campaign}` ({criteria.get(campaign, 'criteria')}): {collectives:,} collectives and {count - collectives:,} "
      f"individuals eligible, {count:,} lines, total {total:,} đồng.")
w("")
w("| command | output | median (s) | best (s) | peak RSS (MiB) | ratio to evaluate (median / best) |")
w("|---|---|---:|---:|---:|---:|")
failures = []
for campaign in checks:
    evaluate = rows[campaign, "evaluate"]
    evaluate_median = statistics.median(r["s"] for r in evaluate)
    evaluate_best = min(r["s"] for r in evaluate)
    lines, size = sizes.get((campaign, "evaluate"), (0, 0))
    w(f"| `thidua evaluate {campaign} --format text` | {lines:,} lines, {size / 2**20:.1f} MiB | {evaluate_median:.3f} | "
      f"{evaluate_best:.3f} | {max(r['rss'] for r in evaluate):.1f} | 1.00 |")
    for (other, name), measured in rows.items():
        if other != campaign or name == "evaluate":
            continue
        fmt = name.removeprefix("estimate-")
        median = statistics.median(r["s"] for r in measured)
        best = min(r["s"] for r in measured)
        ratio, best_ratio = median / evaluate_median, best / evaluate_best
        lines, size = sizes.get((campaign, name), (0, 0))
        w(f"| `thidua budget estimate {campaign} --decision-date {date} --format {fmt}` | "
          f"{lines:,} lines, {size / 2**20:.2f} MiB | {median:.3f} | {best:.3f} | {max(r['rss'] for r in measured):.1f} | "
          f"{ratio:.2f} / {best_ratio:.2f} |")
        if ratio > limit:
            failures.append(f"budget estimate {campaign} --format {fmt} took {ratio:.2f}x the time of evaluate (limit {limit}x)")
w("")
w(f"Limit: budget estimate ≤ {limit:.1f} × evaluate of the same campaign (median): " + ("met" if not failures else "**MISSED**"))
report = "\n".join(out) + "\n"
print(report, end="")
with open(os.environ["RESULTS_MD"], "w") as handle:
    handle.write(report)
for failure in failures:
    print(f"budget-bench.sh: {failure}", file=sys.stderr)
sys.exit(1 if failures else 0)
PY
