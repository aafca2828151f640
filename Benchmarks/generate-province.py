#!/usr/bin/env python3
"""Deterministic generator of a province-scale ThiDua benchmark configuration.

Standard library only. With the defaults (40 departments x 15 units x 40 people,
50 campaigns x 10 criteria, seed 20240115) it writes about 10 MB of YAML.
The same arguments always give the same bytes.

Usage:
    python3 generate-province.py --out data/province.yaml
    python3 generate-province.py --seed 7 --departments 2 --units 3 --people 4 \
        --campaigns 2 --criteria 3 --out /tmp/small.yaml

YAML shape (block style, 2-space indentation, ISO dates unquoted, booleans only
as plain true/false, every string NFC-normalised UTF-8). The Swift mirror is
Benchmarks/Sources/ProvinceModel/Province.swift; keep the two in step.

    id: tinh-thi-dua                       # string
    name: Tỉnh Thi Đua                     # string
    departments:                           # list, --departments entries
      - id: d01                            # string
        name: Sở Tài chính                 # string
        units:                             # list, --units entries
          - id: d01-u01                    # string
            name: Văn phòng                # string
    people:                                # list, departments*units*people entries
      - id: p000001                        # string
        full_name: Nguyễn Thị Minh Anh     # string, Vietnamese with diacritics
        unit: d01-u01                      # string, id of a unit above
        position: Chuyên viên              # string
        kind: civil-servant                # civil-servant | public-employee | worker
        email: anh.ntm.000001@thidua.gov.vn
        phone: "0912345678"                # string, double-quoted (leading zero)
        rating: htxs                       # htxs | httnv | htnv | khtnv
        disciplined: false                 # bool
        under_investigation: false         # bool
        months_employed: 137               # int
        scores:                            # mapping criterion id -> number,
          c01: 8.5                         #   one entry per criterion id c01..cNN
          c02: 9.0
    campaigns:                             # list, --campaigns entries
      - id: td2024-01                      # string
        title: Phong trào thi đua “…” năm 2024
        issued: 2024-01-15                 # ISO date, unquoted
        period:
          start: 2024-02-01                # ISO date
          end: 2024-11-30                  # ISO date
        deadline:
          date: 2024-12-10                 # ISO date
          exclusive: true                  # bool
        award: Bằng khen của Chủ tịch UBND tỉnh
        criteria:                          # list, --criteria entries, ids c01..cNN
          - id: c01
            title: Hoàn thành xuất sắc nhiệm vụ được giao
            kind: rating                   # rating | threshold | flag | points
            minimum_rating: httnv          # rating only: htxs | httnv | htnv | khtnv
          - id: c02
            title: …
            kind: threshold
            minimum_score: 7.5             # threshold only: number
            threshold_percent: 80          # threshold only: number (percent)
          - id: c03
            title: …
            kind: flag
            flag: disciplined              # flag only: disciplined | under_investigation
            expected: false                # flag only: bool
          - id: c04
            title: …
            kind: points
            max_points: 10                 # points only: int
            weight: 1.5                    # points only: number
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import unicodedata

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

# Family names with rough population weights (percent).
FAMILY_NAMES = [
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0),
    ("Hoàng", 3.0), ("Huỳnh", 2.1), ("Phan", 4.5), ("Vũ", 2.0), ("Võ", 1.9),
    ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3),
    ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.6), ("Trương", 0.6), ("Lâm", 0.4),
    ("Mai", 0.4), ("Tạ", 0.3), ("Châu", 0.3), ("Lương", 0.3), ("Thái", 0.2),
]

MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Thanh", "Công", "Xuân",
               "Ngọc", "Trọng", "Đình", "Quang", "Tiến", "Hoàng", "Bá"]
MIDDLE_FEMALE = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim",
                 "Phương", "Mai", "Thúy", "Bích", "Khánh", "Diệu", "Hoài"]
GIVEN_MALE = ["An", "Anh", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt",
              "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khang", "Khánh", "Khoa",
              "Lâm", "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Phong", "Phúc",
              "Quân", "Quang", "Sơn", "Tài", "Thành", "Thắng", "Thịnh",
              "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Vũ", "Tùng", "Đông"]
GIVEN_FEMALE = ["An", "Anh", "Ánh", "Châu", "Chi", "Diệp", "Dung", "Giang",
                "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Huyền", "Lan", "Linh",
                "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh",
                "Phương", "Quỳnh", "Thảo", "Thủy", "Trang", "Trâm", "Uyên",
                "Vân", "Yến", "Tuyết", "Xuân", "Hiền"]

DEPARTMENTS = [
    "Văn phòng UBND tỉnh", "Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp",
    "Sở Xây dựng", "Sở Công Thương", "Sở Y tế", "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch", "Sở Ngoại vụ", "Thanh tra tỉnh",
    "Sở Dân tộc và Tôn giáo", "Ban Quản lý các khu công nghiệp",
    "Ban Quản lý dự án đầu tư xây dựng", "Đài Phát thanh và Truyền hình tỉnh",
    "Trường Cao đẳng Kỹ thuật", "Bệnh viện Đa khoa tỉnh", "Quỹ Đầu tư phát triển",
    "UBND thành phố Hội An", "UBND thành phố Tam Kỳ", "UBND thị xã Điện Bàn",
    "UBND huyện Duy Xuyên", "UBND huyện Thăng Bình", "UBND huyện Quế Sơn",
    "UBND huyện Núi Thành", "UBND huyện Tiên Phước", "UBND huyện Phú Ninh",
    "UBND huyện Đại Lộc", "UBND huyện Đông Giang", "UBND huyện Tây Giang",
    "UBND huyện Nam Giang", "UBND huyện Phước Sơn", "UBND huyện Hiệp Đức",
    "UBND huyện Bắc Trà My", "UBND huyện Nam Trà My", "UBND huyện Nông Sơn",
    "UBND huyện Quế Phước", "UBND huyện Trà Vân",
]

UNITS = [
    "Văn phòng", "Phòng Tổ chức – Hành chính", "Phòng Kế hoạch – Tài chính",
    "Thanh tra", "Phòng Pháp chế", "Phòng Nghiệp vụ 1", "Phòng Nghiệp vụ 2",
    "Phòng Quản lý chất lượng", "Phòng Công nghệ thông tin",
    "Trung tâm Dịch vụ công", "Trung tâm Đào tạo và Bồi dưỡng",
    "Trung tâm Lưu trữ", "Ban Thi đua – Khen thưởng", "Phòng Kiểm tra",
    "Phòng Hợp tác quốc tế",
]

POSITIONS = {
    "civil-servant": [("Giám đốc", 1), ("Phó Giám đốc", 2), ("Chánh Văn phòng", 1),
                      ("Trưởng phòng", 4), ("Phó Trưởng phòng", 6),
                      ("Chuyên viên chính", 12), ("Chuyên viên", 30), ("Cán sự", 8)],
    "public-employee": [("Viên chức", 20), ("Giáo viên", 12), ("Bác sĩ", 6),
                        ("Điều dưỡng", 6), ("Kỹ sư", 8), ("Kế toán viên", 6),
                        ("Thư viện viên", 2)],
    "worker": [("Nhân viên", 20), ("Lái xe", 5), ("Bảo vệ", 5), ("Văn thư", 6),
               ("Tạp vụ", 3), ("Kỹ thuật viên", 6)],
}
KINDS = [("civil-servant", 55), ("public-employee", 35), ("worker", 10)]
RATINGS = [("htxs", 15), ("httnv", 60), ("htnv", 20), ("khtnv", 5)]
MOBILE_PREFIXES = ["090", "091", "093", "094", "096", "097", "098", "086",
                   "088", "032", "033", "034", "035", "036", "037", "038",
                   "039", "070", "076", "077", "078", "079", "081", "082",
                   "083", "084", "085"]

MOVEMENTS = [
    "Chung sức xây dựng nông thôn mới", "Cả nước chung tay vì người nghèo",
    "Đổi mới, sáng tạo trong quản lý", "Cải cách hành chính",
    "Chuyển đổi số toàn diện", "Dân vận khéo", "Thi đua yêu nước",
    "Vì an ninh Tổ quốc", "Lao động giỏi, lao động sáng tạo",
    "Dạy tốt – học tốt", "Đẩy mạnh phòng chống dịch bệnh",
    "Xây dựng văn hóa công sở", "Kỷ cương, trách nhiệm, hiệu quả",
    "Tiết kiệm năng lượng", "Xanh – sạch – đẹp",
]
CAMPAIGN_KINDS = ["Phong trào thi đua", "Đợt thi đua cao điểm",
                  "Cuộc vận động", "Phong trào thi đua chuyên đề"]
AWARDS = [
    "Bằng khen của Chủ tịch UBND tỉnh", "Cờ thi đua của UBND tỉnh",
    "Giấy khen của Giám đốc Sở", "Danh hiệu Chiến sĩ thi đua cơ sở",
    "Danh hiệu Chiến sĩ thi đua cấp tỉnh", "Danh hiệu Lao động tiên tiến",
    "Danh hiệu Tập thể lao động xuất sắc", "Bằng khen của Thủ tướng Chính phủ",
]
CRITERION_TITLES = {
    "rating": ["Hoàn thành xuất sắc nhiệm vụ được giao",
               "Kết quả đánh giá, xếp loại chất lượng năm",
               "Mức độ hoàn thành chỉ tiêu công tác"],
    "threshold": ["Tỷ lệ hồ sơ giải quyết đúng hạn",
                  "Điểm đánh giá sáng kiến cải tiến",
                  "Điểm khảo sát mức độ hài lòng của người dân",
                  "Tỷ lệ văn bản xử lý trên môi trường mạng"],
    "flag": ["Không bị xử lý kỷ luật trong kỳ",
             "Không trong thời gian bị xem xét, điều tra"],
    "points": ["Điểm thưởng đề tài nghiên cứu khoa học",
               "Điểm tham gia hoạt động phong trào",
               "Điểm đóng góp chuyển đổi số",
               "Điểm tham gia hiến máu tình nguyện"],
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def ascii_fold(text: str) -> str:
    """Vietnamese text to lowercase ASCII (for e-mail local parts)."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def weighted(rng: random.Random, pairs):
    values = [v for v, _ in pairs]
    weights = [w for _, w in pairs]
    return rng.choices(values, weights=weights, k=1)[0]


