#!/usr/bin/env python3
"""Province-scale configuration for `thidua evaluate` (docs/performance.md, "Evaluate a campaign").

Builds on generate-import.py's data (600 units, 24,000 people, a library of 10 facts, 240,000 fact
values) and turns it into a configuration directory where everything comes from configuration:
the roster and the facts are listed in thidua.yaml, and one campaign (the reference plan's text,
from config/campaigns/cchc-2024.yaml) has 10 criteria for collectives and 10 for individuals.

    python3 Benchmarks/generate-evaluate.py --import-data DIR --out DIR [--budget]

With --budget (Benchmarks/budget-bench.sh, "Budget estimate"), the configuration also enables the
budget module with the real legal packs (config/legal/*.yaml, copied to legal/) and per-campaign
settings for `province-2024` (planned decision date 2024-12-15, an available amount); the campaign
offers the reference plan's award, giay-khen-giam-doc-so, to collectives and individuals.
"""
import argparse
import os
import re
import shutil

INDIVIDUAL = [
    ("c01", "{kind: rating, fact: xep_loai, at_least: httnv}"),
    ("c02", "{kind: flag, fact: ky_luat, expect: false}"),
    ("c03", "{kind: rating, fact: hinh_thuc_ky_luat, at_least: khong}"),
    ("c04", "{kind: flag, fact: dang_xem_xet_ky_luat, expect: false}"),
    ("c05", "{kind: threshold, fact: so_thang_cong_tac, at_least: 10}"),
    ("c06", "{kind: threshold, fact: so_sang_kien, at_least: 1}"),
    ("c07", "{kind: threshold, fact: diem_danh_gia, at_least: 70}"),
    ("c08", "{kind: threshold, fact: ty_le_hoan_thanh, at_least: 90%}"),
    ("c09", "{kind: title, title: ldtt}"),
    ("c10", "{kind: threshold, fact: so_ngay_nghi, at_most: 40}"),
]

# The budget's settings for province-2024 (--budget): the planned decision date (Decree 98/2023,
# base salary 2,340,000) and the fund's available amount in đồng.
BUDGET_DATE = "2024-12-15"
BUDGET_AVAILABLE = 20_000_000_000
# With --budget, a second campaign with only the criteria of WIDE, which most subjects meet.
WIDE_CAMPAIGN = "province-2024-wide"
WIDE = [criterion for criterion in INDIVIDUAL if criterion[0] == "c02"]


def subjects(criteria):
    """The campaign's subjects: the units and their civil servants and public employees, with
    `criteria` for individuals and over the members of collectives (at least 70 % must meet it)."""
    individual = "".join(
        f"      - id: cn-{cid}\n        title: Tiêu chí cá nhân {cid}\n        rule: {rule}\n" for cid, rule in criteria)
    collective = "".join(
        f"      - id: tt-{cid}\n        title: Tiêu chí tập thể {cid}\n        rule:\n          kind: members\n"
        f"          rule: {rule}\n          require: {{at_least: 70%}}\n" for cid, rule in criteria)
    return (
        "subjects:\n"
        "  description: Tập thể các phòng chuyên môn và toàn thể công chức, viên chức.\n"
        "  collectives:\n"
        "    unit_kinds: [division, attached-unit]\n"
        "    criteria:\n" + collective +
        "  individuals:\n"
        "    person_kinds: [civil-servant, public-employee]\n"
        "    unit_kinds: [division, attached-unit]\n"
        "    criteria:\n" + individual + "\n"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--import-data", required=True, help="output directory of generate-import.py")
    parser.add_argument("--out", required=True)
    parser.add_argument("--reference", default=os.path.join(os.path.dirname(__file__), "..", "config"))
    parser.add_argument("--budget", action="store_true", help="also enable the budget module (legal packs, settings)")
    args = parser.parse_args()

    source = os.path.join(args.import_data, "config")
    out = args.out
    if os.path.exists(out):
        shutil.rmtree(out)
    shutil.copytree(source, out)
    shutil.copy(os.path.join(args.import_data, "roster.csv"), os.path.join(out, "organization", "roster.csv"))
    shutil.copy(os.path.join(args.import_data, "facts.csv"), os.path.join(out, "criteria", "facts-2024.csv"))
    shutil.copy(os.path.join(args.reference, "awards.yaml"), os.path.join(out, "awards.yaml"))

    packs = []
    if args.budget:
        legal = os.path.join(args.reference, "legal")
        shutil.copytree(legal, os.path.join(out, "legal"))
        packs = sorted(name for name in os.listdir(legal) if name.endswith(".yaml") and name != "base-salary.yaml")

    with open(os.path.join(out, "thidua.yaml"), "w", encoding="utf-8") as f:
        f.write(
            "format: 1\n"
            "modules:\n"
            "  organization:\n"
            "    file: organization/province.yaml\n"
            "    rosters: [organization/roster.csv]\n"
            "  criteria:\n"
            "    library: criteria/library.yaml\n"
            "    facts:\n"
            "      - {file: criteria/facts-2024.csv, period: 2024}\n"
            "  campaigns:\n"
            "    awards: awards.yaml\n"
            "    files: [campaigns]\n"
        )
        if args.budget:
            f.write(
                "  budget:\n"
                "    base_salary: legal/base-salary.yaml\n"
                "    packs: [" + ", ".join(f"legal/{name}" for name in packs) + "]\n"
                "    campaigns:\n" + "".join(
                    f"      - campaign: {campaign}\n"
                    f"        available: {BUDGET_AVAILABLE}\n"
                    f"        decision_date: {BUDGET_DATE}\n" for campaign in ("province-2024", WIDE_CAMPAIGN))
            )

    with open(os.path.join(args.reference, "campaigns", "cchc-2024.yaml"), encoding="utf-8") as f:
        campaign = f.read()
    first_person = None
    with open(os.path.join(args.import_data, "roster.csv"), encoding="utf-8") as f:
        next(f)
        first_person = next(f).split(",")[0]
    campaign = re.sub(r"^subjects:\n.*?(?=^period:)", subjects(INDIVIDUAL), campaign, flags=re.S | re.M)
    campaign = campaign.replace("person: vo-tat-dung", f"person: {first_person}")
    campaign = campaign.replace("receiving_unit: van-phong", "receiving_unit: u001")
    campaign = campaign.replace("units: [van-phong]", "units: [u001]")
    os.makedirs(os.path.join(out, "campaigns"), exist_ok=True)
    with open(os.path.join(out, "campaigns", "province-2024.yaml"), "w", encoding="utf-8") as f:
        f.write(campaign.replace("id: cchc-2024", "id: province-2024", 1))
    if args.budget:
        if "award: giay-khen-giam-doc-so" not in campaign:
            raise SystemExit("generate-evaluate.py: the reference campaign no longer offers giay-khen-giam-doc-so")
        # The same campaign with one criterion for each kind, which most subjects meet: an estimate
        # of thousands of lines.
        wide = re.sub(r"^subjects:\n.*?(?=^period:)", subjects(WIDE), campaign, flags=re.S | re.M)
        with open(os.path.join(out, "campaigns", f"{WIDE_CAMPAIGN}.yaml"), "w", encoding="utf-8") as f:
            f.write(wide.replace("id: cchc-2024", f"id: {WIDE_CAMPAIGN}", 1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
