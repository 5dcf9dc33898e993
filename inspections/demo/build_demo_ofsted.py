"""Build the demo borough's Ofsted file: invented inspections, the published shape.

    python inspections/demo/build_demo_ofsted.py [OUTPUT]

writes ``inspections/demo/ofsted_LA212_demo.csv`` (or OUTPUT): INVENTED inspections of the
open state-funded schools of the demo register (``schools/demo/edubasealldata_LA212_demo.csv``,
URNs 9900xx) in the exact shape of Ofsted's "Management information - state-funded schools -
latest inspections as at <date>" CSV since report cards began (85 columns, see
``ofsted_rows.LATEST_2026``), Windows-1252, CRLF, dates DD/MM/YYYY, NULL where nothing
applies. Nothing in it is a real inspection: numbers, dates and grades are chosen here.

The mix is the demo's story: about 45% of schools outstanding and half good at their last
graded inspection, three requiring improvement and one inadequate (in special measures); two
inspected between September 2024 and the summer of 2025, with key judgements and no overall
grade; six with a report card since November 2025; a quarter with an ungraded inspection since
their last graded one. The output is the same on every run.
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from inspections.demo import ofsted_rows as o  # noqa: E402

GIAS_FILE = ROOT / "schools" / "demo" / "edubasealldata_LA212_demo.csv"
OUTPUT = Path(__file__).with_name("ofsted_LA212_demo.csv")
AS_AT = date(2026, 10, 31)
SEED = 212

STATE_FUNDED_GROUPS = {
    "Local authority maintained schools", "LA maintained schools", "Academies",
    "Free Schools", "Special schools",
}  # fmt: skip
NOT_STATE_FUNDED_TYPES = {"Non-maintained special school", "Other independent special school"}

INADEQUATE = {990060}
REQUIRES_IMPROVEMENT = {990004, 990031, 990055}
NO_OVERALL = {990009, 990077}  # graded between September 2024 and July 2025
REPORT_CARDS = {990003, 990012, 990036, 990050, 990062, 990076}
UNGRADED_OUTCOMES = (
    "School remains Good", "School remains Good", "School remains Outstanding",
    "Standards maintained", "School remains Good (Improving) - S5 Next",
    "School remains Outstanding (Concerns) - S5 Next", "Improved significantly",
    "Some aspects not as strong",
)  # fmt: skip


def demo_schools(path: Path = GIAS_FILE) -> list[dict[str, str]]:
    """The open state-funded schools of the demo register, by URN."""
    with path.open(encoding="cp1252", newline="") as f:
        rows = list(csv.DictReader(f))
    schools = []
    for row in rows:
        if not row["EstablishmentStatus (name)"].startswith("Open"):
            continue
        if row["EstablishmentTypeGroup (name)"] not in STATE_FUNDED_GROUPS:
            continue
        if row["TypeOfEstablishment (name)"] in NOT_STATE_FUNDED_TYPES:
            continue
        phase = row["PhaseOfEducation (name)"]
        schools.append(
            {
                "urn": row["URN"],
                "laestab": f"{row['LA (code)']}{row['EstablishmentNumber']}",
                "name": row["EstablishmentName"],
                "phase": phase if phase != "Not applicable" else "Special",
                "type": row["TypeOfEstablishment (name)"],
                "region": "London",
                "la": row["LA (name)"],
                "postcode": row["Postcode"],
                "low": row["StatutoryLowAge"],
                "high": row["StatutoryHighAge"],
                "pupils": row["NumberOfPupils"],
            }
        )
    return sorted(schools, key=lambda s: int(s["urn"]))


def _areas(school: dict[str, str]) -> tuple[bool, bool]:
    """Whether the school has early years and a sixth form to grade."""
    low = int(school["low"] or 5)
    high = int(school["high"] or 11)
    return low <= 4, high >= 18


def _key_judgements(rng: random.Random, overall: str, school: dict[str, str]) -> dict[str, str]:
    early_years, sixth_form = _areas(school)
    if overall == "outstanding":
        grades = {
            "quality_of_education": rng.choice(("outstanding", "outstanding", "good")),
            "behaviour_and_attitudes": "outstanding",
            "personal_development": "outstanding",
            "leadership_and_management": "outstanding",
        }
        other = rng.choice(("outstanding", "outstanding", "good"))
    elif overall == "good":
        grades = {
            "quality_of_education": "good",
            "behaviour_and_attitudes": rng.choice(("good", "good", "outstanding")),
            "personal_development": rng.choice(("good", "outstanding")),
            "leadership_and_management": "good",
        }
        other = rng.choice(("good", "good", "outstanding"))
    elif overall == "requires_improvement":
        grades = {
            "quality_of_education": "requires_improvement",
            "behaviour_and_attitudes": "good",
            "personal_development": "good",
            "leadership_and_management": "requires_improvement",
        }
        other = "good"
    else:
        grades = {
            "quality_of_education": "inadequate",
            "behaviour_and_attitudes": "requires_improvement",
            "personal_development": "requires_improvement",
            "leadership_and_management": "inadequate",
        }
        other = "requires_improvement"
    if early_years:
        grades["early_years"] = other
    if sixth_form:
        grades["sixth_form"] = other
    return grades


def _report_card(rng: random.Random, school: dict[str, str], i: int) -> dict[str, str]:
    early_years, sixth_form = _areas(school)
    areas = [
        "inclusion", "curriculum_and_teaching", "achievement", "attendance_and_behaviour",
        "personal_development_and_wellbeing", "leadership_and_governance",
    ]  # fmt: skip
    if early_years:
        areas.append("early_years")
    if sixth_form:
        areas.append("sixth_form")
    grades = {
        area: rng.choice(("expected_standard", "expected_standard", "strong_standard"))
        for area in areas
    }
    if i == 0:
        grades["personal_development_and_wellbeing"] = "exceptional"
    if i == 1:
        grades["attendance_and_behaviour"] = "needs_attention"
    return grades


def inspection_number(rng: random.Random, started: date, used: set[str]) -> str:
    """An invented 8-digit number that grows with the date, as Ofsted's do."""
    while True:
        number = str(10_000_000 + (started - date(2005, 1, 1)).days * 50 + rng.randrange(50))
        if number not in used:
            used.add(number)
            return number


