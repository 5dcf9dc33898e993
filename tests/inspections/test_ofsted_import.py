"""The Ofsted import, on the demo file and on samples in the published shapes."""

import csv
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections.demo import DEMO_OFSTED_FILE
from inspections.grades import Area, Framework, Grade, ReportCardGrade, Safeguarding
from inspections.models import InspectionJudgement, OfstedImport, SchoolInspection
from inspections.ofsted import OfstedFileError, import_ofsted_file, import_ofsted_files
from schools.demo.seed import DEMO_GIAS_FILE
from schools.gias import import_gias_file

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "ofsted"
SURREY_GIAS = REPO / "tests" / "data" / "gias" / "surrey_936_open_establishments_2021-04.csv"
LATEST_2025 = DATA / "latest_inspections_2025-08_surrey_sample.csv"
LATEST_2026 = DATA / "latest_inspections_2026-01_surrey_sample.csv"
IN_YEAR_2026 = DATA / "in_year_inspections_2026-01_surrey_sample.csv"

pytestmark = pytest.mark.django_db

GRADE_WORDS = {"1": "outstanding", "2": "good", "3": "requires_improvement", "4": "inadequate"}


def read_csv(path: Path, encoding: str) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding=encoding, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write_csv(path: Path, header, rows, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows([header, *rows])
    return path


def snapshot() -> tuple[list, list]:
    return (
        list(SchoolInspection.objects.order_by("inspection_number").values_list()),
        list(InspectionJudgement.objects.order_by("id").values_list()),
    )


@pytest.fixture
def demo_register():
    import_gias_file(DEMO_GIAS_FILE)


@pytest.fixture
def surrey_register():
    import_gias_file(SURREY_GIAS)


def hand_count_2026(path: Path) -> tuple[Counter, dict[str, Counter]]:
    """(framework, overall grade) counted from the CSV's own columns, and frameworks per URN."""
    with path.open(encoding="cp1252", newline="") as f:
        rows = list(csv.DictReader(f))
    outcomes, per_school = Counter(), {}
    for row in rows:
        school = per_school.setdefault(row["URN"], Counter())
        if row["Inspection number of latest full inspection"] != "NULL":
            outcomes["report_card", ""] += 1
            school["report_card"] += 1
        if row["Inspection number of latest OEIF graded inspection"] != "NULL":
            overall = row["Latest OEIF overall effectiveness"]
            framework = "graded" if overall in GRADE_WORDS else "graded_no_overall"
            outcomes[framework, GRADE_WORDS.get(overall, "")] += 1
            school[framework] += 1
        if row["Latest ungraded inspection number"] != "NULL":
            outcomes["ungraded", ""] += 1
            school["ungraded"] += 1
    return outcomes, per_school


def test_demo_file_gives_the_hand_counted_outcomes_per_framework_and_school(demo_register):
    summary = import_ofsted_file(DEMO_OFSTED_FILE)

    outcomes, per_school = hand_count_2026(DEMO_OFSTED_FILE)
    stored = Counter(SchoolInspection.objects.values_list("framework", "overall_effectiveness"))
    assert stored == outcomes
    stored_per_school = {}
    for urn, framework in SchoolInspection.objects.values_list("school__urn", "framework"):
        stored_per_school.setdefault(str(urn), Counter())[framework] += 1
    assert stored_per_school == per_school
    assert summary.created == sum(outcomes.values()) and not summary.errors
    assert summary.skipped == 0 and summary.ignored_columns == []


def test_demo_mix_is_the_councils_story(demo_register):
    import_ofsted_file(DEMO_OFSTED_FILE)

    graded = Counter(
        SchoolInspection.objects.filter(framework=Framework.GRADED).values_list(
            "overall_effectiveness", flat=True
        )
    )
    schools = SchoolInspection.objects.values("school").distinct().count()
    assert 0.40 <= graded[Grade.OUTSTANDING] / schools <= 0.50
    assert 0.40 <= graded[Grade.GOOD] / schools <= 0.55
    assert graded[Grade.REQUIRES_IMPROVEMENT] == 3 and graded[Grade.INADEQUATE] == 1
    frameworks = Counter(SchoolInspection.objects.values_list("framework", flat=True))
    assert frameworks[Framework.REPORT_CARD] == 6
    assert frameworks[Framework.GRADED_NO_OVERALL] == 2
    assert frameworks[Framework.UNGRADED] > 10


def test_reimporting_the_same_file_changes_nothing(demo_register):
    import_ofsted_file(DEMO_OFSTED_FILE)
    before = snapshot()

    summary = import_ofsted_file(DEMO_OFSTED_FILE)

    assert (summary.created, summary.updated) == (0, 0)
    assert summary.unchanged == len(before[0])
    assert snapshot() == before
    assert OfstedImport.objects.count() == 2


def test_the_import_runs_a_fixed_number_of_queries_whatever_the_rows(
    demo_register, surrey_register
):
    with CaptureQueriesContext(connection) as few:
        import_ofsted_file(LATEST_2025)
    with CaptureQueriesContext(connection) as many:
        import_ofsted_file(DEMO_OFSTED_FILE)

    assert len(many) == len(few) <= 15


def test_graded_inspections_of_2025_with_and_without_an_overall_grade(surrey_register):
    summary = import_ofsted_file(LATEST_2025)

    worplesdon = SchoolInspection.objects.get(inspection_number="10121788")
    assert worplesdon.school.urn == 125025
    assert worplesdon.framework == Framework.GRADED
    assert worplesdon.overall_effectiveness == Grade.GOOD
    assert str(worplesdon.started_on) == "2020-01-29" and str(worplesdon.published_on) == (
        "2020-03-02"
    )
    assert worplesdon.ended_on is None  # the 2025 files have no end dates
    assert worplesdon.safeguarding == Safeguarding.MET
    assert worplesdon.report_url.endswith("/provider/ELS/125025")
    assert dict(worplesdon.judgements.values_list("area", "grade")) == {
        Area.QUALITY_OF_EDUCATION: Grade.GOOD,
        Area.BEHAVIOUR_AND_ATTITUDES: Grade.GOOD,
        Area.PERSONAL_DEVELOPMENT: Grade.GOOD,
        Area.LEADERSHIP_AND_MANAGEMENT: Grade.GOOD,
        Area.EARLY_YEARS: Grade.GOOD,
    }  # sixth form "9": not applicable

    west_byfleet = SchoolInspection.objects.get(inspection_number="10345120")
    assert west_byfleet.framework == Framework.GRADED_NO_OVERALL
    assert west_byfleet.overall_effectiveness == ""
    assert west_byfleet.judgements.count() == 5
    assert set(west_byfleet.judgements.values_list("grade", flat=True)) == {Grade.OUTSTANDING}

    unified = SchoolInspection.objects.get(inspection_number="10319544")
    assert unified.overall_effectiveness == Grade.INADEQUATE
    assert unified.category_of_concern == "Special measures"
    assert unified.safeguarding == Safeguarding.NOT_MET

    kingswood = SchoolInspection.objects.filter(school__urn=124937)
    assert sorted(kingswood.values_list("framework", "overall_effectiveness", "outcome")) == [
        (Framework.GRADED, Grade.GOOD, ""),  # 2016, before the key judgements
        (Framework.GRADED, Grade.GOOD, ""),  # the previous, 2012
        (Framework.UNGRADED, "", "School remains Good"),
    ]
    assert not InspectionJudgement.objects.filter(inspection__school__urn=124937).exists()
    assert summary.by_framework == {
        Framework.GRADED: 15,
        Framework.GRADED_NO_OVERALL: 2,
        Framework.UNGRADED: 4,
    }


def test_a_school_not_in_the_register_is_skipped_and_reported_by_line(surrey_register):
    summary = import_ofsted_file(LATEST_2025)

    assert summary.not_in_register == [(9, "100000")]
    assert summary.skipped_reasons == {"URN not in the register": 1}
    assert "  not in the register: line 9 (URN 100000)" in summary.lines()
    assert not SchoolInspection.objects.filter(inspection_number="10253291").exists()


def test_report_cards_with_every_area_and_safeguarding(surrey_register):
    import_ofsted_file(LATEST_2025)
    summary = import_ofsted_file(LATEST_2026)

    card = SchoolInspection.objects.get(inspection_number="10402257")
    assert card.school.urn == 125025 and card.framework == Framework.REPORT_CARD
    assert card.overall_effectiveness == "" and card.safeguarding == Safeguarding.MET
    assert dict(card.judgements.values_list("area", "grade")) == {
        Area.INCLUSION: ReportCardGrade.STRONG_STANDARD,
        Area.CURRICULUM_AND_TEACHING: ReportCardGrade.EXPECTED_STANDARD,
        Area.ACHIEVEMENT: ReportCardGrade.EXPECTED_STANDARD,
        Area.ATTENDANCE_AND_BEHAVIOUR: ReportCardGrade.STRONG_STANDARD,
        Area.PERSONAL_DEVELOPMENT_AND_WELLBEING: ReportCardGrade.EXCEPTIONAL,
        Area.LEADERSHIP_AND_GOVERNANCE: ReportCardGrade.EXPECTED_STANDARD,
        Area.EARLY_YEARS: ReportCardGrade.STRONG_STANDARD,
    }
    sixth_form = SchoolInspection.objects.get(inspection_number="10403318")
    assert sixth_form.judgements.get(area=Area.SIXTH_FORM).grade == (
        ReportCardGrade.STRONG_STANDARD
    )
    # The same graded and ungraded inspections, now in the "Latest OEIF" columns.
    assert summary.created == 3 and summary.updated == 0
    assert summary.unchanged == 10 + 4  # the school outside the register is skipped again
    # The two scales live side by side, never converted.
    worplesdon = SchoolInspection.objects.filter(school__urn=125025).order_by("started_on")
    assert [i.framework for i in worplesdon] == [
        Framework.GRADED,
        Framework.GRADED,
        Framework.REPORT_CARD,
    ]


def test_monitoring_inspections_of_the_in_year_file(surrey_register):
    summaries = import_ofsted_files([LATEST_2026, IN_YEAR_2026])

    monitoring = SchoolInspection.objects.get(inspection_number="10406032")
    assert monitoring.framework == Framework.MONITORING
    assert monitoring.outcome == "Taking effective action"
    assert monitoring.category_of_concern == "Special measures"
    assert monitoring.inspection_type == "Monitoring inspection"
    assert not monitoring.judgements.exists()
    # The report cards of the in-year file are those of the latest-inspections file.
    assert (summaries[1].created, summaries[1].updated, summaries[1].unchanged) == (1, 0, 3)


def test_utf8_with_bom_and_windows_1252_read_alike(surrey_register):
    import_ofsted_file(LATEST_2026)

    assert SchoolInspection.objects.get(inspection_number="10403318").school.urn == 125275
    header, rows = read_csv(LATEST_2025, "cp1252")
    assert "St Martin’s CofE Controlled Primary School, Dorking" in {row[3] for row in rows}


def test_a_changed_grade_is_updated_and_reported(surrey_register, tmp_path):
    import_ofsted_file(LATEST_2025)
    header, rows = read_csv(LATEST_2025, "cp1252")
    rows[2][header.index("Quality of education")] = "2"
    rows[2][header.index("Overall effectiveness")] = "2"

    summary = import_ofsted_file(write_csv(tmp_path / "changed.csv", header, rows))

    assert (summary.created, summary.updated) == (0, 1)
    claygate = SchoolInspection.objects.get(inspection_number="10121603")
    assert claygate.overall_effectiveness == Grade.GOOD
    assert claygate.judgements.get(area=Area.QUALITY_OF_EDUCATION).grade == Grade.GOOD
    assert claygate.judgements.count() == 5


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            "Inspection start date",
            "31/02/2024",
            "Inspection start date '31/02/2024' is not a date in the form DD/MM/YYYY",
        ),
        (
            "Quality of education",
            "5",
            "Quality of education '5' is not a grade Ofsted uses (1-4)",
        ),
        ("URN", "12A456", "URN '12A456' is not a URN"),
        ("URN", "", "URN is blank"),
        (
            "Safeguarding is effective?",
            "Maybe",
            "Safeguarding is effective? 'Maybe' is not Yes/No or Met/Not met",
        ),
        (
            "Inspection start date",
            "",
            "Inspection start date is blank for inspection 10121603",
        ),
    ],
)
def test_a_bad_row_is_reported_by_line_and_urn_and_the_rest_go_in(
    surrey_register, tmp_path, column, value, message
):
    header, rows = read_csv(LATEST_2025, "cp1252")
    rows[2][header.index(column)] = value

    summary = import_ofsted_file(write_csv(tmp_path / "bad.csv", header, rows))

    assert summary.errors == [(4, value if column == "URN" else "125108", message)]
    assert f"  line 4 (URN {value if column == 'URN' else '125108'}" in "\n".join(summary.lines())
    assert not SchoolInspection.objects.filter(school__urn=125108).exists()
    assert SchoolInspection.objects.filter(school__urn=125025).exists()


