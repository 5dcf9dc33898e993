"""Import of Ofsted's management information on state-funded school inspections.

`import_ofsted_files()` reads the CSVs Ofsted publishes monthly ("Management
information - state-funded schools - latest inspections as at <date>", and the
in-year file of inspections under the renewed framework) and records each
school's inspections in bulk, inside one transaction:

- columns are matched by header name through `COLUMNS`, which lists every
  published spelling of each column; unknown columns are reported, not fatal;
- one row can hold several inspections (latest graded or report-card
  inspection, latest EIF graded inspection, latest ungraded inspection,
  previous graded inspection); each is keyed by its inspection number, so
  importing the same file again creates and updates nothing;
- a file that is not a CSV, or lacks URN / an inspection number / its start
  date, raises OfstedFileError before anything is written;
- a bad row (an unparseable date, a grade value Ofsted does not use, a bad
  URN) is reported with its line number and URN and skipped;
- rows whose URN is not in the register are counted and skipped by line;
- the 4-point grades (1 = Outstanding ... 4 = Inadequate) and the report
  card's 5-point scale are stored as their own words and never converted.
"""

import codecs
import csv
import hashlib
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from council_portal import importing
from council_portal.bulk import upsert
from schools.gias import GiasFileError
from schools.gias import decode as decode_gias
from schools.models import School

from .grades import Area, Framework, Grade, ReportCardGrade, Safeguarding
from .models import InspectionJudgement, OfstedImport, SchoolInspection

