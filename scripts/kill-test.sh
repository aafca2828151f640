#!/usr/bin/env bash
# Kill test: a batch import of DOSSIERS dossiers (default 1000) is killed with SIGKILL at random
# moments, KILLS times (default 50). After every run the database must be consistent — each
# dossier completely there (one nominee, three documents, submitted, its six audit entries) or not
# at all — and 'thidua dossier verify' and 'thidua audit verify' must pass. When the whole batch
# got in before a kill, the database is reset and the batch starts again.
#
#   bash scripts/kill-test.sh                 # 50 kills, 1000 dossiers, the debug build
#   KILLS=10 DOSSIERS=200 THIDUA=.build/release/thidua bash scripts/kill-test.sh
#
# Needs python3 (to generate the files and read the JSON output). Prints the numbers and
# "kill test: PASS" or "kill test: FAIL" (exit 1).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
KILLS=${KILLS:-50}
DOSSIERS=${DOSSIERS:-1000}
if [[ -z "${THIDUA:-}" ]]; then
    swift build --product thidua >/dev/null
    THIDUA="$root/.build/debug/thidua"
fi
THIDUA=$(cd "$(dirname "$THIDUA")" && pwd)/$(basename "$THIDUA")

work=$(mktemp -d "${TMPDIR:-/tmp}/thidua-kill-test.XXXXXX")
pid=
trap '[[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
cp -r config "$work/config"
cd "$work"
export THIDUA_NOW=2024-11-30T10:00:00+07:00   # before the cchc-2024 deadline
export THIDUA_ACTOR=phan-duc-long             # unit clerk of qlxd

# DOSSIERS people of qlxd, and one import file per person: the proposal letter (shared by all),
# the minutes and the achievement report (one each), submitted on import.
python3 - "$DOSSIERS" <<'PY'
import os, sys
n = int(sys.argv[1])
rows = ["id,full_name,unit,position,kind"] + [f"cv-{i:04d},Nguyễn Văn Số {i},qlxd,Chuyên viên,civil-servant" for i in range(1, n + 1)]
open("config/organization/generated.csv", "w").write("\n".join(rows) + "\n")
host = open("config/thidua.yaml").read()
host = host.replace("      - organization/nhan-su-bo-sung.csv", "      - organization/nhan-su-bo-sung.csv\n      - organization/generated.csv")
open("config/thidua.yaml", "w").write(host)
os.makedirs("batch/files", exist_ok=True)
open("batch/files/to-trinh.pdf", "wb").write(b"%PDF-1.4\nto-trinh chung\n")
for i in range(1, n + 1):
    p = f"cv-{i:04d}"
    open(f"batch/files/bien-ban-{p}.pdf", "wb").write(b"%PDF-1.4\nbien ban " + p.encode() + b"\n")
    open(f"batch/files/bao-cao-{p}.docx", "wb").write(b"PK\x03\x04....[Content_Types].xml....word/document.xml" + p.encode())
    open(f"batch/d-{p}.yaml", "w").write(f"""campaign: cchc-2024
unit: qlxd
reference: KT-{p}
submit: true
documents:
  van-ban-de-nghi: files/to-trinh.pdf
  bien-ban-hop: files/bien-ban-{p}.pdf
nominees:
  - id: {p}
    award: giay-khen-giam-doc-so
    documents:
      bao-cao-thanh-tich: files/bao-cao-{p}.docx
""")
PY
files=(batch/d-*.yaml)

reset() { rm -rf .thidua; "$THIDUA" init >/dev/null; }