def test_a_report_card_grade_off_its_scale_is_a_bad_row(surrey_register, tmp_path):
    header, rows = read_csv(LATEST_2026, "utf-8-sig")
    rows[1][header.index("Inclusion")] = "2"  # a 4-point grade where a report-card word goes

    summary = import_ofsted_file(write_csv(tmp_path / "bad.csv", header, rows))

    [(line, urn, message)] = summary.errors
    assert (line, urn) == (3, "125025")
    assert message.startswith("Inclusion '2' is not a grade Ofsted uses (Exceptional, ")


def test_an_unknown_column_is_reported_and_ignored(surrey_register, tmp_path):
    header, rows = read_csv(LATEST_2025, "cp1252")
    header = [*header, "Inspector's favourite colour"]
    rows = [[*row, "Teal"] for row in rows]

    summary = import_ofsted_file(write_csv(tmp_path / "extra.csv", header, rows))

    assert summary.ignored_columns == ["Inspector's favourite colour"]
    assert (
        '  ignored 1 column the importer does not know: "Inspector\'s favourite colour"'
        in summary.lines()
    )
    assert summary.created == 21


def test_a_title_line_above_the_header_is_passed_over(surrey_register, tmp_path):
    header, rows = read_csv(LATEST_2025, "cp1252")
    path = write_csv(tmp_path / "titled.csv", ["Management information - schools"], [header, *rows])

    assert import_ofsted_file(path).created == 21


