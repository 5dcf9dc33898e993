"""The GIAS import, on files in the published shape and on real extracts."""

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from schools.categories import Category, Status, category_for_type
from schools.demo.seed import DEMO_GIAS_FILE
from schools.gias import REQUIRED_COLUMNS, GiasFileError, import_gias_file
from schools.models import GiasImport, LocalAuthority, School

DATA = Path(__file__).resolve().parents[1] / "data" / "gias"
SAMPLE_2024 = DATA / "edubasealldata_8_row_sample_2024.csv"
SURREY_2021 = DATA / "surrey_936_open_establishments_2021-04.csv"
WANDSWORTH_6_COLUMNS = DATA / "edubasealldata20240617_LA212_Wandsworth_6cols.csv"

pytestmark = pytest.mark.django_db


def read_gias(path: Path, encoding: str = "cp1252") -> tuple[list[str], list[list[str]]]:
    with path.open(encoding=encoding, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write_gias(path: Path, header, rows, encoding: str = "cp1252", bom: bool = False) -> Path:
    """Write rows as GIAS publishes them: every field quoted, CRLF."""
    out = io.StringIO(newline="")
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows([header, *rows])
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding))
    return path


def hand_count(path: Path, encoding: str = "cp1252") -> Counter:
    """Categories counted from the CSV's type column with the mapping table."""
    header, rows = read_gias(path, encoding)
    column = header.index("TypeOfEstablishment (name)")
    return Counter(category_for_type(row[column]) or Category.OTHER for row in rows)


def database_snapshot() -> list[tuple]:
    return list(School.objects.order_by("urn").values_list())


def test_demo_file_is_in_the_published_shape():
    data = DEMO_GIAS_FILE.read_bytes()
    header, rows = read_gias(DEMO_GIAS_FILE)
    assert len(header) == 140
    assert all(len(row) == 140 for row in rows)
    assert data.count(b"\r\n") == len(rows) + 1
    assert b"\x92" in data  # a Windows-1252 right single quote, as GIAS writes it


def test_demo_file_gives_the_hand_counted_categories():
    summary = import_gias_file(DEMO_GIAS_FILE)

    expected = hand_count(DEMO_GIAS_FILE)
    counted = Counter(School.objects.values_list("category", flat=True))
    assert counted == expected
    assert summary.created == sum(expected.values()) == School.objects.count()
    assert set(counted) == set(Category)  # every category is in the demo borough


def test_curly_apostrophes_and_accents_survive_windows_1252():
    import_gias_file(DEMO_GIAS_FILE)

    names = list(School.objects.values_list("name", flat=True))
    assert any("’" in name for name in names)
    assert any(ch in name for name in names for ch in "éèôîá")
    assert not any("\x92" in name or "Ã" in name for name in names)


def test_reimporting_the_same_file_changes_nothing():
    import_gias_file(DEMO_GIAS_FILE)
    before = database_snapshot()

    summary = import_gias_file(DEMO_GIAS_FILE)

    assert (summary.created, summary.updated) == (0, 0)
    assert summary.unchanged == len(before)
    assert database_snapshot() == before


def test_utf8_with_and_without_bom_reads_like_windows_1252(tmp_path):
    import_gias_file(DEMO_GIAS_FILE)
    header, rows = read_gias(DEMO_GIAS_FILE)

    for bom in (False, True):
        path = write_gias(tmp_path / f"utf8-{bom}.csv", header, rows, "utf-8", bom=bom)
        summary = import_gias_file(path)
        assert (summary.created, summary.updated, summary.unchanged) == (0, 0, len(rows))


def test_a_changed_row_is_updated_and_reported(tmp_path):
    import_gias_file(DEMO_GIAS_FILE)
    header, rows = read_gias(DEMO_GIAS_FILE)
    urn, name = header.index("URN"), header.index("EstablishmentName")
    rows[0][name] = "Renamed Primary School"

    summary = import_gias_file(write_gias(tmp_path / "changed.csv", header, rows))

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, len(rows) - 1)
    assert School.objects.get(urn=rows[0][urn]).name == "Renamed Primary School"


def test_schools_that_leave_the_file_are_kept(tmp_path):
    import_gias_file(DEMO_GIAS_FILE)
    header, rows = read_gias(DEMO_GIAS_FILE)

    import_gias_file(write_gias(tmp_path / "fewer.csv", header, rows[:10]))

    assert School.objects.count() == len(rows)


