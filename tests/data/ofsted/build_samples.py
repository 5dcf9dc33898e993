"""Write the Ofsted sample files of this folder (see SOURCE.md): real headers, invented rows.

    .venv/bin/python tests/data/ofsted/build_samples.py

Every row is written here by hand; the output is the same on every run.
"""

from __future__ import annotations

import sys
from datetime import date as D
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from inspections.demo import ofsted_rows as o  # noqa: E402

# Surrey schools of tests/data/gias/surrey_936_open_establishments_2021-04.csv.
SCHOOLS = {
    124937: ("Kingswood Primary School", "Primary", "Community school", "KT20 7EA", "4", "11"),
    125003: ("West Byfleet Infant School", "Primary", "Community school", "KT14 6EF", "5", "7"),
    125025: ("Worplesdon Primary School", "Primary", "Community school", "GU3 3NL", "4", "11"),
    125108: ("Claygate Primary School", "Primary", "Foundation school", "KT10 0NB", "4", "11"),
    125141: ("St Martin’s CofE Controlled Primary School, Dorking", "Primary",
             "Voluntary controlled school", "RH4 1HW", "4", "11"),
    125275: ("St Andrew’s Catholic School", "Secondary", "Voluntary aided school", "KT22 7JP",
             "11", "18"),
    125477: ("Freemantles School", "Special", "Community special school", "GU22 0AN", "4", "19"),
    137014: ("The Raleigh School", "Primary", "Academy converter", "KT24 6LX", "4", "11"),
    139916: ("Warlingham Village Primary School", "Primary", "Academy sponsor led", "CR6 9EJ",
             "4", "11"),
    143626: ("St Andrew’s CofE Primary School", "Primary", "Academy converter", "KT11 2AX", "5",
             "11"),
    146527: ("Unified Academy", "Special", "Academy special sponsor led", "RH5 4DB", "9", "16"),
    # Not in the Surrey register: the City of London school of the 2024 GIAS sample.
    100000: ("Sir John Cass’s Foundation Primary School", "Primary", "Voluntary aided school",
             "EC3A 5DE", "3", "11"),
}  # fmt: skip
G = {"1": "outstanding", "2": "good", "3": "requires_improvement", "4": "inadequate"}


def school(urn: int) -> dict[str, str]:
    name, phase, kind, postcode, low, high = SCHOOLS[urn]
    la = "City of London" if urn == 100000 else "Surrey"
    return {
        "urn": str(urn), "laestab": "", "name": name, "phase": phase, "type": kind,
        "region": "London" if urn == 100000 else "South East", "la": la, "postcode": postcode,
        "low": low, "high": high, "pupils": "",
    }  # fmt: skip


def key_judgements(codes: str) -> dict[str, str]:
    """'1212' + optional early years and sixth form digits ('9' where none)."""
    names = ("quality_of_education", "behaviour_and_attitudes", "personal_development",
             "leadership_and_management", "early_years", "sixth_form")  # fmt: skip
    return {name: G[c] for name, c in zip(names, codes, strict=False) if c in G}


# --- August 2025: latest graded, latest ungraded since, previous graded ------------------

GRADED_2025 = [
    # URN, number, type, start, published, overall, key judgements, safeguarding, concern,
    # previous (number, start, published, overall, judgements), ungraded (number, date, published,
    # outcome)
    (124937, "10021418", "S5 Inspection", D(2016, 11, 24), D(2017, 1, 9), "2", "", "", "",
     ("10005907", D(2012, 6, 13), D(2012, 7, 4), "2", ""),
     ("10199732", D(2021, 11, 17), D(2021, 12, 14), "School remains Good")),
    (125025, "10121788", "Graded inspection", D(2020, 1, 29), D(2020, 3, 2), "2", "222229",
     "Yes", "", ("10012288", D(2016, 3, 8), D(2016, 4, 11), "2", ""), None),
    (125108, "10121603", "Graded inspection", D(2020, 1, 9), D(2020, 2, 13), "3", "322329",
     "Yes", "", ("10012041", D(2016, 2, 10), D(2016, 3, 14), "2", ""), None),
    (125003, "10345120", "Graded inspection", D(2025, 3, 4), D(2025, 4, 9), "Not judged",
     "11111", "Yes", "", ("10000971", D(2008, 5, 7), D(2008, 6, 2), "1", ""), None),
    (125141, "10321456", "Graded inspection", D(2024, 11, 12), D(2024, 12, 16), "Not judged",
     "222229", "Yes", "", ("10095644", D(2019, 7, 2), D(2019, 9, 10), "2", ""), None),
    (125275, "10288390", "Graded inspection", D(2023, 5, 10), D(2023, 6, 22), "1", "111191",
     "Yes", "", ("10001284", D(2012, 12, 14), D(2013, 1, 18), "1", ""), None),
    (125477, "10020840", "S5 Inspection", D(2016, 11, 3), D(2016, 12, 2), "1", "", "", "", None,
     ("10227113", D(2022, 6, 21), D(2022, 7, 15), "School remains Outstanding")),
    (100000, "10253291", "Graded inspection", D(2023, 1, 25), D(2023, 3, 1), "1", "11111",
     "Yes", "", None, None),
    (137014, "10041711", "S5 Inspection", D(2017, 12, 7), D(2018, 1, 18), "1", "", "", "", None,
     ("10268855", D(2023, 3, 1), D(2023, 3, 30),
      "School remains Outstanding (Concerns) - S5 Next")),
    (146527, "10319544", "Graded inspection", D(2024, 5, 14), D(2024, 7, 1), "4", "433439",
     "No", "SM", ("10110436", D(2019, 4, 25), D(2019, 6, 6), "4", ""), None),
    (143626, "10296911", "Graded inspection", D(2023, 10, 4), D(2023, 11, 20), "2", "21229",
     "Yes", "", None, ("10335402", D(2025, 2, 5), D(2025, 3, 3), "Standards maintained")),
]  # fmt: skip