@pytest.mark.parametrize(
    "drop",
    ["URN", "Inspection start date", "Previous inspection start date"],
)
def test_a_file_missing_required_columns_stops_and_changes_nothing(surrey_register, tmp_path, drop):
    import_ofsted_file(LATEST_2026)
    before = snapshot()
    header, rows = read_csv(LATEST_2025, "cp1252")
    i = header.index(drop)
    path = write_csv(
        tmp_path / "missing.csv", header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in rows]
    )

    with pytest.raises(OfstedFileError, match=f"missing: .*{drop}"):
        import_ofsted_file(path)

    assert snapshot() == before
    assert OfstedImport.objects.count() == 1


def test_a_file_with_no_inspection_number_is_refused(tmp_path):
    path = write_csv(tmp_path / "gias.csv", ["URN", "EstablishmentName"], [["125025", "A"]])

    with pytest.raises(OfstedFileError, match="missing: an inspection number"):
        import_ofsted_file(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "spreadsheet"),
        (b"", "empty"),
        (b"Dear colleague,\nplease find the list attached.\n", "not an Ofsted"),
    ],
)
def test_a_file_that_is_not_an_ofsted_csv_stops_and_changes_nothing(
    surrey_register, tmp_path, content, message
):
    import_ofsted_file(LATEST_2025)
    before = snapshot()
    path = tmp_path / "upload.csv"
    path.write_bytes(content)

    with pytest.raises(CommandError, match=f"{message}.*Nothing was changed"):
        call_command("import_ofsted", str(path))

    assert snapshot() == before