# Every column read, as field -> the header spellings Ofsted has published, the
# first present in a file wins. Spellings were found in public code that loads
# these files (see tests/data/ofsted/SOURCE.md): an R cleaning function over a
# 2023/24 "latest inspections" file, Python and TypeScript loaders of the
# 2025 and 2026 files, a database load script naming every column of the
# 2026 "most recent inspections" and "in-year inspections" sheets (including
# "Latest OEIF  safeguarding is effective?" with its double space), and
# pchapman267/ofsted run.R for the older "full"/"short" inspection names.
#
# Fields are "<block>.<field>". Blocks are the inspections a row can hold:
#   latest   - the latest graded ("full") inspection; in files from November
#              2025 the latest report-card inspection; in the in-year file
#              (one row per inspection) any inspection, monitoring included;
#   oeif     - files from November 2025: the latest graded inspection under
#              the education inspection framework (2019-2025);
#   ungraded - the latest ungraded ("short", section 8) inspection since;
#   previous - the graded inspection before the latest.
# "grade.*" fields are on the 4-point scale, "card.*" on the report card's.
COLUMNS: dict[str, tuple[str, ...]] = {
    "urn": ("URN",),
    "web_link": (
        "Web Link (opens in new window) [link address]",
        "Web link",
        "Web Link",
        "Web Link (opens in new window)",
    ),
    "latest.number": (
        "Inspection number of latest graded inspection",
        "Inspection number of latest full inspection",
        "Inspection number",
    ),
    "latest.type": ("Inspection type",),
    "latest.type_grouping": ("Inspection type grouping",),
    "latest.started_on": ("Inspection start date",),
    "latest.ended_on": ("Inspection end date",),
    "latest.published_on": ("Publication date",),
    "latest.category_of_concern": ("Category of concern",),
    "latest.overall_effectiveness": ("Overall effectiveness",),
    "latest.grade.quality_of_education": ("Quality of education",),
    "latest.grade.behaviour_and_attitudes": ("Behaviour and attitudes",),
    "latest.grade.personal_development": ("Personal development",),
    "latest.grade.leadership_and_management": ("Effectiveness of leadership and management",),
    "latest.grade.early_years": ("Early years provision (where applicable)",),
    "latest.grade.sixth_form": ("Sixth form provision (where applicable)",),
    "latest.safeguarding_effective": ("Safeguarding is effective?", "Is safeguarding effective?"),
    "latest.safeguarding_standards": ("Safeguarding standards",),
    "latest.card.inclusion": ("Inclusion",),
    "latest.card.curriculum_and_teaching": ("Curriculum and teaching",),
    "latest.card.achievement": ("Achievement",),
    "latest.card.attendance_and_behaviour": ("Attendance and behaviour",),
    "latest.card.personal_development_and_wellbeing": (
        "Personal development and wellbeing",
        "Personal development and well-being",
    ),
    "latest.card.leadership_and_governance": ("Leadership and governance",),
    "latest.card.early_years": ("Early years (where applicable)",),
    "latest.card.sixth_form": ("Post-16 provision (where applicable)",),
    "latest.outcome": (
        "Outcomes for legacy monitoring inspections",
        "Outcomes for ungraded and monitoring inspections",
    ),
    "oeif.number": ("Inspection number of latest OEIF graded inspection",),
    "oeif.type": ("Inspection type of latest OEIF graded inspection",),
    "oeif.type_grouping": ("Inspection type grouping of latest OEIF graded inspection",),
    "oeif.started_on": ("Inspection start date of latest OEIF graded inspection",),
    "oeif.published_on": ("Publication date of latest OEIF graded inspection",),
    "oeif.category_of_concern": ("Latest OEIF category of concern",),
    "oeif.overall_effectiveness": ("Latest OEIF overall effectiveness",),
    "oeif.grade.quality_of_education": ("Latest OEIF quality of education",),
    "oeif.grade.behaviour_and_attitudes": ("Latest OEIF behaviour and attitudes",),
    "oeif.grade.personal_development": ("Latest OEIF personal development",),
    "oeif.grade.leadership_and_management": (
        "Latest OEIF effectiveness of leadership and management",
    ),
    "oeif.grade.early_years": ("Latest OEIF early years provision (where applicable)",),
    "oeif.grade.sixth_form": ("Latest OEIF sixth form provision (where applicable)",),
    "oeif.safeguarding_effective": (
        "Latest OEIF  safeguarding is effective?",
        "Latest OEIF safeguarding is effective?",
    ),
    "ungraded.number": (
        "Latest ungraded inspection number since last graded inspection",
        "Latest ungraded inspection number",
        "Latest short inspection number since last full inspection",
    ),
    "ungraded.started_on": (
        "Date of latest ungraded inspection",
        "Date of latest short inspection",
    ),
    "ungraded.published_on": (
        "Ungraded inspection publication date",
        "Short inspection publication date",
    ),
    "ungraded.outcome": ("Ungraded inspection overall outcome", "Short inspection overall outcome"),
    "previous.number": (
        "Previous graded inspection number",
        "Previous full inspection number",
        "Previous inspection number",
    ),
    "previous.started_on": ("Previous inspection start date",),
    "previous.ended_on": ("Previous inspection end date",),
    "previous.published_on": ("Previous publication date",),
    "previous.category_of_concern": ("Previous category of concern",),
    "previous.overall_effectiveness": (
        "Previous graded inspection overall effectiveness",
        "Previous full inspection overall effectiveness",
        "Previous overall effectiveness",
    ),
    "previous.grade.quality_of_education": ("Previous quality of education",),
    "previous.grade.behaviour_and_attitudes": ("Previous behaviour and attitudes",),
    "previous.grade.personal_development": ("Previous personal development",),
    "previous.grade.leadership_and_management": (
        "Previous effectiveness of leadership and management",
    ),
    "previous.grade.early_years": ("Previous early years provision (where applicable)",),
    "previous.grade.sixth_form": ("Previous sixth form provision (where applicable)",),
    "previous.safeguarding_effective": ("Previous safeguarding is effective?",),
}

BLOCKS = ("latest", "oeif", "ungraded", "previous")

# Published columns about the school or the inspection that the portal does not keep:
# known, so not reported as unknown.
CONTEXT_COLUMNS = frozenset(
    {
        "LAESTAB", "School name", "Ofsted phase", "Type of education", "School open date",
        "Admissions policy", "Sixth form", "Designated religious character", "Religious ethos",
        "Faith grouping", "Faith denomination", "Ofsted region", "Region", "Local authority",
        "Parliamentary constituency", "Postcode", "Multi-academy trust UID",
        "Multi-academy trust name", "Academy sponsor UID", "Academy sponsor name",
        "Academy Sponsor Name",
        "The income deprivation affecting children index (IDACI) quintile",
        "Total number of pupils", "Statutory lowest age", "Statutory highest age",
        "Event type grouping", "Event type grouping of latest OEIF graded inspection",
        "Most recent category of concern",
        "Did the latest ungraded inspection convert to a graded inspection?",
        "Did the latest short inspection convert to a full inspection?",
        "Number of ungraded inspections since the last graded inspection",
        "Number of monitoring and urgent inspections since last graded inspection",
        "Number of other section 8 inspections since last full inspection",
        "Number of short inspections since last full inspection",
    }
)  # fmt: skip
# ... and the families of columns naming the school at the time of an inspection, or
# the date a report-card grade was given.
CONTEXT_MARKERS = (" at time of ", "relate to the URN of the current school", " - date of grade")