PREFIX = {"quality_of_education": "Quality of education",
          "behaviour_and_attitudes": "Behaviour and attitudes",
          "personal_development": "Personal development",
          "leadership_and_management": "Effectiveness of leadership and management",
          "early_years": "Early years provision (where applicable)",
          "sixth_form": "Sixth form provision (where applicable)"}  # fmt: skip


def row_2025(spec) -> dict[str, str]:
    urn, number, kind, start, published, overall, codes, safe, concern, prev, ungraded = spec
    s = school(urn)
    row = {
        "Web link": o.WEB_LINK.format(urn=urn), "URN": str(urn), "School name": s["name"],
        "Ofsted phase": s["phase"], "Type of education": s["type"], "Region": s["region"],
        "Ofsted region": s["region"], "Local authority": s["la"], "Postcode": s["postcode"],
        "Inspection number of latest graded inspection": number, "Inspection type": kind,
        "Inspection type grouping": "Graded inspection" if kind != "S5 Inspection" else "Section 5",
        "Event type grouping": "Inspection", "Inspection start date": o.ofsted_date(start),
        "Publication date": o.ofsted_date(published),
        "Does the latest graded inspection relate to the URN of the current school?": "Yes",
        "URN at time of latest graded inspection": str(urn),
        "School name at time of latest graded inspection": s["name"],
        "School type at time of latest graded inspection": s["type"],
        "Overall effectiveness": overall, "Category of concern": concern or "NULL",
        "Safeguarding is effective?": safe or "NULL",
        "Number of monitoring and urgent inspections since last graded inspection":
            "2" if concern else "0",
    }  # fmt: skip
    for i, column in enumerate(PREFIX.values()):
        row[column] = codes[i] if i < len(codes) else ("NULL" if not codes else "9")
    if prev:
        p_number, p_start, p_published, p_overall, p_codes = prev
        row.update({
            "Previous graded inspection number": p_number,
            "Previous inspection start date": o.ofsted_date(p_start),
            "Previous publication date": o.ofsted_date(p_published),
            "Does the previous graded inspection relate to the URN of the current school?": "Yes",
            "URN at time of previous graded inspection": str(urn),
            "Previous graded inspection overall effectiveness": p_overall,
            "Previous category of concern": "SM" if p_overall == "4" else "NULL",
        })  # fmt: skip
    if ungraded:
        u_number, u_date, u_published, outcome = ungraded
        row.update({
            "Latest ungraded inspection number since last graded inspection": u_number,
            "Number of ungraded inspections since the last graded inspection": "1",
            "Date of latest ungraded inspection": o.ofsted_date(u_date),
            "Ungraded inspection publication date": o.ofsted_date(u_published),
            "Did the latest ungraded inspection convert to a graded inspection?": "No",
            "Ungraded inspection overall outcome": outcome,
        })  # fmt: skip
    else:
        row["Number of ungraded inspections since the last graded inspection"] = "0"
    return row


# --- January 2026: latest report card, latest EIF graded, latest ungraded ----------------

