#!/usr/bin/env bash
# ThiDua performance benchmarks, side by side in one run (see docs/performance.md).
#
#   bash Benchmarks/run.sh
#
# 1. generates Benchmarks/data/province.yaml (about 10 MB) if it is missing;
# 2. compiles the libyaml reference (libyaml-load/load.c) into Benchmarks/bin/;
# 3. builds this Benchmarks package and the main package's `thidua`, in release;
# 4. on the same file, same iteration count: libyaml's yaml_parser_load (C),
#    ThiDua's YAMLDecoder into ProvinceModel.Province, Yams' YAMLDecoder into
#    the same types, each in its own process (so peak RSS is per decoder);
# 5. times `thidua --help` against a bare swift-argument-parser `bare-help --help`
#    with hyperfine (or, without hyperfine, an internal loop);
# 6. prints a Markdown table and exits non-zero when a target is missed:
#      ThiDua ≤ 3 × libyaml,  Yams ≥ 2 × ThiDua,  thidua --help ≤ 1.5 × bare-help --help.
#    A ratio target counts as met only if it holds for both best and median
#    (for --help: both mean and median).
#
# Settings (environment):
#   ITERATIONS=5        decode iterations per decoder
#   HELP_WARMUP=20      warm-up runs of each --help
#   HELP_RUNS=300       timed runs of each --help
#   THIDUA_BIN=PATH     use this thidua instead of building the main package's
#   USE_HYPERFINE=0     time --help with the internal loop even if hyperfine exists
#   RESULTS_MD=PATH     also write the Markdown report there
#                       (default Benchmarks/bin/last-run.md)
# Nothing is installed: if hyperfine is missing the script says so and falls back.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
ITERATIONS="${ITERATIONS:-5}"
HELP_WARMUP="${HELP_WARMUP:-20}"
HELP_RUNS="${HELP_RUNS:-300}"
DATA="$BENCH/data/province.yaml"
BIN="$BENCH/bin"
RESULTS_MD="${RESULTS_MD:-$BIN/last-run.md}"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 2; }

for tool in python3 gcc swift; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is required but not installed"
done
HYPERFINE=""
if [[ "${USE_HYPERFINE:-1}" == 0 ]]; then
    say "USE_HYPERFINE=0: timing --help with an internal loop of date +%s%N"
elif command -v hyperfine >/dev/null 2>&1; then
    HYPERFINE="$(command -v hyperfine)"
else
    say "hyperfine is not installed (Debian: apt-get install -y hyperfine);" \
        "timing --help with an internal loop of date +%s%N instead"
fi

# --- 1. data ---------------------------------------------------------------
if [[ ! -s "$DATA" ]]; then
    say "generating $DATA"
    python3 "$BENCH/generate-province.py" --out "$DATA" >&2
fi
FILE_BYTES="$(stat -c %s "$DATA")"

# --- 2. C reference --------------------------------------------------------
mkdir -p "$BIN"
LOADER="$BIN/libyaml-load"
if [[ ! -x "$LOADER" || "$BENCH/libyaml-load/load.c" -nt "$LOADER" ]]; then
    say "compiling libyaml-load/load.c"
    gcc -O2 -Wall -Wextra -o "$LOADER" "$BENCH/libyaml-load/load.c" -lyaml
fi

# --- 3. release builds -----------------------------------------------------
say "building the Benchmarks package (release)"
# Release executables are linked with the Swift runtime and Foundation statically (as the project
# ships them: see docs/performance.md), the bare ArgumentParser executable included, so that both
# sides of the --help comparison are built the same way.
STATIC=(--static-swift-stdlib)
swift build -c release "${STATIC[@]}" --package-path "$BENCH" --scratch-path "$BENCH/.build" >&2
BENCH_BIN="$(swift build -c release "${STATIC[@]}" --package-path "$BENCH" --scratch-path "$BENCH/.build" --show-bin-path)"
YAML_BENCH="$BENCH_BIN/yaml-bench"
BARE_HELP="$BENCH_BIN/bare-help"

if [[ -n "${THIDUA_BIN:-}" ]]; then
    [[ -x "$THIDUA_BIN" ]] || die "THIDUA_BIN=$THIDUA_BIN is not an executable"
    say "using THIDUA_BIN=$THIDUA_BIN (main package not built by this run)"