# Prints the number of dossiers, or fails, after checking every one of them.
check() {
    "$THIDUA" dossier list --format json >list.json
    "$THIDUA" audit list --limit 100000000 --format json >audit.json
    python3 - <<'PY'
import json, sys
dossiers = json.load(open("list.json"))
audit = json.load(open("audit.json"))["entries"]
actions = {}
for entry in audit:
    if entry["action"].startswith("dossier."):
        actions.setdefault(entry["entity"]["id"], []).append(entry["action"])
expected = ["dossier.import", "dossier.add-nominee", "dossier.attach", "dossier.attach", "dossier.attach", "dossier.submit"]
problems = []
references = set()
for d in dossiers:
    if (d["nominees"], d["documents"], d["status"]) != (1, 3, "submitted"):
        problems.append(f"{d['id']}: {d['nominees']} nominees, {d['documents']} documents, {d['status']}")
    if actions.get(d["id"]) != expected:
        problems.append(f"{d['id']}: audit entries {actions.get(d['id'])}")
    if d["reference"] in references:
        problems.append(f"{d['id']}: reference {d['reference']} twice")
    references.add(d["reference"])
orphans = set(actions) - {d["id"] for d in dossiers}
if orphans:
    problems.append(f"audit entries for dossiers that are not there: {sorted(orphans)[:5]}")
for p in problems[:10]:
    print(p, file=sys.stderr)
if problems:
    sys.exit(1)
print(len(dossiers))
PY
    "$THIDUA" dossier verify >/dev/null || { "$THIDUA" dossier verify >&2; return 1; }
    "$THIDUA" audit verify >/dev/null || { "$THIDUA" audit verify >&2; return 1; }
}

reset
start=$(date +%s.%N)
"$THIDUA" dossier import "${files[@]}" >/dev/null 2>&1
duration=$(python3 -c "print(max(0.2, $(date +%s.%N) - $start))")
# The same batch with everything already in: start-up and checking, before anything is written.
start=$(date +%s.%N)
"$THIDUA" dossier import --skip-imported "${files[@]}" >/dev/null 2>&1
overhead=$(python3 -c "print($(date +%s.%N) - $start)")
printf 'uninterrupted import of %s dossiers: %.2f s (of which %.2f s start-up and checks); consistent: %s dossiers\n' \
    "$DOSSIERS" "$duration" "$overhead" "$(check)"
reset

kills=0 runs=0 resets=0 writing=0 counts=(0)
while (( kills < KILLS )); do
    runs=$((runs + 1))
    before=${counts[-1]:-0}
    # Start the import and kill it at a random moment: one time in five during start-up and
    # checks (a random time within them), otherwise while dossiers are being written (once a
    # random number of the remaining dossiers is in, plus 0–30 ms, so inside a transaction or
    # between two). Prints "killed" or "finished".
    outcome=$(python3 - "$THIDUA" "$overhead" "$before" "$DOSSIERS" "${files[@]}" <<'PY'
import os, random, signal, sqlite3, subprocess, sys, time
thidua, overhead, before, total, files = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:]
process = subprocess.Popen([thidua, "dossier", "import", "--skip-imported", *files],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
def count():
    try:
        with sqlite3.connect("file:.thidua/thidua.sqlite?mode=ro", uri=True, timeout=0.05) as db:
            return db.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]
    except sqlite3.Error:
        return -1
if random.random() < 0.2 or before >= total - 1:
    deadline = time.monotonic() + random.uniform(0.01, overhead)
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.005)
else:
    target = random.randint(before + 1, total - 1)
    while process.poll() is None and count() < target:
        time.sleep(0.01)
    time.sleep(random.uniform(0, 0.03))
if process.poll() is None:
    process.send_signal(signal.SIGKILL)
    process.wait()
    print("killed")
else:
    print("finished")
PY
)
    killed=0
    if [[ $outcome == killed ]]; then kills=$((kills + 1)); killed=1; fi
    if ! count=$(check); then
        echo "after run $runs ($kills kills): the database is NOT consistent"
        echo "kill test: FAIL"
        exit 1
    fi
    counts+=("$count")
    if (( killed && count > before && count < DOSSIERS )); then writing=$((writing + 1)); fi
    if (( count == DOSSIERS && kills < KILLS )); then reset; resets=$((resets + 1)); counts+=(0); fi
done
"$THIDUA" dossier import --skip-imported "${files[@]}" >/dev/null 2>&1
final=$(check)
leftovers=$(find .thidua/attachments -name '.incoming-*' | wc -l)
echo "kills: $kills (SIGKILL) in $runs runs, $resets restarts of the batch after it had completed"
echo "kills after which more dossiers were in than before (killed while writing): $writing; the others fell in start-up and checks, or between two dossiers"
echo "dossiers present after each run (0 after a restart): ${counts[*]:1}"
echo "each time: every dossier complete or absent, 'thidua dossier verify' and 'thidua audit verify' passed"
echo "after finishing the batch: $final of $DOSSIERS dossiers; temporary files left by killed runs: $leftovers"
if (( final == DOSSIERS )); then echo "kill test: PASS"; else echo "kill test: FAIL"; exit 1; fi
