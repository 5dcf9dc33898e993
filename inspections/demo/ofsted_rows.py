"""Shared pieces for writing Ofsted management-information files in the published shape.

The header rows are real (see tests/data/ofsted/SOURCE.md for where each was found); the
rows written with them by the demo builder, the test-sample builder and the benchmark are
invented. Pure standard library, so the builders run without Django.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

# "Management information - state-funded schools - latest inspections as at 31 Aug 2025":
# one row per open school with its latest graded inspection, the latest ungraded inspection
# since, and the graded inspection before. The 2023/24 column list, less the two end-date
# columns Ofsted removed in November 2024.
LATEST_2025: tuple[str, ...] = (
    "Web link", "URN", "LAESTAB", "School name", "Ofsted phase", "Type of education",
    "School open date", "Admissions policy", "Sixth form", "Designated religious character",
    "Religious ethos", "Faith grouping", "Ofsted region", "Region", "Local authority",
    "Parliamentary constituency", "Postcode",
    "The income deprivation affecting children index (IDACI) quintile",
    "Total number of pupils",
    "Latest ungraded inspection number since last graded inspection",
    "Does the ungraded inspection relate to the URN of the current school?",
    "URN at time of the ungraded inspection", "LAESTAB at time of the ungraded inspection",
    "School name at time of the ungraded inspection",
    "School type at time of the ungraded inspection",
    "Number of ungraded inspections since the last graded inspection",
    "Date of latest ungraded inspection", "Ungraded inspection publication date",
    "Did the latest ungraded inspection convert to a graded inspection?",
    "Ungraded inspection overall outcome",
    "Number of monitoring and urgent inspections since last graded inspection",
    "Inspection number of latest graded inspection", "Inspection type",
    "Inspection type grouping", "Event type grouping", "Inspection start date",
    "Publication date",
    "Does the latest graded inspection relate to the URN of the current school?",
    "URN at time of latest graded inspection", "LAESTAB at time of latest graded inspection",
    "School name at time of latest graded inspection",
    "School type at time of latest graded inspection", "Overall effectiveness",
    "Category of concern", "Quality of education", "Behaviour and attitudes",
    "Personal development", "Effectiveness of leadership and management",
    "Safeguarding is effective?", "Early years provision (where applicable)",
    "Sixth form provision (where applicable)", "Previous graded inspection number",
    "Previous inspection start date", "Previous publication date",
    "Does the previous graded inspection relate to the URN of the current school?",
    "URN at time of previous graded inspection", "LAESTAB at time of previous graded inspection",
    "School name at time of previous graded inspection",
    "School type at time of previous graded inspection",
    "Previous graded inspection overall effectiveness", "Previous category of concern",
    "Previous quality of education", "Previous behaviour and attitudes",
    "Previous personal development", "Previous effectiveness of leadership and management",
    "Previous safeguarding is effective?", "Previous early years provision (where applicable)",
    "Previous sixth form provision (where applicable)",
)  # fmt: skip

_SCHOOL_2026 = (
    "Web Link (opens in new window)", "URN", "LAESTAB", "School name", "Ofsted phase",
    "Type of education", "School open date", "Admissions policy", "Sixth form",
    "Designated religious character", "Religious ethos", "Faith grouping", "Ofsted region",
    "Region", "Local authority", "Parliamentary constituency", "Postcode",
    "Multi-academy trust UID", "Multi-academy trust name", "Academy sponsor UID",
)  # fmt: skip
_PUPILS = (
    "The income deprivation affecting children index (IDACI) quintile",
    "Total number of pupils", "Statutory lowest age", "Statutory highest age",
)  # fmt: skip

# "... latest inspections as at 31 Jan 2026" (sheet "D2 Most recent inspections"): the latest
# report-card inspection, the latest graded inspection under the 2019 framework ("OEIF"),
# and the latest ungraded inspection. 85 columns.
LATEST_2026: tuple[str, ...] = (
    *_SCHOOL_2026, "Academy sponsor name", *_PUPILS,
    "Inspection number of latest full inspection", "Inspection type", "Inspection type grouping",
    "Event type grouping", "Inspection start date", "Publication date",
    "Does the latest full inspection relate to the URN of the current school?",
    "URN at time of latest full inspection", "LAESTAB at time of latest full inspection",
    "School name at time of latest full inspection",
    "School type at time of latest full inspection", "Category of concern",
    "Safeguarding standards", "Safeguarding standards - date of grade",
    "Inclusion", "Inclusion - date of grade",
    "Curriculum and teaching", "Curriculum and teaching - date of grade",
    "Achievement", "Achievement - date of grade",
    "Attendance and behaviour", "Attendance and behaviour - date of grade",
    "Personal development and wellbeing", "Personal development and wellbeing - date of grade",
    "Early years (where applicable)", "Early years - date of grade",
    "Post-16 provision (where applicable)", "Post-16 provision - date of grade",
    "Leadership and governance", "Leadership and governance - date of grade",
    "Inspection number of latest OEIF graded inspection",
    "Inspection type of latest OEIF graded inspection",
    "Inspection type grouping of latest OEIF graded inspection",
    "Event type grouping of latest OEIF graded inspection",
    "Inspection start date of latest OEIF graded inspection",
    "Publication date of latest OEIF graded inspection",
    "Does the latest OEIF graded inspection relate to the URN of the current school?",
    "URN at time of latest OEIF graded inspection",
    "LAESTAB at time of latest OEIF graded inspection",
    "School name at time of latest OEIF graded inspection",
    "School type at time of latest OEIF graded inspection",
    "Latest OEIF category of concern", "Latest OEIF overall effectiveness",
    "Latest OEIF quality of education", "Latest OEIF behaviour and attitudes",
    "Latest OEIF personal development", "Latest OEIF effectiveness of leadership and management",
    "Latest OEIF  safeguarding is effective?",
    "Latest OEIF early years provision (where applicable)",
    "Latest OEIF sixth form provision (where applicable)",
    "Latest ungraded inspection number", "Date of latest ungraded inspection",
    "Ungraded inspection publication date",
    "Does the ungraded inspection relate to the URN of the current school?",
    "URN at time of the ungraded inspection", "LAESTAB at time of the ungraded inspection",
    "School name at time of the ungraded inspection",
    "School type at time of the ungraded inspection", "Ungraded inspection overall outcome",
    "Most recent category of concern",
)  # fmt: skip

# Sheet "D1 In-year inspections": one row per inspection since 10 November 2025, report
# cards and monitoring inspections alike.
IN_YEAR_2026: tuple[str, ...] = (
    *_SCHOOL_2026, "Academy Sponsor Name", *_PUPILS,
    "Inspection number", "Inspection type", "Inspection type grouping", "Event type grouping",
    "Inspection start date", "Publication date", "Outcomes for legacy monitoring inspections",
    "Category of concern", "Safeguarding standards", "Inclusion", "Curriculum and teaching",
    "Achievement", "Attendance and behaviour", "Personal development and wellbeing",
    "Early years (where applicable)", "Post-16 provision (where applicable)",
    "Leadership and governance",
)  # fmt: skip

for _name, _header in (("LATEST_2025", LATEST_2025), ("LATEST_2026", LATEST_2026)):
    if len(set(_header)) != len(_header):
        raise RuntimeError(f"{_name} repeats a column")

GRADE_NUMBERS = {"outstanding": "1", "good": "2", "requires_improvement": "3", "inadequate": "4"}
CARD_WORDS = {
    "exceptional": "Exceptional",
    "strong_standard": "Strong standard",
    "expected_standard": "Expected standard",
    "needs_attention": "Needs attention",
    "urgent_improvement": "Urgent improvement",
}
WEB_LINK = "http://www.ofsted.gov.uk/inspection-reports/find-inspection-report/provider/ELS/{urn}"


def ofsted_date(value: date | None) -> str:
    """DD/MM/YYYY, as Ofsted writes dates."""
    return value.strftime("%d/%m/%Y") if value else ""


def write_ofsted_csv(
    path: str | Path,
    header: tuple[str, ...],
    rows: Iterable[Mapping[str, str]],
    *,
    encoding: str = "cp1252",
    bom: bool = False,
    blank: str = "NULL",
) -> None:
    """Write rows (column -> text; absent columns get `blank`) with a header row, CRLF."""
    known = set(header)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        stray = set(row) - known
        if stray:
            raise KeyError(f"not columns of this file: {sorted(stray)}")
        writer.writerow([row.get(name, blank) for name in header])
    Path(path).write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding))


GRADED_COLUMNS_2026 = {
    "quality_of_education": "Latest OEIF quality of education",
    "behaviour_and_attitudes": "Latest OEIF behaviour and attitudes",
    "personal_development": "Latest OEIF personal development",
    "leadership_and_management": "Latest OEIF effectiveness of leadership and management",
    "early_years": "Latest OEIF early years provision (where applicable)",
    "sixth_form": "Latest OEIF sixth form provision (where applicable)",
}
CARD_COLUMNS_2026 = {
    "inclusion": "Inclusion",
    "curriculum_and_teaching": "Curriculum and teaching",
    "achievement": "Achievement",
    "attendance_and_behaviour": "Attendance and behaviour",
    "personal_development_and_wellbeing": "Personal development and wellbeing",
    "early_years": "Early years (where applicable)",
    "sixth_form": "Post-16 provision (where applicable)",
    "leadership_and_governance": "Leadership and governance",
}
CARD_DATE_COLUMNS_2026 = {
    "Early years (where applicable)": "Early years - date of grade",
    "Post-16 provision (where applicable)": "Post-16 provision - date of grade",
}


def latest_2026_row(
    school: Mapping[str, str],
    *,
    report_card: Mapping | None = None,
    graded: Mapping | None = None,
    ungraded: Mapping | None = None,
) -> dict[str, str]:
    """One row of the 2026 "latest inspections" file for a school and its inspections.

    ``school``: urn, laestab, name, phase, type, region, la, postcode, low, high, pupils.
    ``report_card``: number, type, started_on, published_on, grades {area: grade value},
    safeguarding ("met"/"not_met"), category ("" or SM/SWK/RSI).
    ``graded``: number, type, started_on, published_on, overall (grade value, or "" for
    "Not judged"), grades {area: grade value}, safeguarding_effective (bool), category.
    ``ungraded``: number, started_on, published_on, outcome.
    """
    urn = str(school["urn"])
    row = {
        "Web Link (opens in new window)": WEB_LINK.format(urn=urn),
        "URN": urn,
        "LAESTAB": school.get("laestab", ""),
        "School name": school["name"],
        "Ofsted phase": school.get("phase", ""),
        "Type of education": school.get("type", ""),
        "Region": school.get("region", ""),
        "Ofsted region": school.get("region", ""),
        "Local authority": school.get("la", ""),
        "Postcode": school.get("postcode", ""),
        "Total number of pupils": school.get("pupils", "") or "NULL",
        "Statutory lowest age": school.get("low", ""),
        "Statutory highest age": school.get("high", ""),
    }
    for column in ("Admissions policy", "Sixth form", "Faith grouping"):
        row[column] = school.get(column, "") or "NULL"
    if report_card:
        started = ofsted_date(report_card["started_on"])
        row.update(
            {
                "Inspection number of latest full inspection": report_card["number"],
                "Inspection type": report_card.get("type", "Full inspection"),
                "Inspection type grouping": "Full inspection",
                "Event type grouping": "Full inspection",
                "Inspection start date": started,
                "Publication date": ofsted_date(report_card["published_on"]),
                "Does the latest full inspection relate to the URN of the current school?": "Yes",
                "URN at time of latest full inspection": urn,
                "LAESTAB at time of latest full inspection": school.get("laestab", ""),
                "School name at time of latest full inspection": school["name"],
                "School type at time of latest full inspection": school.get("type", ""),
                "Category of concern": report_card.get("category") or "NULL",
                "Safeguarding standards": {"met": "Met", "not_met": "Not met"}[
                    report_card["safeguarding"]
                ],
                "Safeguarding standards - date of grade": started,
            }
        )
        for area, column in CARD_COLUMNS_2026.items():
            grade = report_card["grades"].get(area)
            row[column] = CARD_WORDS[grade] if grade else "NULL"
            date_column = CARD_DATE_COLUMNS_2026.get(column, f"{column} - date of grade")
            row[date_column] = started if grade else "NULL"
    if graded:
        row.update(
            {
                "Inspection number of latest OEIF graded inspection": graded["number"],
                "Inspection type of latest OEIF graded inspection": graded.get(
                    "type", "Graded inspection"
                ),
                "Inspection type grouping of latest OEIF graded inspection": "Graded inspection",
                "Event type grouping of latest OEIF graded inspection": "Graded inspection",
                "Inspection start date of latest OEIF graded inspection": ofsted_date(
                    graded["started_on"]
                ),
                "Publication date of latest OEIF graded inspection": ofsted_date(
                    graded["published_on"]
                ),
                "Does the latest OEIF graded inspection relate to the URN of the current "
                "school?": "Yes",
                "URN at time of latest OEIF graded inspection": urn,
                "LAESTAB at time of latest OEIF graded inspection": school.get("laestab", ""),
                "School name at time of latest OEIF graded inspection": school["name"],
                "School type at time of latest OEIF graded inspection": school.get("type", ""),
                "Latest OEIF category of concern": graded.get("category") or "NULL",
                "Latest OEIF overall effectiveness": (
                    GRADE_NUMBERS[graded["overall"]] if graded["overall"] else "Not judged"
                ),
                "Latest OEIF  safeguarding is effective?": (
                    "Yes" if graded.get("safeguarding_effective", True) else "No"
                ),
            }
        )
        for area, column in GRADED_COLUMNS_2026.items():
            grade = graded["grades"].get(area)
            row[column] = GRADE_NUMBERS[grade] if grade else "9"
    if ungraded:
        row.update(
            {
                "Latest ungraded inspection number": ungraded["number"],
                "Date of latest ungraded inspection": ofsted_date(ungraded["started_on"]),
                "Ungraded inspection publication date": ofsted_date(ungraded["published_on"]),
                "Does the ungraded inspection relate to the URN of the current school?": "Yes",
                "URN at time of the ungraded inspection": urn,
                "LAESTAB at time of the ungraded inspection": school.get("laestab", ""),
                "School name at time of the ungraded inspection": school["name"],
                "School type at time of the ungraded inspection": school.get("type", ""),
                "Ungraded inspection overall outcome": ungraded["outcome"],
            }
        )
    concern = (report_card or {}).get("category") or (graded or {}).get("category")
    row["Most recent category of concern"] = concern or "NULL"
    return row
