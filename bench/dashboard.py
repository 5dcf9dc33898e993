"""The borough's inspection dashboard over the national register, beside one bare
aggregate query of the same figures.

The register is the national-size GIAS file (bench/gias_national.py, loaded by the
portal's importer as bench/gias_import.py does); every school is then moved into the
home local authority so the dashboard counts all ~24,000 open state-funded schools,
and each of those gets 1 to 3 Ofsted inspections across the frameworks, in bulk.

- baseline: one plain SQL query, each school's latest outcome by a correlated
  subquery, grouped by bucket, category and phase (the dashboard's main figure);
- portal: GET /inspections/ through the test Client and the full middleware stack
  (the same figures, report-card areas, four previous years, link-inspector
  coverage, the children's services timeline, the page rendered).
The row also carries the page's query count with 50 schools and with all of them.
"""

import random
import statistics
import time
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts import roles
from accounts.demo import give_totp
from accounts.models import User
from bench.gias_import import _national_file
from inspections import outcomes
from inspections.grades import GRADED_AREAS, REPORT_CARD_AREAS, Framework, Grade, ReportCardGrade
from inspections.models import InspectionJudgement, SchoolInspection
from schools.categories import OPEN_STATUSES, STATE_FUNDED
from schools.gias import import_gias_file
from schools.models import LocalAuthority, School

EMAIL = "bench-dashboard@bench.test"
URL = "/inspections/"

# (framework, earliest start, latest start): the frameworks in the order a school meets them.
ERAS = [
    (Framework.GRADED, date(2012, 9, 1), date(2024, 8, 31)),
    (Framework.UNGRADED, date(2015, 9, 1), date(2025, 11, 9)),
    (Framework.GRADED_NO_OVERALL, date(2024, 9, 1), date(2025, 11, 9)),
    (Framework.MONITORING, date(2019, 9, 1), date(2026, 10, 31)),
    (Framework.REPORT_CARD, date(2025, 11, 10), date(2026, 11, 20)),
]

BARE_SQL = """
SELECT bucket, category, phase, COUNT(*) FROM (
    SELECT s.category, s.phase, COALESCE((
        SELECT CASE
            WHEN i.framework = 'report_card' THEN 'report_card:' || i.safeguarding
            WHEN i.framework = 'graded' AND i.overall_effectiveness <> ''
                THEN i.overall_effectiveness
            ELSE 'graded_no_overall' END
        FROM inspections_schoolinspection i
        WHERE i.school_id = s.id
          AND i.framework IN ('graded', 'graded_no_overall', 'report_card')
        ORDER BY i.started_on DESC, i.id DESC LIMIT 1
    ), 'not_inspected') AS bucket
    FROM schools_school s
    JOIN schools_localauthority la ON la.id = s.local_authority_id
    WHERE la.code = %s AND s.category IN ({categories}) AND s.status IN ({statuses})
) AS latest
GROUP BY bucket, category, phase
"""


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _inspections(school_ids: list[int], seed: int = 2026) -> int:
    """1 to 3 inspections a school, in framework order, with graded areas; in bulk."""
    rng = random.Random(seed)
    inspections, areas = [], []
    n = 0
    for school_id in school_ids:
        eras = sorted(rng.sample(range(len(ERAS)), rng.randint(1, 3)))
        for era in eras:
            framework, first, last = ERAS[era]
            n += 1
            inspection = SchoolInspection(
                school_id=school_id, inspection_number=f"B{n:09d}", framework=framework,
                started_on=_day(rng, first, last),
            )  # fmt: skip
            if framework == Framework.GRADED:
                inspection.overall_effectiveness = rng.choices(Grade.values, [20, 60, 15, 5])[0]
                grades = [(a, inspection.overall_effectiveness) for a in GRADED_AREAS[:4]]
            elif framework == Framework.REPORT_CARD:
                inspection.safeguarding = rng.choices(["met", "not_met"], [97, 3])[0]
                grades = [(a, rng.choice(ReportCardGrade.values)) for a in REPORT_CARD_AREAS[:6]]
            else:
                grades = []
            inspections.append(inspection)
            areas.append(grades)
    SchoolInspection.objects.bulk_create(inspections, batch_size=5000)
    InspectionJudgement.objects.bulk_create(
        (
            InspectionJudgement(inspection_id=inspection.pk, area=area, grade=grade)
            for inspection, grades in zip(inspections, areas, strict=True)
            for area, grade in grades
        ),
        batch_size=10000,
    )
    return len(inspections)


def _bare() -> dict[str, int]:
    marks = ", ".join(["%s"] * len(STATE_FUNDED))
    smarks = ", ".join(["%s"] * len(OPEN_STATUSES))
    sql = BARE_SQL.format(categories=marks, statuses=smarks)
    with connection.cursor() as cursor:
        cursor.execute(sql, [settings.HOME_LA_CODE, *STATE_FUNDED, *OPEN_STATUSES])
        rows = cursor.fetchall()
    totals: dict[str, int] = {}
    for key, _category, _phase, count in rows:
        bucket = key.partition(":")[0]
        totals[bucket] = totals.get(bucket, 0) + count
    return totals


def _median_ms(work, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _page_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200, response.status_code
    return len(captured)


def run(*, quick: bool = False) -> list[dict]:
    rows = 2_000 if quick else 50_000
    repeats = 3 if quick else 7
    path = _national_file(rows)
    School.objects.all().delete()
    import_gias_file(path)
    home, _ = LocalAuthority.objects.get_or_create(
        code=settings.HOME_LA_CODE, defaults={"name": "Home borough"}
    )
    entitled = list(
        School.objects.filter(category__in=STATE_FUNDED, status__in=OPEN_STATUSES)
        .order_by("id")
        .values_list("id", flat=True)
    )
    made = _inspections(entitled)
    officer = User.objects.create_user(EMAIL)
    officer.groups.add(Group.objects.get_or_create(name=roles.OFFICER)[0])
    give_totp(officer, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client = Client()
    client.force_login(officer)
    try:
        # 50 schools in the borough first, for the query count at a small size.
        School.objects.filter(id__in=entitled[:50]).update(local_authority=home)
        client.get(URL)  # the session's first request records it
        queries_50 = _page_queries(client)
        School.objects.update(local_authority=home)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        expected = _bare()
        picture = outcomes.picture().borough.counts
        assert {k: v for k, v in picture.items() if v} == expected, (picture, expected)
        schools = sum(expected.values())
        queries = _page_queries(client)

        baseline = _median_ms(_bare, repeats)
        portal = _median_ms(lambda: client.get(URL), repeats)
    finally:
        officer.delete()
        SchoolInspection.objects.all().delete()
        School.objects.all().delete()
    return [
        {
            "name": "dashboard_national",
            "unit": "ms",
            "baseline": baseline,
            "portal": portal,
            "ratio": portal / baseline,
            "schools": schools,
            "inspections": made,
            "queries": queries,
            "queries_for_50_schools": queries_50,
            "notes": [
                f"GET {URL} via the test Client over {schools:,} open state-funded schools "
                f"with {made:,} inspections; baseline: one bare aggregate SQL query of the "
                "latest outcome grouped by bucket, category and phase (figures agree)",
                f"queries per page: {queries} with all schools, {queries_50} with 50",
            ],
        }
    ]