else
    say "building thidua (release)"
    swift build -c release "${STATIC[@]}" --package-path "$ROOT" --product thidua >&2
    THIDUA_BIN="$(swift build -c release "${STATIC[@]}" --package-path "$ROOT" --show-bin-path)/thidua"
fi

# The ThiDua decoder must run on the system libyaml, not on a copy linked in
# from elsewhere (Yams vendors one; see Package.swift).
if nm "$YAML_BENCH" 2>/dev/null | grep -qE ' T yaml_parser_(load|parse|initialize)$'; then
    die "yaml-bench defines libyaml symbols itself; it must use the system libyaml"
fi

# --- 4. decoders, side by side ---------------------------------------------
# Other work on the machine skews the timings: record the load when they start.
LOAD_AVG="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
say "load average before timing: $LOAD_AVG (on $(nproc) cores)"
say "decoding $DATA ($FILE_BYTES bytes), $ITERATIONS iterations each"
LIBYAML_LINE="$("$LOADER" "$DATA" "$ITERATIONS")"
say "$LIBYAML_LINE"
THIDUA_LINE="$("$YAML_BENCH" thidua "$DATA" --iterations "$ITERATIONS")"
say "$THIDUA_LINE"
YAMS_LINE="$("$YAML_BENCH" yams "$DATA" --iterations "$ITERATIONS")"
say "$YAMS_LINE"

# --- 5. --help -------------------------------------------------------------
HELP_JSON="$BIN/help-hyperfine.json"
HELP_TIMES="$BIN/help-times.txt"
rm -f "$HELP_JSON" "$HELP_TIMES"
"$THIDUA_BIN" --help >/dev/null || die "'$THIDUA_BIN --help' failed"
"$BARE_HELP" --help >/dev/null || die "'$BARE_HELP --help' failed"
if [[ -n "$HYPERFINE" ]]; then
    say "hyperfine --warmup $HELP_WARMUP --runs $HELP_RUNS: thidua --help vs bare-help --help"
    "$HYPERFINE" --warmup "$HELP_WARMUP" --runs "$HELP_RUNS" -N \
        --export-json "$HELP_JSON" \
        -n "thidua --help" "$THIDUA_BIN --help" \
        -n "bare-help --help" "$BARE_HELP --help" >&2
    HELP_TOOL="hyperfine $("$HYPERFINE" --version | awk '{print $2}') --warmup $HELP_WARMUP --runs $HELP_RUNS -N"
else
    say "internal loop: $HELP_WARMUP warm-up + $HELP_RUNS timed runs of each --help"
    for name in thidua bare-help; do
        if [[ "$name" == thidua ]]; then exe="$THIDUA_BIN"; else exe="$BARE_HELP"; fi
        for ((i = 0; i < HELP_WARMUP; i++)); do "$exe" --help >/dev/null; done
        for ((i = 0; i < HELP_RUNS; i++)); do
            start=$(date +%s%N)
            "$exe" --help >/dev/null
            end=$(date +%s%N)
            echo "$name $(( end - start ))" >>"$HELP_TIMES"
        done
    done
    HELP_TOOL="internal loop (date +%s%N), $HELP_WARMUP warm-up + $HELP_RUNS runs"
fi

# --- 6. report -------------------------------------------------------------
export LOAD_AVG FILE_BYTES ITERATIONS LIBYAML_LINE THIDUA_LINE YAMS_LINE HELP_JSON HELP_TIMES HELP_TOOL RESULTS_MD
python3 - <<'PY'
import json, os, statistics, sys

def fields(line):
    parts = line.split()
    values = {"name": parts[0]}
    for part in parts[1:]:
        key, _, value = part.partition("=")
        values[key] = value
    return values

env = os.environ
size = int(env["FILE_BYTES"])
lib, thi, yam = (fields(env[k]) for k in ("LIBYAML_LINE", "THIDUA_LINE", "YAMS_LINE"))
failures = []

# Both Swift decoders must have produced the same values.
for key in ("people", "units", "campaigns", "criteria", "scores", "score_sum"):
    if thi.get(key) != yam.get(key):
        failures.append(f"ThiDua and Yams disagree on {key}: {thi.get(key)} vs {yam.get(key)}")

def ms(side, key):
    return float(side[key])

def mb(kib):
    return int(kib) / 1024

ratio_lib = {k: ms(thi, k) / ms(lib, k) for k in ("best_ms", "median_ms")}
ratio_yams = {k: ms(yam, k) / ms(thi, k) for k in ("best_ms", "median_ms")}