# Ofsted writes these where a grade or value does not apply.
BLANK = frozenset({"", "null", "9", "0", "not judged", "not applicable", "n/a", "na"})

GRADE_VALUES: dict[str, Grade] = {
    "1": Grade.OUTSTANDING,
    "2": Grade.GOOD,
    "3": Grade.REQUIRES_IMPROVEMENT,
    "4": Grade.INADEQUATE,
    **{grade.label.casefold(): grade for grade in Grade},
}
REPORT_CARD_VALUES: dict[str, ReportCardGrade] = {
    grade.label.casefold(): grade for grade in ReportCardGrade
}
SAFEGUARDING_VALUES: dict[str, Safeguarding] = {
    # "Safeguarding standards" on report cards; "Safeguarding is effective?" before.
    "met": Safeguarding.MET,
    "not met": Safeguarding.NOT_MET,
    "yes": Safeguarding.MET,
    "no": Safeguarding.NOT_MET,
}
# Graded inspections gave no overall grade from 2 September 2024; report cards began on
# 10 November 2025.
NO_OVERALL_GRADE_FROM = date(2024, 9, 2)
REPORT_CARDS_FROM = date(2025, 11, 10)

CATEGORY_OF_CONCERN = {
    "SM": "Special measures",
    "SWK": "Serious weaknesses",
    "RSI": "Requires significant improvement",
}

GRADE_AREAS = {
    "quality_of_education": Area.QUALITY_OF_EDUCATION,
    "behaviour_and_attitudes": Area.BEHAVIOUR_AND_ATTITUDES,
    "personal_development": Area.PERSONAL_DEVELOPMENT,
    "leadership_and_management": Area.LEADERSHIP_AND_MANAGEMENT,
    "early_years": Area.EARLY_YEARS,
    "sixth_form": Area.SIXTH_FORM,
}
CARD_AREAS = {
    "inclusion": Area.INCLUSION,
    "curriculum_and_teaching": Area.CURRICULUM_AND_TEACHING,
    "achievement": Area.ACHIEVEMENT,
    "attendance_and_behaviour": Area.ATTENDANCE_AND_BEHAVIOUR,
    "personal_development_and_wellbeing": Area.PERSONAL_DEVELOPMENT_AND_WELLBEING,
    "leadership_and_governance": Area.LEADERSHIP_AND_GOVERNANCE,
    "early_years": Area.EARLY_YEARS,
    "sixth_form": Area.SIXTH_FORM,
}

MAX_URN = 2_147_483_647
_MAX = {f.name: f.max_length for f in SchoolInspection._meta.concrete_fields if f.max_length}


class OfstedFileError(Exception):
    """The file as a whole cannot be imported; nothing was changed."""


class RowError(ValueError):
    """One row cannot be imported; the message says why."""


@dataclass
class ImportSummary(importing.ImportSummary):
    """Created, updated and unchanged count inspections; skipped counts rows."""

    not_in_register: list[tuple[int, str]] = field(default_factory=list)  # line, URN
    ignored_columns: list[str] = field(default_factory=list)
    by_framework: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        """The summary as printed by `manage.py import_ofsted`."""
        out = [
            f"{self.file_name}: {self.rows} rows read",
            f"inspections: created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}; rows skipped {self.skipped}",
        ]
        if self.by_framework:
            labels = dict(Framework.choices)
            out.append(
                "  inspections in the file: "
                + ", ".join(
                    f"{labels[key]} {count}" for key, count in sorted(self.by_framework.items())
                )
            )
        out += self.reason_lines()
        if self.not_in_register:
            shown = ", ".join(f"{line} (URN {urn})" for line, urn in self.not_in_register[:20])
            more = len(self.not_in_register) - 20
            out.append(
                "  not in the register: line " + shown + (f", and {more} more" if more > 0 else "")
            )
        for line, urn, message in self.errors:
            out.append(f"  line {line} (URN {urn or 'blank'}): {message}")
        if self.ignored_columns:
            out.append(
                f"  ignored {len(self.ignored_columns)} column"
                f"{'s' if len(self.ignored_columns) != 1 else ''} the importer does not know: "
                + ", ".join(repr(name) for name in self.ignored_columns)
            )
        return out