def test_a_bad_second_file_stops_the_first_too(surrey_register, tmp_path):
    path = tmp_path / "upload.csv"
    path.write_bytes(b"")

    with pytest.raises(CommandError, match=r"upload\.csv: the file is empty\. Nothing was"):
        call_command("import_ofsted", str(LATEST_2025), str(path))

    assert not SchoolInspection.objects.exists() and not OfstedImport.objects.exists()


def test_command_prints_the_summary_of_each_file(surrey_register, capsys):
    call_command("import_ofsted", str(LATEST_2025), str(LATEST_2026))

    out = capsys.readouterr().out
    assert "latest_inspections_2025-08_surrey_sample.csv: 11 rows read" in out
    assert "inspections: created 21, updated 0, unchanged 0; rows skipped 1" in out
    assert "inspections: created 3, updated 0, unchanged 14; rows skipped 1" in out
    run = OfstedImport.objects.get(file_name="latest_inspections_2025-08_surrey_sample.csv")
    assert (run.rows, run.created, run.skipped) == (11, 21, 1)
    assert "not in the register: line 9 (URN 100000)" in run.summary


def test_a_graded_inspection_before_september_2024_without_an_overall_grade_is_a_bad_row(
    surrey_register, tmp_path
):
    """Not counted as "graded, no overall grade", which would move the school's outcome."""
    header, rows = read_csv(LATEST_2025, "cp1252")
    start, overall = header.index("Inspection start date"), header.index("Overall effectiveness")
    index = next(
        i
        for i, row in enumerate(rows)
        if row[overall] in GRADE_WORDS and row[start].endswith(("2019", "2021", "2022", "2023"))
    )
    rows[index][overall] = "9"

    summary = import_ofsted_file(write_csv(tmp_path / "nine.csv", header, rows))

    [(line, urn, message)] = summary.errors
    assert (line, urn) == (index + 2, rows[index][header.index("URN")])
    assert "gives no overall effectiveness and no report-card grades" in message
    assert not SchoolInspection.objects.filter(
        framework=Framework.GRADED_NO_OVERALL, started_on__lt="2024-09-02"
    ).exists()


def test_ungraded_inspections_import_from_a_file_without_their_outcome_column(
    surrey_register, tmp_path
):
    header, rows = read_csv(LATEST_2025, "cp1252")
    drop = header.index("Ungraded inspection overall outcome")
    header = header[:drop] + header[drop + 1 :]
    rows = [row[:drop] + row[drop + 1 :] for row in rows]

    summary = import_ofsted_file(write_csv(tmp_path / "no-outcome.csv", header, rows))

    assert summary.errors == []
    ungraded = SchoolInspection.objects.filter(framework=Framework.UNGRADED)
    assert ungraded.exists() and set(ungraded.values_list("outcome", flat=True)) == {""}