# --help timings, milliseconds.
help_stats = {}
if os.path.exists(env["HELP_JSON"]):
    with open(env["HELP_JSON"]) as handle:
        # Results come in the order of the commands: thidua first, bare-help second.
        for name, result in zip(("thidua", "bare-help"), json.load(handle)["results"]):
            help_stats[name] = (result["mean"] * 1e3, result["median"] * 1e3, result["min"] * 1e3)
else:
    samples = {}
    with open(env["HELP_TIMES"]) as handle:
        for row in handle:
            name, nanos = row.split()
            samples.setdefault(name, []).append(int(nanos) / 1e6)
    for name, values in samples.items():
        help_stats[name] = (statistics.mean(values), statistics.median(values), min(values))
help_ratio = {
    "mean": help_stats["thidua"][0] / help_stats["bare-help"][0],
    "median": help_stats["thidua"][1] / help_stats["bare-help"][1],
}

def check(name, values, ok):
    met = all(ok(v) for v in values.values())
    if not met:
        failures.append(name)
    return "met" if met else "**MISSED**"

lib_ok = check("ThiDua / libyaml must be at most 3.0x", ratio_lib, lambda r: r <= 3.0)
yams_ok = check("Yams / ThiDua must be at least 2.0x", ratio_yams, lambda r: r >= 2.0)
help_ok = check("thidua --help / bare-help --help must be at most 1.5x", help_ratio, lambda r: r <= 1.5)

out = []
w = out.append
w(f"Input: `Benchmarks/data/province.yaml`, {size:,} bytes ({size / 1048576:.2f} MiB), "
  f"{thi['people']} people, {thi['campaigns']} campaigns; {env['ITERATIONS']} iterations per decoder, "
  "each decoder in its own process.")
w("")
w("| | libyaml `yaml_parser_load` (C) | ThiDua `YAMLDecoder` | Yams `YAMLDecoder` |")
w("|---|---:|---:|---:|")
w(f"| best (ms) | {ms(lib, 'best_ms'):.1f} | {ms(thi, 'best_ms'):.1f} | {ms(yam, 'best_ms'):.1f} |")
w(f"| median (ms) | {ms(lib, 'median_ms'):.1f} | {ms(thi, 'median_ms'):.1f} | {ms(yam, 'median_ms'):.1f} |")
w(f"| peak RSS (MiB) | {mb(lib['peak_rss_kb']):.1f} | {mb(thi['peak_rss_kb']):.1f} | {mb(yam['peak_rss_kb']):.1f} |")
w(f"| peak RSS / file size | {int(lib['peak_rss_kb']) * 1024 / size:.1f}× | "
  f"{int(thi['peak_rss_kb']) * 1024 / size:.1f}× | {int(yam['peak_rss_kb']) * 1024 / size:.1f}× |")
w("")
w("| `--help` | mean (ms) | median (ms) | min (ms) |")
w("|---|---:|---:|---:|")
for name, label in (("thidua", "`thidua --help`"), ("bare-help", "`bare-help --help` (bare swift-argument-parser)")):
    mean, median, low = help_stats[name]
    w(f"| {label} | {mean:.2f} | {median:.2f} | {low:.2f} |")
w("")
w("| target | measured | limit | result |")
w("|---|---|---:|---|")
w(f"| ThiDua / libyaml | best {ratio_lib['best_ms']:.2f}×, median {ratio_lib['median_ms']:.2f}× | ≤ 3.0× | {lib_ok} |")
w(f"| Yams / ThiDua | best {ratio_yams['best_ms']:.2f}×, median {ratio_yams['median_ms']:.2f}× | ≥ 2.0× | {yams_ok} |")
w(f"| `thidua --help` / `bare-help --help` | mean {help_ratio['mean']:.2f}×, median {help_ratio['median']:.2f}× | ≤ 1.5× | {help_ok} |")
w("")
w(f"`--help` timed with {env['HELP_TOOL']}. Load average before timing: {env['LOAD_AVG']} "
  f"({os.cpu_count()} CPUs).")
report = "\n".join(out) + "\n"
print(report, end="")
with open(env["RESULTS_MD"], "w") as handle:
    handle.write(report)
if failures:
    print("", file=sys.stderr)
    for failure in failures:
        print(f"run.sh: target missed: {failure}", file=sys.stderr)
    sys.exit(1)
print("run.sh: all targets met", file=sys.stderr)
PY
