"""Shared pieces for writing GIAS establishment files in the shape DfE publishes.

The published "All establishment data" file (``edubasealldataYYYYMMDD.csv``) has the 140
columns listed in ``columns.txt`` (a copy of the column list of the 22 April 2025 file), in
that order, with a header row; it is Windows-1252 encoded, every field is quoted, lines end
in CRLF, dates are DD-MM-YYYY and missing values are blank.

Pure standard library: the demo builder and the benchmark generator both use it, and neither
needs Django.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import NamedTuple

COLUMNS_FILE = Path(__file__).with_name("columns.txt")
COLUMNS: tuple[str, ...] = tuple(
    line.strip() for line in COLUMNS_FILE.read_text(encoding="ascii").splitlines() if line.strip()
)
if len(COLUMNS) != 140 or len(set(COLUMNS)) != 140:
    raise RuntimeError(f"{COLUMNS_FILE} should list 140 distinct columns, found {len(COLUMNS)}")
_COLUMN_SET = frozenset(COLUMNS)

ENCODING = "cp1252"


class EstablishmentType(NamedTuple):
    code: int
    name: str
    group_code: int
    group_name: str


# Every type present in the April 2025 file: (type code, type name, group code, group name),
# exactly as GIAS spells them.
TYPES: tuple[EstablishmentType, ...] = tuple(
    EstablishmentType(*t)
    for t in (
        (18, "Further education", 1, "Colleges"),
        (31, "Sixth form centres", 1, "Colleges"),
        (29, "Higher education institutions", 2, "Universities"),
        (6, "City technology college", 3, "Independent schools"),
        (11, "Other independent school", 3, "Independent schools"),
        (1, "Community school", 4, "Local authority maintained schools"),
        (2, "Voluntary aided school", 4, "Local authority maintained schools"),
        (3, "Voluntary controlled school", 4, "Local authority maintained schools"),
        (5, "Foundation school", 4, "Local authority maintained schools"),
        (14, "Pupil referral unit", 4, "Local authority maintained schools"),
        (15, "Local authority nursery school", 4, "Local authority maintained schools"),
        (7, "Community special school", 5, "Special schools"),
        (8, "Non-maintained special school", 5, "Special schools"),
        (10, "Other independent special school", 5, "Special schools"),
        (12, "Foundation special school", 5, "Special schools"),
        (30, "Welsh establishment", 6, "Welsh schools"),
        (24, "Secure units", 9, "Other types"),
        (25, "Offshore schools", 9, "Other types"),
        (26, "Service children's education", 9, "Other types"),
        (27, "Miscellaneous", 9, "Other types"),
        (32, "Special post 16 institution", 9, "Other types"),
        (37, "British schools overseas", 9, "Other types"),
        (56, "Institution funded by other government department", 9, "Other types"),
        (28, "Academy sponsor led", 10, "Academies"),
        (33, "Academy special sponsor led", 10, "Academies"),
        (34, "Academy converter", 10, "Academies"),
        (42, "Academy alternative provision converter", 10, "Academies"),
        (43, "Academy alternative provision sponsor led", 10, "Academies"),
        (44, "Academy special converter", 10, "Academies"),
        (45, "Academy 16-19 converter", 10, "Academies"),
        (46, "Academy 16 to 19 sponsor led", 10, "Academies"),
        (57, "Academy secure 16 to 19", 10, "Academies"),
        (35, "Free schools", 11, "Free Schools"),
        (36, "Free schools special", 11, "Free Schools"),
        (38, "Free schools alternative provision", 11, "Free Schools"),
        (39, "Free schools 16 to 19", 11, "Free Schools"),
        (40, "University technical college", 11, "Free Schools"),
        (41, "Studio schools", 11, "Free Schools"),
        (49, "Online provider", 13, "Online provider"),
    )
)
TYPE_BY_CODE: dict[int, EstablishmentType] = {t.code: t for t in TYPES}

# Spellings that earlier extracts use for the same codes (an importer must accept them too).
OLD_TYPE_NAMES: dict[int, str] = {
    1: "Community School",
    2: "Voluntary Aided School",
    3: "Voluntary Controlled School",
    5: "Foundation School",
    39: "Free Schools - 16-19",
    46: "Academy 16-19 Sponsor Led",
}
OLD_GROUP_NAMES: dict[int, str] = {4: "LA maintained schools"}

# FurtherEducationType (name) values of type 18 in the April 2025 file.
FURTHER_EDUCATION_TYPES: tuple[str, ...] = (
    "Art, Design and Performing Arts College",
    "General Further Education College",
    "Land-Based College",
    "Sixth Form College (General)",
    "Sixth Form College (Voluntary Aided)",
    "Sixth Form College (Voluntary Controlled)",
    "Specialist Designated College",
    "Tertiary College",
)

STATUSES: dict[int, str] = {
    1: "Open",
    2: "Closed",
    3: "Open, but proposed to close",
    4: "Proposed to open",
}
PHASES: dict[int, str] = {
    0: "Not applicable",
    1: "Nursery",
    2: "Primary",
    3: "Middle deemed primary",
    4: "Secondary",
    5: "Middle deemed secondary",
    6: "16 plus",
    7: "All-through",
}
GENDERS: dict[int, str] = {1: "Boys", 2: "Girls", 3: "Mixed"}

# Code lists read off the real rows in shared/data/gias-sample-2024 (code -> name).
BOARDERS = {1: "No boarders"}
OFFICIAL_SIXTH_FORM = {0: "Not applicable", 1: "Has a sixth form", 2: "Does not have a sixth form"}
SPECIAL_CLASSES = {0: "Not applicable", 1: "Has Special Classes", 2: "No Special Classes"}
TRUST_SCHOOL_FLAG = {
    0: "Not applicable",
    1: "Supported by a trust",
    3: "Supported by a multi-academy trust",
}
REASON_OPENED = {0: "Not applicable", 10: "Academy Converter"}
REASON_CLOSED = {0: "Not applicable", 2: "Closure", 6: "For Academy"}
RELIGIOUS_CHARACTER = {0: "Does not apply", 2: "Church of England", 6: "None"}

# Codes NOT seen in any real row we hold: best effort, the names are GIAS's own. An importer
# should match on the "(name)" columns (files from 2021 have no "(code)" columns at all).
TRUST_SCHOOL_FLAG_GUESSED = {5: "Supported by a single-academy trust"}
REASON_OPENED_GUESSED = {1: "Result of Amalgamation", 3: "New Provision", 5: "Fresh Start"}
REASON_CLOSED_GUESSED = {1: "Result of Amalgamation/Merger"}
RELIGIOUS_CHARACTER_GUESSED = {3: "Roman Catholic"}

# Values that an English establishment row carries whatever its type (seen on the real rows).
ENGLAND_DEFAULTS: dict[str, str] = {
    "ReasonEstablishmentOpened (code)": "0",
    "ReasonEstablishmentOpened (name)": "Not applicable",
    "ReasonEstablishmentClosed (code)": "0",
    "ReasonEstablishmentClosed (name)": "Not applicable",
    "Boarders (code)": "1",
    "Boarders (name)": "No boarders",
    "Diocese (code)": "0",
    "Diocese (name)": "Not applicable",
    "AdmissionsPolicy (code)": "0",
    "AdmissionsPolicy (name)": "Not applicable",
    "TrustSchoolFlag (code)": "0",
    "TrustSchoolFlag (name)": "Not applicable",
    "SchoolSponsorFlag (name)": "Not applicable",
    "FederationFlag (name)": "Not applicable",
    "FurtherEducationType (name)": "Not applicable",
    "OfstedSpecialMeasures (code)": "0",
    "OfstedSpecialMeasures (name)": "Not applicable",
    "BSOInspectorateName (name)": "Not applicable",
    "TeenMoth (name)": "Not applicable",
    "CCF (name)": "Not applicable",
    "SENPRU (name)": "Not applicable",
    "EBD (name)": "Not applicable",
    "EdByOther (name)": "Not applicable",
    "Section41Approved (name)": "Not applicable",
    "PreviousLA (code)": "999",
    "QABName (code)": "0",
    "QABName (name)": "Not applicable",
    "EstablishmentAccredited (code)": "0",
    "EstablishmentAccredited (name)": "Not applicable",
}

# Third Thursday of January 2026, the spring school census day.
CENSUS_DATE = date(2026, 1, 15)


def blank_row() -> dict[str, str]:
    """A row with every one of the 140 columns present and blank."""
    return dict.fromkeys(COLUMNS, "")


def england_row() -> dict[str, str]:
    """A blank row with the values every English establishment row carries."""
    row = dict.fromkeys(COLUMNS, "")
    row.update(ENGLAND_DEFAULTS)
    return row


def gias_date(value: date | None) -> str:
    """DD-MM-YYYY, as GIAS writes dates; blank for None."""
    return value.strftime("%d-%m-%Y") if value else ""


def set_pair(row: dict[str, str], stem: str, code: object, name: str) -> None:
    """Set the "<stem> (code)" and "<stem> (name)" columns together."""
    row[f"{stem} (code)"] = "" if code is None else str(code)
    row[f"{stem} (name)"] = name


def set_type(
    row: dict[str, str],
    type_code: int,
    *,
    type_name: str | None = None,
    group_name: str | None = None,
) -> None:
    """Set type and type group from ``TYPES``; the names can be overridden (old spellings)."""
    t = TYPE_BY_CODE[type_code]
    set_pair(row, "TypeOfEstablishment", t.code, type_name or t.name)
    set_pair(row, "EstablishmentTypeGroup", t.group_code, group_name or t.group_name)


def set_status(row: dict[str, str], status_code: int) -> None:
    set_pair(row, "EstablishmentStatus", status_code, STATUSES[status_code])


def set_phase(row: dict[str, str], phase_code: int) -> None:
    set_pair(row, "PhaseOfEducation", phase_code, PHASES[phase_code])


def set_gender(row: dict[str, str], gender_code: int) -> None:
    set_pair(row, "Gender", gender_code, GENDERS[gender_code])


def write_gias_csv(path: str | Path, rows: Iterable[Mapping[str, object]]) -> int:
    """Write ``rows`` (dicts keyed by column name) as GIAS publishes the file.

    Windows-1252, every field quoted, CRLF line ends, the 140 columns in order with a header
    row first. Missing keys are written blank; unknown keys, and characters Windows-1252
    cannot hold, raise rather than produce a file GIAS would never publish. Values must
    already be strings or numbers (dates through ``gias_date``). Returns the rows written.
    """
    count = 0
    with open(path, "w", encoding=ENCODING, newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for row in rows:
            unknown = row.keys() - _COLUMN_SET
            if unknown:
                raise KeyError(f"not GIAS columns: {sorted(unknown)}")
            writer.writerow([row.get(column, "") for column in COLUMNS])
            count += 1
    return count
