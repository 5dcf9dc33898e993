"""School places over a national-size register, beside one raw aggregate SQL query.

The register comes from the national-size GIAS file (bench/gias_national.py, as the
gias_import benchmark makes it); importing it records the places snapshot. Then:
- baseline: one hand-written GROUP BY over the snapshot's rows (local authority,
  phase, provision; counted and excluded schools, capacity and pupils);
- portal: schools.places.places_figures() for the same snapshot (one ORM query with
  the planning-area join and the Decimal surplus %), and GET /schools/places/ for
  every authority through the test Client (filters, chart, tables, trend).
The totals of both must agree. The page's query count is measured again on a
snapshot of one authority's schools: it must not grow with the number of schools.
"""

import statistics
import time

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts import roles
from accounts.demo import give_totp
from accounts.models import User
from bench.gias_import import _national_file
from schools import places
from schools.gias import import_gias_file
from schools.models import PlacesSnapshot, School, SchoolPlaces

RAW_SQL = """
SELECT la.code, p.phase, p.provision,
       COUNT(*) FILTER (WHERE p.capacity IS NOT NULL AND p.pupils IS NOT NULL),
       COUNT(*) FILTER (WHERE p.capacity IS NULL OR p.pupils IS NULL),
       COALESCE(SUM(p.capacity) FILTER (WHERE p.capacity IS NOT NULL AND p.pupils IS NOT NULL), 0),
       COALESCE(SUM(p.pupils) FILTER (WHERE p.capacity IS NOT NULL AND p.pupils IS NOT NULL), 0)
FROM schools_schoolplaces p
JOIN schools_localauthority la ON la.id = p.local_authority_id
WHERE p.snapshot_id = %s
GROUP BY la.code, p.phase, p.provision
"""
if connection.vendor != "postgresql":  # the embedded SQLite has no FILTER before 3.30
    RAW_SQL = RAW_SQL.replace(
        "COUNT(*) FILTER (WHERE p.capacity IS NOT NULL AND p.pupils IS NOT NULL)",
        "SUM(CASE WHEN p.capacity IS NOT NULL AND p.pupils IS NOT NULL THEN 1 ELSE 0 END)",
    )


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _officer_client() -> Client:
    user = User.objects.create_user("bench-places@bench.test")
    user.groups.add(Group.objects.get_or_create(name=roles.OFFICER)[0])
    give_totp(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client = Client()
    client.force_login(user)
    return client


def _page_queries(client: Client, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/schools/places/", params)
    assert response.status_code == 200, response.status_code
    return len(queries)


def run(*, quick: bool = False) -> list[dict]:
    rows = 2_000 if quick else 50_000
    repeat = 3 if quick else 7
    path = _national_file(rows)
    School.objects.all().delete()
    PlacesSnapshot.objects.all().delete()
    import_gias_file(path)
    snapshot = PlacesSnapshot.objects.get()
    recorded = SchoolPlaces.objects.filter(snapshot=snapshot).count()

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW_SQL, [snapshot.id])
            return cursor.fetchall()

    raw_rows = raw()
    figures = places.places_figures(as_of=snapshot.as_of)
    raw_totals = [sum(r[i] for r in raw_rows) for i in (3, 4, 5, 6)]
    totals = places.total(figures)
    assert raw_totals == [totals.schools, totals.excluded, totals.capacity, totals.pupils], (
        f"totals differ: raw {raw_totals} != portal {totals}"
    )
    baseline = _best(raw, repeat)
    portal = _best(lambda: places.places_figures(as_of=snapshot.as_of), repeat)

    client = _officer_client()
    everything = {"la": "", "date": snapshot.as_of.isoformat()}
    _page_queries(client, everything)  # the session's first request records it
    page = _best(lambda: client.get("/schools/places/", everything), repeat)
    queries = _page_queries(client, everything)
    # The same page over a snapshot of one authority's schools only.
    one_la = School.objects.values_list("local_authority_id", flat=True).first()
    small = places.record_snapshot(
        file_name="edubasealldata20000101.csv",
        urns=School.objects.filter(local_authority_id=one_la).values_list("urn", flat=True),
        la_ids=[one_la], columns=["capacity", "number_of_pupils"],
    )  # fmt: skip
    queries_small = _page_queries(client, {"la": "", "date": small.as_of.isoformat()})
    assert queries == queries_small, f"page queries grow: {queries_small} -> {queries}"

    notes = [
        f"{recorded:,} schools in the snapshot ({rows:,}-row file), {len(figures):,} groups; "
        f"totals match the raw query: {totals.schools:,} counted, {totals.excluded:,} "
        f"excluded, capacity {totals.capacity:,}, pupils {totals.pupils:,}",
        f"page: {queries} queries for every authority, {queries_small} for one authority's "
        f"snapshot",
    ]
    return [
        {
            "name": "places_figures_national",
            "unit": "ms",
            "baseline": baseline * 1000,
            "portal": portal * 1000,
            "ratio": portal / baseline,
            "schools": recorded,
            "groups": len(figures),
            "notes": notes,
        },
        {
            "name": "places_page_national",
            "unit": "ms",
            "baseline": baseline * 1000,
            "portal": page * 1000,
            "ratio": page / baseline,
            "schools": recorded,
            "queries": queries,
            "queries_small": queries_small,
            "notes": [],
        },
    ]
