#!/usr/bin/env bash
# The reference campaign end to end — Kế hoạch thi đua thực hiện nhiệm vụ cải cách hành chính năm
# 2024 of the Sở Xây dựng (config/campaigns/cchc-2024.yaml) — from an empty database, with thidua
# commands only: init, import the organization's roster, launch the plan (its notifications go to
# the outbox), units prepare and submit dossiers (one is returned and fixed, one is late and
# refused), the standing office accepts and evaluates, the council votes, the head drafts and
# issues the award decision (notified), the budget and summary reports.
#
# Run from the repository root:   bash examples/reference-campaign.sh
#   THIDUA=path/to/thidua   the executable (default: .build/debug/thidua, built if missing)
#   THIDUA_WORK=DIR         where to work (default: a new temporary directory); it gets a copy of
#                           ./config, the database (.thidua/) and the documents (out/)
# THIDUA_NOW moves time through the campaign, so the run is the same every time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [[ -z "${THIDUA:-}" ]]; then
    [[ -x "$root/.build/debug/thidua" ]] || (cd "$root" && swift build --product thidua >&2)
    THIDUA="$root/.build/debug/thidua"
fi
thidua=$(realpath "$THIDUA")
work=${THIDUA_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/thidua-reference.XXXXXX")}
mkdir -p "$work"
work=$(realpath "$work")
rm -rf "$work/config" "$work/.thidua" "$work/out" "$work/ho-so"
cp -r "$root/config" "$work/config"
cd "$work"
# The roster of people added during the year is imported into the database, not read from the
# configuration: take it out of thidua.yaml in this copy.
awk '/^    rosters:/ { skip = 1; next } skip && /^      - / { next } { skip = 0; print }' config/thidua.yaml >config/thidua.yaml.new
mv config/thidua.yaml.new config/thidua.yaml
mkdir -p out ho-so

step() { printf '\n== %s\n' "$*"; }
run() {
    printf '$ thidua'
    for argument in "$@"; do if [[ $argument == *' '* ]]; then printf " '%s'" "$argument"; else printf ' %s' "$argument"; fi; done
    printf '\n'
    "$thidua" "$@"
}
# save FILE ARGS…: runs thidua ARGS… with its output written to FILE.
save() {
    local file=$1
    shift
    printf '$ thidua %s > %s\n' "$*" "$file"
    "$thidua" "$@" >"$file"
    echo "written: $file"
}
at() { export THIDUA_NOW="$1"; }
document() { printf '%%PDF-1.4\n%s\n' "$2" >"ho-so/$1"; }

step "1. An empty database; the roster imported by the administrator"
run init
echo "(until the roster is imported, facts about its people are reported and ignored)"
run import roster config/organization/nhan-su-bo-sung.csv --as do-thi-hong
run org people --unit qlxd

step "2. The plan (kế hoạch) issued and launched on 05/02/2024; every unit and recipient is told"
at 2024-02-05T08:00:00+07:00
run campaign launch cchc-2024 --as vo-tat-dung
run notify run
run campaign render cchc-2024 --format html --output out/ke-hoach-cchc-2024.html
run campaign render cchc-2024 --format docx --output out/ke-hoach-cchc-2024.docx

step "3. Units prepare and submit their dossiers before 01/12/2024 (reminders go out a week before)"
at 2024-11-24T08:30:00+07:00
run notify run
at 2024-11-25T09:00:00+07:00
document to-trinh-qlxd.pdf "To trinh 15/TTr-QLXD"
document bien-ban-qlxd.pdf "Bien ban hop (chua ky)"
document bien-ban-qlxd-ky.pdf "Bien ban hop (da ky)"
document bao-cao-qlxd.pdf "Bao cao thanh tich tap the QLXD"
document bao-cao-long.pdf "Bao cao thanh tich Phan Duc Long"
document to-trinh-ttkd.pdf "To trinh 07/TTr-TTKD"
document bien-ban-ttkd.pdf "Bien ban hop TTKD"
document bao-cao-ttkd.pdf "Bao cao thanh tich tap the TTKD"
document bao-cao-binh.pdf "Bao cao thanh tich Truong Van Binh"
document to-trinh-vp.pdf "To trinh Van phong"
# Phòng Quản lý xây dựng: the unit and Phan Đức Long.
run dossier new cchc-2024 --as phan-duc-long --reference 15/TTr-QLXD
qlxd=HS-cchc-2024-001
run dossier add-nominee $qlxd qlxd --award giay-khen-giam-doc-so --as phan-duc-long
run dossier add-nominee $qlxd phan-duc-long --award giay-khen-giam-doc-so --as phan-duc-long
run dossier attach $qlxd van-ban-de-nghi ho-so/to-trinh-qlxd.pdf --as phan-duc-long
run dossier attach $qlxd bien-ban-hop ho-so/bien-ban-qlxd.pdf --as phan-duc-long
run dossier attach $qlxd bao-cao-thanh-tich ho-so/bao-cao-qlxd.pdf --nominee qlxd --as phan-duc-long
run dossier attach $qlxd bao-cao-thanh-tich ho-so/bao-cao-long.pdf --nominee phan-duc-long --as phan-duc-long
run dossier submit $qlxd --as phan-duc-long
# Trung tâm Kiểm định: the unit and Trương Văn Bình.
run dossier new cchc-2024 --as truong-van-binh --reference 07/TTr-TTKĐ
ttkd=HS-cchc-2024-002
run dossier add-nominee $ttkd tt-kiem-dinh --award giay-khen-giam-doc-so --as truong-van-binh
run dossier add-nominee $ttkd truong-van-binh --award giay-khen-giam-doc-so --as truong-van-binh
run dossier attach $ttkd van-ban-de-nghi ho-so/to-trinh-ttkd.pdf --as truong-van-binh
run dossier attach $ttkd bien-ban-hop ho-so/bien-ban-ttkd.pdf --as truong-van-binh
run dossier attach $ttkd bao-cao-thanh-tich ho-so/bao-cao-ttkd.pdf --nominee tt-kiem-dinh --as truong-van-binh
run dossier attach $ttkd bao-cao-thanh-tich ho-so/bao-cao-binh.pdf --nominee truong-van-binh --as truong-van-binh
run dossier submit $ttkd --as truong-van-binh
# Văn phòng Sở starts a dossier but does not finish it in time.
run dossier new cchc-2024 --as do-thi-hong --reference 20/TTr-VP
vp=HS-cchc-2024-003
run dossier add-nominee $vp van-phong --award giay-khen-giam-doc-so --as do-thi-hong
run dossier attach $vp van-ban-de-nghi ho-so/to-trinh-vp.pdf --as do-thi-hong

step "4. The standing office returns the qlxd dossier (unsigned minutes); the unit fixes and resubmits it"
at 2024-11-27T14:00:00+07:00
run dossier return $qlxd --reason "Biên bản họp chưa có chữ ký" --as tran-thi-mai
at 2024-11-28T10:00:00+07:00
run dossier attach $qlxd bien-ban-hop ho-so/bien-ban-qlxd-ky.pdf --as phan-duc-long
run dossier submit $qlxd --as phan-duc-long

step "5. After the deadline: the late dossier of the Văn phòng is refused"
at 2024-12-02T08:30:00+07:00
run dossier attach $vp bien-ban-hop ho-so/to-trinh-vp.pdf --as do-thi-hong || true
run dossier attach $vp bao-cao-thanh-tich ho-so/to-trinh-vp.pdf --nominee van-phong --as do-thi-hong || true
if run dossier submit $vp --as do-thi-hong; then
    echo "unexpected: a late dossier was accepted" >&2
    exit 1
fi
echo "(refused: too late; $vp stays a draft and is not reviewed)"

step "6. The standing office accepts the dossiers; every nominee is evaluated against the criteria"
at 2024-12-03T09:00:00+07:00
run dossier accept $qlxd $ttkd --as tran-thi-mai
save out/danh-gia-cchc-2024.csv evaluate cchc-2024 --format csv
run dossier list
# The money the accepted dossiers' eligible nominees would need, before the council decides.
save out/du-toan-kinh-phi.csv budget estimate cchc-2024 --format csv

step "7. The council reviews the accepted nominations (the head of a nominating unit is excluded)"
at 2024-12-05T14:00:00+07:00
run council open cchc-2024 --date 2024-12-05 --place "Phòng họp Sở Xây dựng" \
    --present vo-tat-dung,tran-thi-mai,ngo-van-thanh,nguyen-van-hung,le-quang-vinh --as tran-thi-mai
session=PH-cchc-2024-1
run council render $session to-trinh --format md --output out/to-trinh-hoi-dong.md
run council render $session to-trinh --format html --output out/to-trinh-hoi-dong.html
run council vote $session approve --all --as vo-tat-dung
run council vote $session approve --all --as tran-thi-mai
run council vote $session approve --all --as nguyen-van-hung
run council vote $session approve qlxd phan-duc-long tt-kiem-dinh --as ngo-van-thanh
run council vote $session abstain truong-van-binh --as ngo-van-thanh
run council vote $session approve --all --as le-quang-vinh
run council close $session --as tran-thi-mai
run council render $session bien-ban --format md --output out/bien-ban-hop-hoi-dong.md
run council render $session bien-ban --format html --output out/bien-ban-hop-hoi-dong.html

step "8. The award decision: drafted by the standing office, issued by the Giám đốc on 10/12/2024"
at 2024-12-10T08:00:00+07:00
run decision draft cchc-2024 --number 125 --date 2024-12-10 --as tran-thi-mai
run decision issue cchc-2024 --as vo-tat-dung
run decision render cchc-2024 --format md --output out/quyet-dinh-khen-thuong.md
run decision render cchc-2024 --format html --output out/quyet-dinh-khen-thuong.html
run decision render cchc-2024 --format docx --output out/quyet-dinh-khen-thuong.docx
run decision verify cchc-2024
run dossier list
# The returned, accepted and decided dossiers and the decision were announced: deliver to the outbox.
run notify run
run notify status

step "9. Reports: the money decided, the campaign summary, the awards of a person and a unit"
at 2024-12-15T08:00:00+07:00
save out/bao-cao-kinh-phi.md budget report cchc-2024 --format md
run decision report cchc-2024 --number 30 --date 2024-12-15 --format md --output out/bao-cao-tong-ket.md
run decision report cchc-2024 --number 30 --date 2024-12-15 --format html --output out/bao-cao-tong-ket.html
run history phan-duc-long
run history qlxd
run audit verify

step "Where the outputs are"
cat <<TEXT
outputs in $work
  database (SQLite)                 $work/.thidua/thidua.sqlite
  the plan (kế hoạch)               $work/out/ke-hoach-cchc-2024.html, .docx
  evaluation of every subject       $work/out/danh-gia-cchc-2024.csv
  estimate of the money needed      $work/out/du-toan-kinh-phi.csv
  tờ trình to the council           $work/out/to-trinh-hoi-dong.md, .html
  biên bản of the council           $work/out/bien-ban-hop-hoi-dong.md, .html
  the award decision with its list  $work/out/quyet-dinh-khen-thuong.md, .html, .docx
  the money decided (budget)        $work/out/bao-cao-kinh-phi.md
  notifications (one .eml each)     $work/.thidua/outbox/ ($(ls "$work/.thidua/outbox" | wc -l) messages)
  báo cáo tổng kết                  $work/out/bao-cao-tong-ket.md, .html
TEXT
