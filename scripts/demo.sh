#!/usr/bin/env bash
# Sets up a fresh machine and runs ThiDua on the example configuration in ./config:
# validates it, lists the modules, renders the reference plan, evaluates the campaign, and walks a
# nomination dossier from draft to acceptance.
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

# A dossier walk-through in a scratch copy (its own .thidua), so that the demo can run again.
# THIDUA_NOW fixes the time before the plan's deadline ("trước ngày 01/12/2024").
step "dossiers: a unit clerk prepares and submits, the standing office returns, then accepts"
demo=$(mktemp -d "${TMPDIR:-/tmp}/thidua-demo.XXXXXX")
cp -r config "$demo/config"
cd "$demo"
export THIDUA_NOW=2024-11-30T10:00:00+07:00
mkdir -p ho-so
printf '%%PDF-1.4\nTo trinh 15/TTr-QLXD\n' >ho-so/to-trinh.pdf
printf '%%PDF-1.4\nBien ban hop xet thi dua\n' >ho-so/bien-ban-hop.pdf
printf '%%PDF-1.4\nBien ban hop (co chu ky)\n' >ho-so/bien-ban-hop-ky.pdf
printf '%%PDF-1.4\nBao cao thanh tich tap the\n' >ho-so/bao-cao-qlxd.pdf
printf '%%PDF-1.4\nBao cao thanh tich ca nhan\n' >ho-so/bao-cao-long.pdf
run() {
    printf '$ thidua'
    for argument in "$@"; do if [[ $argument == *' '* ]]; then printf " '%s'" "$argument"; else printf ' %s' "$argument"; fi; done
    printf '\n'
    "$thidua" "$@"
}
run init >/dev/null
run dossier new cchc-2024 --as phan-duc-long --reference 15/TTr-QLXD
id=HS-cchc-2024-001
export THIDUA_ACTOR=phan-duc-long        # the unit clerk of qlxd, instead of --as
run dossier add-nominee $id qlxd --award giay-khen-giam-doc-so
run dossier add-nominee $id phan-duc-long --award giay-khen-giam-doc-so
run dossier attach $id van-ban-de-nghi ho-so/to-trinh.pdf
run dossier submit $id || echo "(refused: documents are missing)"
run dossier attach $id bien-ban-hop ho-so/bien-ban-hop.pdf
run dossier attach $id bao-cao-thanh-tich ho-so/bao-cao-qlxd.pdf --nominee qlxd
run dossier attach $id bao-cao-thanh-tich ho-so/bao-cao-long.pdf --nominee phan-duc-long
run dossier submit $id
run dossier accept $id || echo "(refused and audited: a unit clerk is not the standing office)"
run dossier return $id --reason "Biên bản họp chưa có chữ ký" --as tran-thi-mai
run dossier attach $id bien-ban-hop ho-so/bien-ban-hop-ky.pdf
run dossier submit $id
run dossier accept $id --as tran-thi-mai
run dossier show $id
run dossier list
# Trung tâm Kiểm định prepared its dossier offline: one YAML file, paths relative to it.
printf '\x89PNG\r\n\x1a\nbien ban TTKD' >ho-so/bien-ban-ttkd.png
cat >ho-so/tt-kiem-dinh.yaml <<'YAML'
campaign: cchc-2024
unit: tt-kiem-dinh
reference: 07/TTr-TTKĐ
submit: true
documents:
  van-ban-de-nghi: to-trinh.pdf
  bien-ban-hop: bien-ban-ttkd.png
nominees:
  - id: truong-van-binh
    award: giay-khen-giam-doc-so
    documents:
      bao-cao-thanh-tich: bao-cao-long.pdf
YAML
export THIDUA_NOW=2024-12-02T08:00:00+07:00    # after the deadline
run dossier import ho-so/tt-kiem-dinh.yaml --as truong-van-binh || echo "(refused: after the deadline; nothing imported)"
run dossier extend cchc-2024 --unit tt-kiem-dinh --until 2024-12-05 --reason "Trung tâm gửi bổ sung hồ sơ" --as do-thi-hong
run dossier import ho-so/tt-kiem-dinh.yaml --as truong-van-binh
run dossier list
# The money of the accepted dossiers' eligible nominees, as a spreadsheet.
run budget estimate cchc-2024 --format csv
run audit list --limit 8
run audit verify
cd - >/dev/null
rm -rf "$demo"
