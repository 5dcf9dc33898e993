"""Import of the DfE's Get Information about Schools (GIAS) establishment file.

`import_gias_file()` reads a CSV as GIAS publishes it (Windows-1252, or UTF-8
with or without a BOM; columns matched by header name, never by position),
and upserts schools by URN in bulk inside one transaction:

- a file that is not a CSV, or lacks a required column, raises GiasFileError
  before anything is written;
- a bad row (an unparseable date, a missing URN) is reported with its line
  number and URN and skipped; the other rows go in;
- an unknown establishment type is imported as category "other" with a warning;
- re-importing the same file creates and updates nothing;
- schools that leave the file are kept (GIAS lists closed schools with their
  status; a missing row is no evidence of anything).
"""

import codecs
import csv
import hashlib
import io
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from council_portal import importing
from council_portal.bulk import upsert
from webhooks.events import emit

from . import places
from .categories import Category, category_for_type, status_for_name
from .models import GiasImport, LocalAuthority, School

REQUIRED_COLUMNS = (
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)",
)

NOT_APPLICABLE = frozenset({"not applicable", "does not apply"})


class GiasFileError(Exception):
    """The file as a whole cannot be imported; nothing was changed."""


class RowError(ValueError):
    """One row cannot be imported; the message says why."""


def _text(value: str, column: str) -> str:
    return value.strip()


def _text_or_blank(value: str, column: str) -> str:
    """GIAS writes "Not applicable" where there is nothing to say."""
    value = value.strip()
    return "" if value.casefold() in NOT_APPLICABLE else value