def test_a_bad_date_is_reported_by_line_and_urn_and_the_rest_go_in(tmp_path):
    header, rows = read_gias(DEMO_GIAS_FILE)
    rows[4][header.index("OpenDate")] = "31-02-2019"
    bad_urn = rows[4][header.index("URN")]

    summary = import_gias_file(write_gias(tmp_path / "bad-date.csv", header, rows))

    assert summary.errors == [
        (6, bad_urn, "OpenDate '31-02-2019' is not a date in the form DD-MM-YYYY")
    ]
    assert f"  line 6 (URN {bad_urn}): OpenDate '31-02-2019'" in "\n".join(summary.lines())
    assert summary.created == len(rows) - 1
    assert not School.objects.filter(urn=bad_urn).exists()


def test_blank_and_duplicate_urns_are_reported(tmp_path):
    header, rows = read_gias(DEMO_GIAS_FILE)
    urn = header.index("URN")
    rows[1][urn] = ""
    rows[3][urn] = rows[2][urn]

    summary = import_gias_file(write_gias(tmp_path / "urns.csv", header, rows))

    assert [(line, message) for line, _, message in summary.errors] == [
        (3, "URN is blank"),
        (5, f"URN {rows[2][urn]} appears again (first on line 4)"),
    ]
    assert summary.skipped == 2


def test_an_unknown_type_is_imported_as_other_with_a_warning(tmp_path):
    header, rows = read_gias(DEMO_GIAS_FILE)
    rows[0][header.index("TypeOfEstablishment (name)")] = "Hover school"

    summary = import_gias_file(write_gias(tmp_path / "unknown-type.csv", header, rows))

    school = School.objects.get(urn=rows[0][header.index("URN")])
    assert school.category == Category.OTHER
    assert school.gias_type == "Hover school"
    assert (
        "warning: unknown establishment type 'Hover school' imported as 'other' (1 rows; lines 2)"
        in ("\n".join(summary.lines()))
    )


def test_la_option_imports_only_those_local_authorities():
    summary = import_gias_file(SAMPLE_2024, la_codes=["212"])

    assert list(School.objects.values_list("urn", flat=True)) == [101077]
    assert summary.skipped == 7
    assert summary.skipped_reasons == {"local authority not among those asked for (--la)": 7}


def test_real_2024_sample_in_todays_140_columns():
    summary = import_gias_file(SAMPLE_2024)

    assert summary.created == 8 and not summary.errors and not summary.unknown_types
    aldgate = School.objects.get(urn=100000)
    assert aldgate.local_authority.code == "201"
    assert aldgate.category == Category.MAINTAINED and aldgate.is_state_funded
    assert aldgate.capacity == 271 and aldgate.ofsted_rating == "Outstanding"
    assert str(aldgate.ofsted_last_inspected_on) == "2013-04-19"
    statuses = Counter(School.objects.values_list("status", flat=True))
    assert statuses[Status.OPEN_PROPOSED_TO_CLOSE] == 1
    overseas = School.objects.get(gias_type="British schools overseas")
    assert overseas.category == Category.OTHER and not overseas.is_state_funded
    assert School.objects.get(urn=101077).local_authority.name == "Wandsworth"


def test_real_surrey_extract_of_2021_in_110_columns():
    summary = import_gias_file(SURREY_2021)

    assert summary.created == 590 and not summary.errors and not summary.unknown_types
    counted = Counter(School.objects.values_list("category", flat=True))
    assert counted == hand_count(SURREY_2021, encoding="utf-8")
    assert LocalAuthority.objects.get().code == "936"
    assert import_gias_file(SURREY_2021).unchanged == 590


def test_a_file_missing_required_columns_stops_and_changes_nothing(tmp_path):
    import_gias_file(SAMPLE_2024)
    before = database_snapshot()
    header, rows = read_gias(DEMO_GIAS_FILE)
    drop = header.index("TypeOfEstablishment (name)")
    rows = [row[:drop] + row[drop + 1 :] for row in rows]
    path = write_gias(tmp_path / "no-type.csv", header[:drop] + header[drop + 1 :], rows)

    with pytest.raises(GiasFileError, match=r"missing: TypeOfEstablishment \(name\)"):
        import_gias_file(path)

    assert database_snapshot() == before
    assert GiasImport.objects.count() == 1


def test_the_real_6_column_extract_is_refused_by_name():
    with pytest.raises(CommandError) as raised:
        call_command("import_gias", str(WANDSWORTH_6_COLUMNS))

    message = str(raised.value)
    assert "LA (code), TypeOfEstablishment (name)" in message
    assert "Nothing was changed" in message
    assert not School.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",  # an image
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",  # a spreadsheet (xlsx)
        b"",  # nothing at all
        b"Dear colleague,\nplease find the list attached.\n",  # a letter
    ],
)
def test_a_file_that_is_not_a_gias_csv_stops_and_changes_nothing(tmp_path, content):
    import_gias_file(SAMPLE_2024)
    before = database_snapshot()
    path = tmp_path / "upload.csv"
    path.write_bytes(content)

    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("import_gias", str(path))

    assert database_snapshot() == before


