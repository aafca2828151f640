#!/usr/bin/env python3
"""Deterministic generator of the province-scale import benchmark (Benchmarks/import-bench.sh).

Standard library only; the same arguments always give the same bytes.

    python3 generate-import.py --out Benchmarks/data/import [--people 24000 --units 600 --period 2024]

Writes, under --out:

    config/thidua.yaml                    organization + criteria enabled
    config/organization/province.yaml     the agency, --units units, one administrator (quan-tri)
    config/criteria/library.yaml          two scales, two titles, ten facts (every fact type)
    roster.csv                            --people people (id,full_name,unit,position,kind,email,phone,roles)
    facts.csv                             wide: subject + the ten facts, one row per person (period from --period)
    sqlite/people.csv                     the same people as the rows of organization_people
    sqlite/facts.csv                      the same facts as the rows of criteria_facts (people x 10)

The two files under sqlite/ hold exactly the rows that `thidua import roster` and `thidua import facts`
write (values in their canonical text, the source file and line of each row), so that the sqlite3
command-line tool can import the same rows with `.import`.
"""

import argparse
import os
import random
import unicodedata

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Xuân", "Thu", "Kim", "Tất"]
GIVEN = ["An", "Anh", "Bình", "Châu", "Dũng", "Dương", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Khánh",
         "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Ngân", "Nhung", "Phong", "Phúc", "Quang", "Sơn", "Tâm",
         "Thảo", "Trang", "Tuấn", "Vy", "Yến"]
POSITIONS = ["Chuyên viên", "Chuyên viên chính", "Kế toán viên", "Phó Trưởng phòng", "Trưởng phòng", "Văn thư",
             "Nhân viên lái xe, bảo vệ", "Kỹ sư"]
KINDS = ["civil-servant", "public-employee", "worker"]
ROLES = ["", "", "", "", "", "", "", "unit-clerk", "council-member", "unit-clerk;council-member"]
RATINGS = ["htxsnv", "httnv", "htnv", "khtnv"]
DISCIPLINE = ["khong", "khien-trach", "canh-cao"]
FACTS = ["xep_loai", "ky_luat", "hinh_thuc_ky_luat", "dang_xem_xet_ky_luat", "so_thang_cong_tac", "so_sang_kien",
         "diem_danh_gia", "ty_le_hoan_thanh", "danh_hieu", "so_ngay_nghi"]
IMPORTED_AT = "2024-12-01T02:00:00.000Z"


def nfc(text):
    return unicodedata.normalize("NFC", text)