@dataclass
class ParsedFile:
    """A file read and checked, before anything is written."""

    path: Path
    sha256: str
    summary: ImportSummary
    # inspection number -> (line, URN, field values, {area: grade})
    inspections: dict[str, tuple[int, int, dict, dict[str, str]]]


# --- reading -----------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """Text of an Ofsted file: UTF-8 (with or without BOM) if valid, else Windows-1252."""
    if data.startswith(b"PK\x03\x04"):
        raise OfstedFileError(
            "this is a spreadsheet (xlsx or ods), not a CSV: download the CSV version, "
            "or save the sheet as CSV"
        )
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        raise OfstedFileError("this file is UTF-16 text: save it as CSV (UTF-8)")
    try:
        return decode_gias(data)
    except GiasFileError as exc:
        raise OfstedFileError(str(exc)) from None


def _header_columns(header: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    """Field -> column position, and the columns nobody reads or knows."""
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        positions.setdefault(name.strip(), index)
    fields = {}
    for name, spellings in COLUMNS.items():
        for spelling in spellings:
            if spelling in positions:
                fields[name] = positions[spelling]
                break
    known = {s for spellings in COLUMNS.values() for s in spellings} | CONTEXT_COLUMNS
    unknown = [
        name
        for name in positions
        if name and name not in known and not any(marker in name for marker in CONTEXT_MARKERS)
    ]
    return fields, unknown


def _check_header(fields: dict[str, int], header: Sequence[str]) -> None:
    missing = []
    if "urn" not in fields:
        missing.append("URN")
    present = [block for block in BLOCKS if f"{block}.number" in fields]
    if not present:
        missing.append(
            "an inspection number ("
            + " or ".join(repr(s) for s in COLUMNS["latest.number"][:2])
            + ", …)"
        )
    for block in present:
        if f"{block}.started_on" not in fields:
            missing.append(
                f"{COLUMNS[f'{block}.started_on'][0]} (the date of "
                f"{header[fields[f'{block}.number']].strip()!r})"
            )
    if missing:
        found = ", ".join(h.strip() for h in header[:6]) + (", …" if len(header) > 6 else "")
        raise OfstedFileError(
            "this is not an Ofsted school inspections file: required column"
            f"{'s' if len(missing) > 1 else ''} missing: {'; '.join(missing)} "
            f"(found {len(header)} column{'s' if len(header) != 1 else ''}: {found})"
        )


def _blank(value: str) -> bool:
    return value.strip().casefold() in BLANK


def _text(value: str, column: str, limit: str | None = None) -> str:
    value = value.strip()
    if value.casefold() == "null":
        return ""
    if limit and len(value) > _MAX[limit]:
        raise RowError(f"{column} is {len(value)} characters long; the portal keeps {_MAX[limit]}")
    return value


def _date(value: str, column: str) -> date | None:
    value = value.strip()
    if not value or value.casefold() == "null":
        return None
    # DD/MM/YYYY as Ofsted writes it, without strptime's cost on 100,000 dates.
    if len(value) == 10 and value[2] in "/-" and value[5] == value[2]:
        try:
            return date(int(value[6:]), int(value[3:5]), int(value[:2]))
        except ValueError:
            pass
    for fmt in ("%Y-%m-%d", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise RowError(f"{column} {value!r} is not a date in the form DD/MM/YYYY")


def _grade(value: str, column: str, scale: dict) -> str:
    if _blank(value):
        return ""
    try:
        return scale[value.strip().casefold()].value
    except KeyError:
        words = "1-4" if scale is GRADE_VALUES else ", ".join(g.label for g in ReportCardGrade)
        raise RowError(f"{column} {value.strip()!r} is not a grade Ofsted uses ({words})") from None


def _safeguarding(value: str, column: str) -> str:
    if _blank(value):
        return ""
    try:
        return SAFEGUARDING_VALUES[value.strip().casefold()].value
    except KeyError:
        raise RowError(f"{column} {value.strip()!r} is not Yes/No or Met/Not met") from None


BLOCK_FIELDS = (
    "number", "type", "type_grouping", "started_on", "ended_on", "published_on",
    "category_of_concern", "overall_effectiveness", "safeguarding_effective",
    "safeguarding_standards", "outcome",
)  # fmt: skip


@dataclass
class BlockColumns:
    """Where one block's columns are in a file: field -> (position, header name)."""

    block: str
    cells: dict[str, tuple[int, str]]
    cards: list[tuple[int, str, Area]]  # report-card areas
    grades: list[tuple[int, str, Area]]  # 4-point key judgements


def _block_columns(block: str, fields: dict[str, int], header: Sequence[str]) -> BlockColumns:
    def at(name: str) -> tuple[int, str] | None:
        index = fields.get(f"{block}.{name}")
        return None if index is None else (index, header[index].strip())

    cells = {name: at(name) for name in BLOCK_FIELDS if at(name)}
    cards = [(*at(f"card.{n}"), area) for n, area in CARD_AREAS.items() if at(f"card.{n}")]
    grades = [(*at(f"grade.{n}"), area) for n, area in GRADE_AREAS.items() if at(f"grade.{n}")]
    return BlockColumns(block, cells, cards, grades)


def _inspection(raw: list[str], columns: BlockColumns) -> tuple | None:
    """(number, values, grades) of one block of a row, or None if it holds no inspection."""
    cells = columns.cells

    def cell(name: str) -> str:
        return raw[cells[name][0]] if name in cells else ""

    def column(name: str) -> str:
        return cells[name][1]

    number = cell("number").strip()
    if _blank(number):
        return None
    if len(number) > _MAX["inspection_number"] or not number.isprintable() or " " in number:
        raise RowError(f"{column('number')} {number!r} is not an inspection number")
    started_on = _date(cell("started_on"), column("started_on"))
    if started_on is None:
        raise RowError(f"{column('started_on')} is blank for inspection {number}")
    values = {
        "inspection_type": (
            _text(cell("type"), column("type"), "inspection_type") if "type" in cells else ""
        ),
        "started_on": started_on,
        "ended_on": _date(cell("ended_on"), column("ended_on")) if "ended_on" in cells else None,
        "published_on": (
            _date(cell("published_on"), column("published_on")) if "published_on" in cells else None
        ),
        "overall_effectiveness": "",
        "category_of_concern": "",
        "outcome": "",
        "safeguarding": "",
    }
    concern = cell("category_of_concern").strip()
    if not _blank(concern):
        values["category_of_concern"] = _text(
            CATEGORY_OF_CONCERN.get(concern.upper(), concern), "Category of concern",
            "category_of_concern",
        )  # fmt: skip
    grades: dict[str, str] = {}
    if columns.block == "ungraded":
        values["framework"] = Framework.UNGRADED
        if "outcome" in cells:
            values["outcome"] = _text(cell("outcome"), column("outcome"), "outcome")
        return number, values, grades

    for index, name, area in columns.cards:
        grade = _grade(raw[index], name, REPORT_CARD_VALUES)
        if grade:
            grades[area] = grade
    standards = cell("safeguarding_standards")
    if not _blank(standards):
        values["safeguarding"] = _safeguarding(standards, column("safeguarding_standards"))
    is_report_card = bool(grades) or bool(values["safeguarding"])
    for index, name, area in columns.grades:
        grade = _grade(raw[index], name, GRADE_VALUES)
        if grade and is_report_card:
            raise RowError(
                f"inspection {number} has both report-card grades and {name!r}; "
                "the two scales are never mixed"
            )
        if grade:
            grades[area] = grade
    if "overall_effectiveness" in cells:
        values["overall_effectiveness"] = _grade(
            cell("overall_effectiveness"), column("overall_effectiveness"), GRADE_VALUES
        )
    effective = cell("safeguarding_effective")
    if not _blank(effective):
        values["safeguarding"] = _safeguarding(effective, column("safeguarding_effective"))
    if "outcome" in cells:
        values["outcome"] = _text(cell("outcome"), column("outcome"), "outcome")

    kind = f"{cell('type_grouping')} {values['inspection_type']}".casefold()
    if "monitoring" in kind or "urgent" in kind:
        values["framework"] = Framework.MONITORING
    elif is_report_card:
        values["framework"] = Framework.REPORT_CARD
    elif values["overall_effectiveness"]:
        values["framework"] = Framework.GRADED
    elif NO_OVERALL_GRADE_FROM <= started_on < REPORT_CARDS_FROM:
        # From September 2024 graded inspections gave key judgements but no overall grade.
        values["framework"] = Framework.GRADED_NO_OVERALL
    else:
        # Before September 2024 a graded inspection had an overall grade, and from
        # 10 November 2025 a report card has graded areas: guessing would move the
        # school into the wrong bucket of the borough's figures.
        raise RowError(
            f"inspection {number} of {started_on:%d/%m/%Y} gives no overall effectiveness "
            "and no report-card grades"
        )
    if values["overall_effectiveness"] and values["framework"] != Framework.GRADED:
        raise RowError(
            f"inspection {number} has an overall effectiveness grade but is a "
            f"{Framework(values['framework']).label.lower()}"
        )
    return number, values, grades


def _urn(text: str) -> int:
    if not text:
        raise RowError("URN is blank")
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_URN:
        raise RowError(f"URN {text!r} is not a URN")
    return int(text)


def _web_link(raw: list[str], fields: dict[str, int]) -> str:
    index = fields.get("web_link")
    link = raw[index].strip() if index is not None else ""
    # The link is the school's page on Ofsted's site; anything else is left out.
    if link.startswith(("http://", "https://")) and len(link) <= _MAX["report_url"]:
        return link
    return ""


def read_ofsted_file(path: str | Path, school_ids: dict[int, int]) -> ParsedFile:
    """Read and check one file against the register (URN -> school id), writing nothing."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise OfstedFileError(f"cannot read the file: {exc.strerror or exc}") from None
    summary = ImportSummary(file_name=path.name)
    reader = csv.reader(io.StringIO(decode(data), newline=""))
    header: list[str] = []
    try:
        # Some published files open with a title line above the header.
        for _ in range(3):
            header = next(reader)
            if any(name.strip() == "URN" for name in header):
                break
    except StopIteration:
        if not header:
            raise OfstedFileError("the file is empty") from None
    except csv.Error as exc:
        raise OfstedFileError(f"this is not a readable CSV file: {exc}") from None
    fields, summary.ignored_columns = _header_columns(header)
    _check_header(fields, header)
    width = max(fields.values()) + 1
    blocks = [
        _block_columns(block, fields, header) for block in BLOCKS if f"{block}.number" in fields
    ]

    inspections: dict[str, tuple[int, int, dict, dict]] = {}
    line = reader.line_num + 1
    try:
        for raw in reader:
            this_line, line = line, reader.line_num + 1
            summary.rows += 1
            if len(raw) < width:
                if not any(v.strip() for v in raw):
                    summary.rows -= 1  # a blank line, as spreadsheets leave at the end
                    continue
                raw = raw + [""] * (width - len(raw))
            urn_text = raw[fields["urn"]].strip()
            try:
                urn = _urn(urn_text)
                found = [_inspection(raw, block) for block in blocks]
                found = [inspection for inspection in found if inspection]
                _check_repeats(found, inspections, urn)
            except RowError as exc:
                summary.error(this_line, urn_text, str(exc))
                continue
            if urn not in school_ids:
                summary.not_in_register.append((this_line, urn_text))
                summary.skip("URN not in the register")
                continue
            link = _web_link(raw, fields)
            for number, values, grades in found:
                values["report_url"] = link
                values["school_id"] = school_ids[urn]
                if number not in inspections:
                    inspections[number] = (this_line, urn, values, grades)
                    summary.by_framework[values["framework"]] += 1
    except csv.Error as exc:
        raise OfstedFileError(f"line {line}: the CSV is malformed: {exc}") from None
    return ParsedFile(path, hashlib.sha256(data).hexdigest(), summary, inspections)


def _check_repeats(found: list[tuple], inspections: dict, urn: int) -> None:
    """An inspection number may appear twice only with the same school and outcome."""
    seen = {}
    for number, values, grades in found:
        earlier = seen.get(number) or inspections.get(number)
        if earlier is None:
            seen[number] = (0, urn, values, grades)
            continue
        line, earlier_urn, earlier_values, earlier_grades = earlier
        where = f"on line {line}" if line else "earlier in this row"
        if earlier_urn != urn:
            raise RowError(f"inspection {number} is already given to URN {earlier_urn} {where}")
        added = ("report_url", "school_id")
        same = {k: v for k, v in earlier_values.items() if k not in added} == values
        if not same or earlier_grades != grades:
            raise RowError(f"inspection {number} appears again with other values ({where})")


# --- writing -----------------------------------------------------------------------------

COMPARED = [
    "school_id",
    "framework",
    "inspection_type",
    "started_on",
    "ended_on",
    "published_on",
    "overall_effectiveness",
    "category_of_concern",
    "outcome",
    "safeguarding",
    "report_url",
    "source",
]


def _register() -> dict[int, int]:
    return dict(School.objects.values_list("urn", "id"))


def _current(numbers: Iterable[str]) -> tuple[dict[str, tuple], dict[str, dict[str, str]]]:
    """What the database holds for these inspection numbers: fields, and grades by area."""
    numbers = list(numbers)
    inspections = SchoolInspection.objects.all()
    judgements = InspectionJudgement.objects.all()
    if len(numbers) < 5000:
        # For a national file one scan of the table beats a 50,000-value IN list.
        inspections = inspections.filter(inspection_number__in=numbers)
        judgements = judgements.filter(inspection__inspection_number__in=numbers)
    current = {row[0]: row[1:] for row in inspections.values_list("inspection_number", *COMPARED)}
    grades: dict[str, dict[str, str]] = defaultdict(dict)
    for number, area, grade in judgements.values_list(
        "inspection__inspection_number", "area", "grade"
    ):
        grades[number][area] = grade
    return current, grades


def _write(parsed: ParsedFile) -> None:
    summary = parsed.summary
    current, current_grades = _current(parsed.inspections)
    now = timezone.now()
    changed, regraded = [], {}
    for number, (_, _, values, grades) in parsed.inspections.items():
        row = {"source": SchoolInspection.Source.IMPORT, **values}
        new = tuple(row[name] for name in COMPARED)
        old = current.get(number)
        if old == new and current_grades.get(number, {}) == grades:
            summary.unchanged += 1
            continue
        if old is None:
            summary.created += 1
        else:
            summary.updated += 1
        changed.append({"inspection_number": number, "created_at": now, "updated_at": now, **row})
        regraded[number] = grades
    upsert(
        SchoolInspection,
        changed,
        unique_field="inspection_number",
        update_fields=[*COMPARED, "updated_at"],
    )
    if regraded:
        ids = dict(
            (
                SchoolInspection.objects.filter(inspection_number__in=list(regraded))
                if len(regraded) < 5000
                else SchoolInspection.objects.all()
            ).values_list("inspection_number", "id")
        )
        updated_ids = [ids[number] for number in regraded if number in current]
        for start in range(0, len(updated_ids), 5000):
            InspectionJudgement.objects.filter(
                inspection_id__in=updated_ids[start : start + 5000]
            ).delete()
        _insert_judgements(
            [
                (ids[number], area, grade)
                for number, grades in regraded.items()
                for area, grade in grades.items()
            ]
        )
    OfstedImport.objects.create(
        file_name=parsed.path.name,
        sha256=parsed.sha256,
        finished_at=timezone.now(),
        rows=summary.rows,
        created=summary.created,
        updated=summary.updated,
        unchanged=summary.unchanged,
        skipped=summary.skipped,
        summary="\n".join(summary.lines()),
    )


def _insert_judgements(rows: list[tuple[int, str, str]]) -> None:
    """Plain insert of (inspection id, area, grade): COPY on PostgreSQL."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        InspectionJudgement.objects.bulk_create(
            [InspectionJudgement(inspection_id=i, area=a, grade=g) for i, a, g in rows],
            batch_size=1000,
        )
        return
    opts = InspectionJudgement._meta
    columns = [opts.get_field(name).column for name in ("inspection", "area", "grade")]
    buffer = io.StringIO("".join(f"{i}\t{a}\t{g}\n" for i, a, g in rows))
    with connection.cursor() as cursor:
        # Names from the model's own metadata; values are ids and choice values.
        cursor.copy_expert(
            f"COPY {connection.ops.quote_name(opts.db_table)} "
            f"({', '.join(connection.ops.quote_name(c) for c in columns)}) FROM STDIN",
            buffer,
        )


def import_ofsted_files(paths: Sequence[str | Path]) -> list[ImportSummary]:
    """Import Ofsted management-information CSVs in order; see the module docstring.

    Every file is read and checked before anything is written, and all are written
    in one transaction: a file that cannot be imported changes nothing.
    """
    school_ids = _register()
    parsed = []
    for path in paths:
        try:
            parsed.append(read_ofsted_file(path, school_ids))
        except OfstedFileError as exc:
            raise OfstedFileError(f"{path}: {exc}") from None
    with transaction.atomic():
        for one in parsed:
            _write(one)
    return [one.summary for one in parsed]


def import_ofsted_file(path: str | Path) -> ImportSummary:
    """Import one Ofsted management-information CSV."""
    return import_ofsted_files([path])[0]