def test_command_prints_the_summary(capsys):
    call_command("import_gias", str(SAMPLE_2024))

    out = capsys.readouterr().out
    assert "edubasealldata_8_row_sample_2024.csv: 8 rows read" in out
    assert "created 8, updated 0, unchanged 0, skipped 0" in out


def test_rows_longer_than_the_header_and_trailing_blank_lines_are_read(tmp_path):
    header, rows = read_gias(DEMO_GIAS_FILE)
    rows = [row + ["an extra field"] for row in rows[:3]] + [[]]
    summary = import_gias_file(write_gias(tmp_path / "ragged.csv", header, rows))

    assert (summary.rows, summary.created, summary.skipped) == (3, 3, 0)


def test_c1_control_characters_are_read_as_windows_1252(tmp_path):
    header, rows = read_gias(SAMPLE_2024, encoding="utf-8")
    rows[0][header.index("EstablishmentName")] = "St Cleopas\u0092 Church of England Primary"

    import_gias_file(write_gias(tmp_path / "c1.csv", header, rows[:1], "utf-8"))

    assert School.objects.get().name == "St Cleopas’ Church of England Primary"


def test_every_type_gias_publishes_has_a_category():
    with (DATA / "establishment-types-20250422.csv").open(newline="") as f:
        types = {row["type-of-establishment-name"] for row in csv.DictReader(f)}

    unmapped = sorted(name for name in types if category_for_type(name) is None)
    assert unmapped == []


@pytest.mark.parametrize(
    ("older_spelling", "category"),
    [
        ("Community School", Category.MAINTAINED),
        ("Academy 16-19 Sponsor Led", Category.ACADEMY),
        ("Free Schools - 16-19", Category.FREE),
        ("Free Schools - Alternative Provision", Category.FREE),
        ("LA Nursery School", Category.MAINTAINED),
        ("Service Childrens Education", Category.OTHER),
        ("Special Post 16 Institution", Category.FE),
        ("Non-Maintained Special School", Category.INDEPENDENT),
        ("Other Independent School", Category.INDEPENDENT),
        ("Sixth Form Centres", Category.FE),
    ],
)
def test_older_spellings_map_like_todays(older_spelling, category):
    assert category_for_type(older_spelling) == category


def test_a_file_with_only_the_required_columns_creates_schools(tmp_path):
    header, rows = read_gias(DEMO_GIAS_FILE)
    keep = [header.index(name) for name in REQUIRED_COLUMNS]
    path = write_gias(
        tmp_path / "trimmed.csv",
        [header[i] for i in keep],
        [[row[i] for i in keep] for row in rows[:5]],
    )

    summary = import_gias_file(path)

    assert summary.created == 5 and not summary.errors
    assert set(School.objects.values_list("postcode", flat=True)) == {""}


def test_a_trimmed_file_leaves_the_columns_it_lacks_alone(tmp_path):
    import_gias_file(DEMO_GIAS_FILE)
    before = dict(School.objects.values_list("urn", "postcode"))
    header, rows = read_gias(DEMO_GIAS_FILE)
    keep = [header.index(name) for name in REQUIRED_COLUMNS]

    trimmed = [[row[i] for i in keep] for row in rows]
    import_gias_file(write_gias(tmp_path / "t.csv", [header[i] for i in keep], trimmed))

    assert dict(School.objects.values_list("urn", "postcode")) == before


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            "SchoolSponsors (name)",
            "S" * 450,
            "SchoolSponsors (name) is 450 characters long",
        ),
        ("Postcode", "SW18 2AB SW18 2AB", "Postcode is 17 characters long"),
        ("NumberOfPupils", "99999999999", "NumberOfPupils 99999999999 is too large"),
        ("StatutoryHighAge", "40000", "StatutoryHighAge 40000 is too large"),
        ("URN", "99999999999", "URN '99999999999' is not a URN"),
        ("URN", "²", "URN '²' is not a URN"),
        ("LA (code)", "2121", "LA (code) '2121' is longer than 3 characters"),
    ],
)
def test_a_value_that_does_not_fit_is_one_bad_row(tmp_path, column, value, message):
    header, rows = read_gias(DEMO_GIAS_FILE)
    rows[2][header.index(column)] = value

    summary = import_gias_file(write_gias(tmp_path / "bad.csv", header, rows, "utf-8"))

    assert [(line, text[: len(message)]) for line, _, text in summary.errors] == [(4, message)]
    assert summary.created == len(rows) - 1