def csv_field(text):
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--people", type=int, default=24000)
    parser.add_argument("--units", type=int, default=600)
    parser.add_argument("--period", type=int, default=2024)
    parser.add_argument("--seed", type=int, default=20241201)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = args.out

    write(os.path.join(out, "config/thidua.yaml"), """format: 1
modules:
  organization:
    file: organization/province.yaml
  criteria:
    library: criteria/library.yaml
""")

    units = [f"u{n:03d}" for n in range(1, args.units + 1)]
    lines = ["agency:", "  name: Sở Nội vụ", "  superior: UBND tỉnh Bình Định", "  symbol: SNV", "  place: Bình Định",
             "units:"]
    for number, unit in enumerate(units, 1):
        lines += [f"  - id: {unit}", f"    name: Phòng chuyên môn số {number}", "    kind: division"]
    lines += ["people:", "  - id: quan-tri", "    full_name: Quản Trị Viên", f"    unit: {units[0]}",
              "    kind: civil-servant", "    roles: [administrator]"]
    write(os.path.join(out, "config/organization/province.yaml"), nfc("\n".join(lines) + "\n"))

    write(os.path.join(out, "config/criteria/library.yaml"), nfc("""scales:
  xep-loai:
    title: Xếp loại chất lượng
    levels:
      - {id: htxsnv, title: Hoàn thành xuất sắc nhiệm vụ}
      - {id: httnv, title: Hoàn thành tốt nhiệm vụ}
      - {id: htnv, title: Hoàn thành nhiệm vụ}
      - {id: khtnv, title: Không hoàn thành nhiệm vụ}
  ky-luat:
    title: Hình thức kỷ luật
    levels:
      - {id: khong, title: Không bị kỷ luật}
      - {id: khien-trach, title: Khiển trách}
      - {id: canh-cao, title: Cảnh cáo}
titles:
  ldtt: Lao động tiên tiến
  cstd-co-so: Chiến sĩ thi đua cơ sở
facts:
  xep_loai: {type: rating, scale: xep-loai, title: Xếp loại chất lượng năm}
  ky_luat: {type: flag, title: Vi phạm kỷ luật}
  hinh_thuc_ky_luat: {type: rating, scale: ky-luat, title: Hình thức kỷ luật}
  dang_xem_xet_ky_luat: {type: flag, title: Đang bị xem xét kỷ luật}
  so_thang_cong_tac: {type: number, title: Số tháng công tác}
  so_sang_kien: {type: number, title: Số sáng kiến}
  diem_danh_gia: {type: number, title: Điểm đánh giá}
  ty_le_hoan_thanh: {type: percent, title: Tỷ lệ hoàn thành nhiệm vụ}
  danh_hieu: {type: titles, title: Danh hiệu đã đạt}
  so_ngay_nghi: {type: number, title: Số ngày nghỉ}
"""))

    roster = ["id,full_name,unit,position,kind,email,phone,roles"]
    sql_people = []
    facts = ["subject," + ",".join(FACTS)]
    sql_facts = []
    roster_path = "roster.csv"
    facts_path = "facts.csv"
    for index in range(args.people):
        pid = f"p{index + 1:06d}"
        unit = units[index * len(units) // args.people]
        name = nfc(f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}")
        position = rng.choice(POSITIONS)
        kind = rng.choice(KINDS)
        email = f"{pid}@snv.example.vn" if rng.random() < 0.7 else ""
        phone = f"0905{index:06d}" if rng.random() < 0.5 else ""
        roles = rng.choice(ROLES)
        line = index + 2
        roster.append(",".join(csv_field(v) for v in (pid, name, unit, position, kind, email, phone, roles)))
        # organization_people: id, full_name, unit, position, kind, email, phone, roles, source_file, source_line,
        # imported_at (an empty field is NULL for thidua; sqlite3 .import stores '' — the same byte count).
        sql_people.append(",".join(csv_field(v) for v in (pid, name, unit, position, kind, email, phone, roles,
                                                          roster_path, str(line), IMPORTED_AT)))
        values = [
            rng.choice(RATINGS),
            rng.choice(["true", "false", "false", "false"]),
            rng.choice(DISCIPLINE),
            rng.choice(["false", "false", "false", "true"]),
            str(rng.randint(1, 12)),
            str(rng.randint(0, 3)),
            f"{rng.randint(50, 99)}.{rng.randint(1, 9)}" if rng.random() < 0.5 else str(rng.randint(50, 100)),
            f"{rng.randint(60, 100)}%" if rng.random() < 0.8 else f"{rng.randint(60, 99)}.5%",
            rng.choice(["ldtt", "ldtt;cstd-co-so", "", "ldtt"]),
            str(rng.randint(0, 20)),
        ]
        # An empty titles cell is "no titles": write it as an explicit empty list? No: an empty cell is a
        # missing fact. Keep every cell filled so that there are exactly people x 10 fact rows.
        if values[8] == "":
            values[8] = "cstd-co-so"
        facts.append(",".join([pid] + values))
        for fact, value in zip(FACTS, values):
            sql_facts.append(",".join((pid, str(args.period), fact, value, facts_path, str(line))))

    write(os.path.join(out, roster_path), "\n".join(roster) + "\n")
    write(os.path.join(out, facts_path), "\n".join(facts) + "\n")
    write(os.path.join(out, "sqlite/people.csv"), "\n".join(sql_people) + "\n")
    write(os.path.join(out, "sqlite/facts.csv"), "\n".join(sql_facts) + "\n")
    print(f"generated {args.people} people in {len(units)} units and {len(sql_facts)} fact rows under {out}")


if __name__ == "__main__":
    main()