def build_rows(schools: list[dict[str, str]], seed: int = SEED) -> list[dict[str, str]]:
    rng = random.Random(seed)
    used: set[str] = set()
    plain = [s for s in schools if int(s["urn"]) not in INADEQUATE | REQUIRES_IMPROVEMENT]
    plain = [s for s in plain if int(s["urn"]) not in NO_OVERALL]
    outstanding_count = round(0.45 * len(schools))
    order = plain[:]
    rng.shuffle(order)
    outstanding = {s["urn"] for s in order[:outstanding_count]}

    rows, cards = [], 0
    for school in schools:
        urn = int(school["urn"])
        if urn in NO_OVERALL:
            overall = ""
            started = date(2024, 9, 30) + timedelta(rng.randrange(280))
            grades = _key_judgements(rng, "good", school)
            grades["personal_development"] = "outstanding"
        else:
            if urn in INADEQUATE:
                overall = "inadequate"
            elif urn in REQUIRES_IMPROVEMENT:
                overall = "requires_improvement"
            else:
                overall = "outstanding" if school["urn"] in outstanding else "good"
            started = date(2016, 1, 11) + timedelta(rng.randrange(3000))
            if overall in ("inadequate", "requires_improvement"):
                started = date(2023, 1, 9) + timedelta(rng.randrange(500))
            grades = _key_judgements(rng, overall, school)
        while started.weekday() > 3:  # inspections start Monday to Thursday
            started += timedelta(1)
        graded = {
            "number": inspection_number(rng, started, used),
            "started_on": started,
            "published_on": started + timedelta(rng.randrange(21, 50)),
            "overall": overall,
            "grades": grades,
            "safeguarding_effective": overall != "inadequate",
            "category": "SM" if overall == "inadequate" else "",
        }
        ungraded = None
        if overall in ("outstanding", "good") and started < date(2021, 9, 1) and rng.random() < 0.5:
            visited = max(started + timedelta(900), date(2022, 1, 10)) + timedelta(
                rng.randrange(600)
            )
            visited = min(visited, date(2025, 7, 10))
            while visited.weekday() > 3:
                visited += timedelta(1)
            ungraded = {
                "number": inspection_number(rng, visited, used),
                "started_on": visited,
                "published_on": visited + timedelta(rng.randrange(20, 45)),
                "outcome": rng.choice(UNGRADED_OUTCOMES),
            }
        report_card = None
        if urn in REPORT_CARDS:
            visited = date(2025, 11, 17) + timedelta(rng.randrange(300))
            while visited.weekday() > 3:
                visited += timedelta(1)
            report_card = {
                "number": inspection_number(rng, visited, used),
                "started_on": visited,
                "published_on": min(visited + timedelta(rng.randrange(25, 45)), AS_AT),
                "grades": _report_card(rng, school, cards),
                "safeguarding": "met",
                "category": "",
            }
            cards += 1
        rows.append(
            o.latest_2026_row(school, report_card=report_card, graded=graded, ungraded=ungraded)
        )
    return rows


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else OUTPUT
    schools = demo_schools()
    o.write_ofsted_csv(output, o.LATEST_2026, build_rows(schools))
    print(f"wrote {len(schools)} schools to {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