PLAIN_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@`")
RESERVED_PLAIN = {"true", "false", "yes", "no", "on", "off", "y", "n",
                  "null", "~", ""}


def scalar(text: str) -> str:
    """A YAML scalar for `text`: plain when unambiguous, else double-quoted."""
    text = nfc(text)
    needs_quotes = (
        text.lower() in RESERVED_PLAIN
        or text[0] in PLAIN_UNSAFE_START
        or text[0].isdigit() or text[0] in "+.-"
        or ": " in text or " #" in text or text.endswith(":")
        or text != text.strip() or "\n" in text or "\t" in text
    )
    if not needs_quotes:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def iso(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


# --------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------

def person_name(rng: random.Random):
    family = weighted(rng, FAMILY_NAMES)
    female = rng.random() < 0.5
    middles = MIDDLE_FEMALE if female else MIDDLE_MALE
    givens = GIVEN_FEMALE if female else GIVEN_MALE
    middle = [rng.choice(middles)]
    if rng.random() < 0.3:
        second = rng.choice(middles)
        if second != middle[0]:
            middle.append(second)
    given = rng.choice(givens)
    return family, middle, given


def generate(args) -> list[str]:
    rng = random.Random(args.seed)
    criterion_ids = [f"c{i + 1:02d}" for i in range(args.criteria)]
    out: list[str] = []
    w = out.append

    w(f"# ThiDua benchmark province (generate-province.py --seed {args.seed} "
      f"--departments {args.departments} --units {args.units} "
      f"--people {args.people} --campaigns {args.campaigns} "
      f"--criteria {args.criteria})")
    w("id: tinh-thi-dua")
    w("name: " + scalar("Tỉnh Thi Đua"))

    # Departments and units.
    w("departments:")
    unit_ids: list[str] = []
    for d in range(args.departments):
        dep_id = f"d{d + 1:02d}"
        dep_name = DEPARTMENTS[d % len(DEPARTMENTS)]
        if d >= len(DEPARTMENTS):
            dep_name += f" {d // len(DEPARTMENTS) + 1}"
        w(f"  - id: {dep_id}")
        w("    name: " + scalar(dep_name))
        w("    units:")
        for u in range(args.units):
            unit_id = f"{dep_id}-u{u + 1:02d}"
            unit_name = UNITS[u % len(UNITS)]
            if u >= len(UNITS):
                unit_name += f" {u // len(UNITS) + 1}"
            unit_ids.append(unit_id)
            w(f"      - id: {unit_id}")
            w("        name: " + scalar(unit_name))

    # People, listed flat; each refers to its unit by id.
    w("people:")
    number = 0
    for unit_id in unit_ids:
        for _ in range(args.people):
            number += 1
            family, middle, given = person_name(rng)
            full_name = " ".join([family, *middle, given])
            kind = weighted(rng, KINDS)
            position = weighted(rng, POSITIONS[kind])
            initials = ascii_fold(family)[0] + "".join(ascii_fold(m)[0] for m in middle)
            email = f"{ascii_fold(given)}.{initials}.{number:06d}@thidua.gov.vn"
            phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"
            rating = weighted(rng, RATINGS)
            disciplined = rng.random() < 0.03
            investigated = rng.random() < 0.01
            months = rng.randrange(3, 420)
            w(f"  - id: p{number:06d}")
            w("    full_name: " + scalar(full_name))
            w(f"    unit: {unit_id}")
            w("    position: " + scalar(position))
            w(f"    kind: {kind}")
            w(f"    email: {email}")
            w(f'    phone: "{phone}"')
            w(f"    rating: {rating}")
            w(f"    disciplined: {'true' if disciplined else 'false'}")
            w(f"    under_investigation: {'true' if investigated else 'false'}")
            w(f"    months_employed: {months}")
            w("    scores:")
            base = {"htxs": 9.0, "httnv": 8.0, "htnv": 6.5, "khtnv": 4.5}[rating]
            for cid in criterion_ids:
                score = min(10.0, max(0.0, base + rng.randint(-6, 4) * 0.5))
                w(f"      {cid}: {score:.1f}")

    # Campaigns.
    w("campaigns:")
    kinds = ["rating", "threshold", "flag", "points"]
    for c in range(args.campaigns):
        year = 2024 + (c % 2)
        issued_month = rng.randint(1, 3)
        issued = iso(year, issued_month, rng.randint(1, days_in_month(year, issued_month)))
        start_month = issued_month + 1
        end_month = rng.randint(start_month + 3, 12)
        end_day = days_in_month(year, end_month)
        if end_month < 12:
            deadline = iso(year, end_month + 1, rng.randint(1, 20))
        else:
            deadline = iso(year + 1, 1, rng.randint(1, 20))
        title = (f"{rng.choice(CAMPAIGN_KINDS)} “{rng.choice(MOVEMENTS)}” "
                 f"năm {year}")
        w(f"  - id: td{year}-{c + 1:02d}")
        w("    title: " + scalar(title))
        w(f"    issued: {issued}")
        w("    period:")
        w(f"      start: {iso(year, start_month, 1)}")
        w(f"      end: {iso(year, end_month, end_day)}")
        w("    deadline:")
        w(f"      date: {deadline}")
        w(f"      exclusive: {'true' if rng.random() < 0.5 else 'false'}")
        w("    award: " + scalar(rng.choice(AWARDS)))
        w("    criteria:")
        for i, cid in enumerate(criterion_ids):
            kind = kinds[0] if i == 0 else rng.choice(kinds)
            w(f"      - id: {cid}")
            flag = rng.choice(["disciplined", "under_investigation"])
            if kind == "flag":
                title = CRITERION_TITLES[kind][0 if flag == "disciplined" else 1]
            else:
                title = rng.choice(CRITERION_TITLES[kind])
            w("        title: " + scalar(title))
            w(f"        kind: {kind}")
            if kind == "rating":
                w(f"        minimum_rating: {rng.choice(['htxs', 'httnv', 'htnv'])}")
            elif kind == "threshold":
                w(f"        minimum_score: {rng.choice([6.5, 7.0, 7.5, 8.0, 8.5])}")
                w(f"        threshold_percent: {rng.choice([60, 70, 75, 80, 85, 90, 92.5])}")
            elif kind == "flag":
                w(f"        flag: {flag}")
                w("        expected: false")
            else:
                w(f"        max_points: {rng.choice([5, 10, 20])}")
                w(f"        weight: {rng.choice([0.5, 1, 1.5, 2])}")
    return out


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20240115)
    parser.add_argument("--out", required=True, help="output YAML path")
    parser.add_argument("--departments", type=positive, default=40)
    parser.add_argument("--units", type=positive, default=15, help="units per department")
    parser.add_argument("--people", type=positive, default=40, help="people per unit")
    parser.add_argument("--campaigns", type=positive, default=50)
    parser.add_argument("--criteria", type=positive, default=10,
                        help="criteria per campaign (and scores per person)")
    args = parser.parse_args(argv)
    if args.criteria > 99:
        parser.error("--criteria must be at most 99")

    text = "\n".join(generate(args)) + "\n"
    data = text.encode("utf-8")
    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as handle:
        handle.write(data)
    os.replace(tmp, args.out)
    people = args.departments * args.units * args.people
    print(f"wrote {args.out}: {len(data)} bytes ({len(data) / 1e6:.2f} MB), "
          f"{people} people, {args.campaigns} campaigns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