CARDS = {
    # URN: number, start, published, grades, safeguarding
    125025: ("10402257", D(2025, 11, 18), D(2026, 1, 6),
             {"inclusion": "strong_standard", "curriculum_and_teaching": "expected_standard",
              "achievement": "expected_standard", "attendance_and_behaviour": "strong_standard",
              "personal_development_and_wellbeing": "exceptional",
              "leadership_and_governance": "expected_standard",
              "early_years": "strong_standard"}, "met"),
    125275: ("10403318", D(2025, 11, 25), D(2026, 1, 13),
             {"inclusion": "expected_standard", "curriculum_and_teaching": "strong_standard",
              "achievement": "exceptional", "attendance_and_behaviour": "expected_standard",
              "personal_development_and_wellbeing": "strong_standard",
              "leadership_and_governance": "strong_standard", "sixth_form": "strong_standard"},
             "met"),
    125108: ("10404876", D(2025, 12, 2), D(2026, 1, 20),
             {"inclusion": "expected_standard", "curriculum_and_teaching": "needs_attention",
              "achievement": "needs_attention", "attendance_and_behaviour": "expected_standard",
              "personal_development_and_wellbeing": "expected_standard",
              "leadership_and_governance": "needs_attention",
              "early_years": "expected_standard"}, "met"),
}  # fmt: skip


def rows_2026() -> list[dict[str, str]]:
    rows = []
    for spec in GRADED_2025:
        urn, number, kind, start, published, overall, codes, safe, concern, _, ungraded = spec
        graded = {
            "number": number, "type": kind, "started_on": start, "published_on": published,
            "overall": G.get(overall, ""), "grades": key_judgements(codes),
            "safeguarding_effective": safe != "No", "category": concern,
        }  # fmt: skip
        card = None
        if urn in CARDS:
            c_number, c_start, c_published, grades, safeguarding = CARDS[urn]
            card = {
                "number": c_number, "type": "Full inspection", "started_on": c_start,
                "published_on": c_published, "grades": grades, "safeguarding": safeguarding,
            }  # fmt: skip
        u = None
        if ungraded:
            u_number, u_date, u_published, outcome = ungraded
            u = {"number": u_number, "started_on": u_date, "published_on": u_published,
                 "outcome": outcome}  # fmt: skip
        row = o.latest_2026_row(school(urn), report_card=card, graded=graded, ungraded=u)
        if not codes:  # graded before September 2019: no key judgement columns then
            for column in o.GRADED_COLUMNS_2026.values():
                row[column] = "NULL"
            row["Latest OEIF  safeguarding is effective?"] = "NULL"
        rows.append(row)
    return rows


def rows_in_year() -> list[dict[str, str]]:
    rows = []
    for urn, (number, start, published, grades, safeguarding) in CARDS.items():
        s = school(urn)
        row = {
            "Web Link (opens in new window)": o.WEB_LINK.format(urn=urn), "URN": str(urn),
            "School name": s["name"], "Ofsted phase": s["phase"],
            "Type of education": s["type"], "Local authority": s["la"], "Region": s["region"],
            "Inspection number": number, "Inspection type": "Full inspection",
            "Inspection type grouping": "Full inspection", "Event type grouping": "Inspection",
            "Inspection start date": o.ofsted_date(start),
            "Publication date": o.ofsted_date(published),
            "Safeguarding standards": {"met": "Met", "not_met": "Not met"}[safeguarding],
        }  # fmt: skip
        for area, column in o.CARD_COLUMNS_2026.items():
            row[column] = o.CARD_WORDS[grades[area]] if area in grades else "NULL"
        rows.append(row)
    s = school(146527)
    rows.append({
        "Web Link (opens in new window)": o.WEB_LINK.format(urn=146527), "URN": "146527",
        "School name": s["name"], "Ofsted phase": s["phase"], "Type of education": s["type"],
        "Local authority": s["la"], "Region": s["region"], "Inspection number": "10406032",
        "Inspection type": "Monitoring inspection", "Inspection type grouping":
        "Monitoring inspection", "Event type grouping": "Inspection",
        "Inspection start date": "13/01/2026", "Publication date": "10/02/2026",
        "Outcomes for legacy monitoring inspections": "Taking effective action",
        "Category of concern": "SM",
    })  # fmt: skip
    return rows


def main() -> None:
    o.write_ofsted_csv(
        HERE / "latest_inspections_2025-08_surrey_sample.csv",
        o.LATEST_2025,
        [row_2025(spec) for spec in GRADED_2025],
        encoding="cp1252",
        blank="",
    )
    o.write_ofsted_csv(
        HERE / "latest_inspections_2026-01_surrey_sample.csv",
        o.LATEST_2026,
        rows_2026(),
        encoding="utf-8",
        bom=True,
    )
    o.write_ofsted_csv(
        HERE / "in_year_inspections_2026-01_surrey_sample.csv",
        o.IN_YEAR_2026,
        rows_in_year(),
        encoding="utf-8",
        bom=True,
    )


if __name__ == "__main__":
    main()