def _date(value: str, column: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    # DD-MM-YYYY as GIAS writes it, without strptime's cost on 200,000 dates.
    if len(value) == 10 and value[2] == "-" and value[5] == "-":
        try:
            return date(int(value[6:]), int(value[3:5]), int(value[:2]))
        except ValueError:
            pass
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise RowError(f"{column} {value!r} is not a date in the form DD-MM-YYYY")


def _count(value: str, column: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise RowError(f"{column} {value!r} is not a whole number") from None
    if number < 0:
        raise RowError(f"{column} {value!r} is negative")
    return number


# School field <- GIAS column, parser. Columns a file lacks leave the field alone.
FIELD_COLUMNS: list[tuple[str, str, Callable[[str, str], object]]] = [
    ("establishment_number", "EstablishmentNumber", _text),
    ("name", "EstablishmentName", _text),
    ("gias_type", "TypeOfEstablishment (name)", _text),
    ("gias_type_group", "EstablishmentTypeGroup (name)", _text),
    ("further_education_type", "FurtherEducationType (name)", _text_or_blank),
    ("phase", "PhaseOfEducation (name)", _text),
    ("opened_on", "OpenDate", _date),
    ("opening_reason", "ReasonEstablishmentOpened (name)", _text_or_blank),
    ("closed_on", "CloseDate", _date),
    ("closing_reason", "ReasonEstablishmentClosed (name)", _text_or_blank),
    ("statutory_low_age", "StatutoryLowAge", _count),
    ("statutory_high_age", "StatutoryHighAge", _count),
    ("gender", "Gender (name)", _text),
    ("religious_character", "ReligiousCharacter (name)", _text),
    ("street", "Street", _text),
    ("locality", "Locality", _text),
    ("address3", "Address3", _text),
    ("town", "Town", _text),
    ("county", "County (name)", _text_or_blank),
    ("postcode", "Postcode", _text),
    ("website", "SchoolWebsite", _text),
    ("telephone", "TelephoneNum", _text),
    ("trust", "Trusts (name)", _text_or_blank),
    ("sponsor", "SchoolSponsors (name)", _text_or_blank),
    ("number_of_pupils", "NumberOfPupils", _count),
    ("capacity", "SchoolCapacity", _count),
    ("head_title", "HeadTitle (name)", _text_or_blank),
    ("head_first_name", "HeadFirstName", _text),
    ("head_last_name", "HeadLastName", _text),
    ("head_job_title", "HeadPreferredJobTitle", _text),
    ("ofsted_rating", "OfstedRating (name)", _text),
    ("ofsted_last_inspected_on", "OfstedLastInsp", _date),
    ("ukprn", "UKPRN", _text),
    ("gias_last_changed_on", "LastChangedDate", _date),
]


@dataclass
class ImportSummary(importing.ImportSummary):
    unknown_types: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_category: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        """The summary as printed by `manage.py import_gias`."""
        out = [
            f"{self.file_name}: {self.rows} rows read",
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, skipped {self.skipped}",
            *self.skipped_lines(),
        ]
        for type_name, lines in sorted(self.unknown_types.items()):
            shown = ", ".join(str(n) for n in lines[:10]) + (", …" if len(lines) > 10 else "")
            out.append(
                f"  warning: unknown establishment type {type_name!r} imported as "
                f"'other' ({len(lines)} rows; lines {shown})"
            )
        return out


# C1 control characters in text that was decoded as ISO-8859-1 but written as
# Windows-1252 (U+0092 for a right single quote): map them back.
_C1_FIX = {
    chr(code): bytes([code]).decode("cp1252")
    for code in range(0x80, 0xA0)
    if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_C1 = re.compile("[" + "".join(_C1_FIX) + "]")


def decode(data: bytes) -> str:
    """Text of a GIAS file: UTF-8 (with or without BOM) if it is valid UTF-8, else Windows-1252."""
    if b"\x00" in data[:65536]:
        raise GiasFileError("this is not a CSV file: it contains binary data")
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    return _C1.sub(lambda match: _C1_FIX[match.group()], text)


def read_rows(text: str) -> tuple[dict[str, int], Iterable[tuple[int, list[str]]]]:
    """The header's column positions and an iterator of (line number, fields)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise GiasFileError("the file is empty") from None
    except csv.Error as exc:
        raise GiasFileError(f"this is not a readable CSV file: {exc}") from None
    columns = {name.strip(): index for index, name in enumerate(header)}
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        found = ", ".join(header[:6]) + (", …" if len(header) > 6 else "")
        raise GiasFileError(
            "this is not a GIAS establishment file: required column"
            f"{'s' if len(missing) > 1 else ''} missing: {', '.join(missing)} "
            f"(found {len(header)} column{'s' if len(header) != 1 else ''}: {found})"
        )

    def rows():
        line = reader.line_num + 1
        try:
            for fields in reader:
                yield line, fields
                line = reader.line_num + 1
        except csv.Error as exc:
            raise GiasFileError(f"line {line}: the CSV is malformed: {exc}") from None

    return columns, rows()


def import_gias_file(path: str | Path, *, la_codes: Iterable[str] | None = None) -> ImportSummary:
    """Import a GIAS establishment CSV; see the module docstring for the rules."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GiasFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    summary = ImportSummary(file_name=path.name)
    columns, rows = read_rows(decode(data))
    wanted_las = {code.strip() for code in la_codes} if la_codes else None
    present = [(f, columns[c], parse, c) for f, c, parse in FIELD_COLUMNS if c in columns]
    fields = [f for f, *_ in present]
    pos = {name: columns[name] for name in REQUIRED_COLUMNS}
    width = max(columns.values()) + 1

    parsed: dict[int, dict] = {}
    first_line: dict[int, int] = {}
    la_names: dict[str, str] = {}
    for line, raw in rows:
        summary.rows += 1
        if len(raw) < width:
            if not any(v.strip() for v in raw):
                summary.rows -= 1  # a blank line, as spreadsheets leave at the end
                continue
            raw = raw + [""] * (width - len(raw))
        urn_text = raw[pos["URN"]].strip()
        la_code = raw[pos["LA (code)"]].strip()
        if wanted_las is not None and la_code not in wanted_las:
            summary.skip("local authority not among those asked for (--la)")
            continue
        try:
            values = _parse_row(raw, present, pos, urn_text, la_code)
        except RowError as exc:
            summary.error(line, urn_text, str(exc))
            continue
        urn = values.pop("urn")
        if urn in parsed:
            summary.error(
                line, urn_text, f"URN {urn} appears again (first on line {first_line[urn]})"
            )
            continue
        if values["category"] is None:
            summary.unknown_types[values["gias_type"]].append(line)
            values["category"] = Category.OTHER
        la_names[la_code] = raw[pos["LA (name)"]].strip()
        parsed[urn] = values
        first_line[urn] = line
        summary.by_category[values["category"]] += 1

    with transaction.atomic():
        la_ids = _local_authority_ids(la_names)
        _upsert(parsed, fields, la_ids, summary)
        # The places figures of this file's date, for trends (see schools.places).
        places.record_snapshot(
            file_name=path.name, urns=parsed, la_ids=la_ids.values(), columns=fields
        )
        GiasImport.objects.create(
            file_name=path.name,
            sha256=hashlib.sha256(data).hexdigest(),
            finished_at=timezone.now(),
            rows=summary.rows,
            created=summary.created,
            updated=summary.updated,
            unchanged=summary.unchanged,
            skipped=summary.skipped,
            summary="\n".join(summary.lines()),
        )
    return summary


# What the register's columns hold, so a value too long or too large is one bad row
# reported by line, not a database error that stops the whole import.
MAX_INTEGER = 2_147_483_647
LA_CODE_LENGTH = LocalAuthority._meta.get_field("code").max_length
_LIMITS = {
    field.name: (field.max_length, 32_767 if "Small" in field.get_internal_type() else MAX_INTEGER)
    for field in School._meta.concrete_fields
}


def _fitting(name: str, value, column: str):
    max_length, max_number = _LIMITS[name]
    if isinstance(value, str) and max_length and len(value) > max_length:
        raise RowError(f"{column} is {len(value)} characters long; the register keeps {max_length}")
    if isinstance(value, int) and value > max_number:
        raise RowError(f"{column} {value} is too large")
    return value


def _parse_row(raw, present, pos, urn_text: str, la_code: str) -> dict:
    if not urn_text:
        raise RowError("URN is blank")
    if not (urn_text.isascii() and urn_text.isdigit()) or int(urn_text) > MAX_INTEGER:
        raise RowError(f"URN {urn_text!r} is not a URN")
    if not la_code:
        raise RowError("LA (code) is blank")
    if len(la_code) > LA_CODE_LENGTH:
        raise RowError(f"LA (code) {la_code!r} is longer than {LA_CODE_LENGTH} characters")
    status_name = raw[pos["EstablishmentStatus (name)"]].strip()
    status = status_for_name(status_name)
    if status is None:
        raise RowError(f"EstablishmentStatus (name) {status_name!r} is not a GIAS status")
    values = {"urn": int(urn_text), "status": status, "la_code": la_code}
    for name, index, parse, column in present:
        values[name] = _fitting(name, parse(raw[index], column), column)
    if not values["name"]:
        raise RowError("EstablishmentName is blank")
    values["category"] = category_for_type(values["gias_type"])
    return values


def _local_authority_ids(names: dict[str, str]) -> dict[str, int]:
    existing = {la.code: la for la in LocalAuthority.objects.filter(code__in=names)}
    LocalAuthority.objects.bulk_create(
        [
            LocalAuthority(code=code, name=name)
            for code, name in names.items()
            if code not in existing
        ]
    )
    renamed = [la for code, la in existing.items() if names[code] and la.name != names[code]]
    for la in renamed:
        la.name = names[la.code]
    LocalAuthority.objects.bulk_update(renamed, ["name"])
    return dict(LocalAuthority.objects.filter(code__in=names).values_list("code", "id"))


_ABSENT_DEFAULTS = {
    name: School._meta.get_field(name).get_default() for name, _, _ in FIELD_COLUMNS
}


def _upsert(parsed: dict[int, dict], fields: list[str], la_ids: dict, summary) -> None:
    compared = ["local_authority_id", "category", "status", *fields]
    current = {
        row[0]: row[1:]
        for row in School.objects.filter(urn__in=list(parsed)).values_list("urn", *compared)
    } if len(parsed) < 5000 else {
        # For a national file one scan of the table beats a 50,000-value IN list.
        row[0]: row[1:] for row in School.objects.values_list("urn", *compared)
    }  # fmt: skip
    now = timezone.now()
    changed = []
    for urn, values in parsed.items():
        values["local_authority_id"] = la_ids[values.pop("la_code")]
        new = tuple(values[name] for name in compared)
        old = current.get(urn)
        if old == new:
            summary.unchanged += 1
            continue
        if old is None:
            summary.created += 1
        else:
            summary.updated += 1
        changed.append(
            {**_ABSENT_DEFAULTS, "urn": urn, "created_at": now, "updated_at": now, **values}
        )
    # New and changed schools alike: created_at, and the fields of columns this file
    # lacks, are kept on conflict; a new school gets their defaults.
    upsert(School, changed, unique_field="urn", update_fields=[*compared, "updated_at"])
    emit("school.updated", School.objects.filter(urn__in=[row["urn"] for row in changed]))
