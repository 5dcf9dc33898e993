"""The REST API's big lists over a national-size register, beside bare views.

The register comes from the national-size GIAS file (bench/gias_national.py, as the
gias_import benchmark makes it), and each of a few hundred bodies gets a year of
meetings. Then, through the full stack (test Client, middleware, an API key):
- portal: GET /api/v1/schools/?page_size=100 and GET /api/v1/meetings/?page_size=100
  (key check, throttle, filters, cursor pagination, serializer, JSON);
- baseline: a bare Django view giving the same fields from `.values()` as JSON.
Both answers must hold the same rows. Then gunicorn (2 workers) serves the bench
database and a pool of client threads measures requests per second for both.
"""

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.http import JsonResponse
from django.test import Client, override_settings
from django.urls import path

from accounts.api_keys import ApiKeyRateThrottle, api_key_create
from bench.gias_import import _national_file
from council_portal.urls import urlpatterns as portal_urlpatterns
from meetings.api import MeetingSerializer
from meetings.calendar import ensure_academic_year
from meetings.models import Meeting, MeetingSeries
from partnerships.models import Body
from schools.api import SchoolSerializer
from schools.categories import STATE_FUNDED
from schools.gias import import_gias_file
from schools.models import School

REPO = Path(__file__).resolve().parent.parent
ROUNDS = 3
LONDON = ZoneInfo("Europe/London")
SCHOOL_FIELDS = [f for f in SchoolSerializer.Meta.fields if f not in ("la_code", "la_name")]
SCHOOL_FIELDS.remove("is_state_funded")
MEETING_FIELDS = [
    f for f in MeetingSerializer.Meta.fields if f not in ("body_name", "academic_year", "term")
]


# The bare views give every field the API gives (under the API's names, related ones
# by the same joins), for the same first page in the same order, so the two differ
# only in what the API does around the same rows.
def bare_schools(request):
    rows = list(
        School.objects.order_by("urn").values(
            *SCHOOL_FIELDS,
            la_code=F("local_authority__code"),
            la_name=F("local_authority__name"),
            is_state_funded=ExpressionWrapper(
                Q(category__in=STATE_FUNDED), output_field=BooleanField()
            ),
        )[:100]
    )
    return JsonResponse({"results": rows})


def bare_meetings(request):
    rows = list(
        Meeting.objects.order_by("starts_at", "id").values(
            *MEETING_FIELDS,
            body_name=F("body__name"),
            academic_year=F("term__year__name"),
            term_name=F("term__name"),  # an annotation may not take a field's name
        )[:100]
    )
    for row in rows:
        row["term"] = row.pop("term_name")
    return JsonResponse({"results": rows})


# Also the URL conf of the gunicorn run (see bench/api_wsgi.py).
urlpatterns = [
    path("bench/bare-schools/", bare_schools),
    path("bench/bare-meetings/", bare_meetings),
    *portal_urlpatterns,
]


def _medians(first, second, repeat: int) -> tuple[float, float]:
    """Median times of two calls taken in turn, so a burst of load on a shared machine
    falls on both sides alike."""
    times: tuple[list, list] = ([], [])
    for _ in range(repeat):
        for fn, out in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            fn()
            out.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def _meetings(bodies: int) -> int:
    """Six meetings a year for each body, over this and next academic year."""
    today = datetime.now(LONDON).date()
    year = ensure_academic_year(today.year if today.month >= 9 else today.year - 1)
    terms = list(year.terms.order_by("starts_on"))
    made = Body.objects.bulk_create(
        [Body(name=f"Bench body {n}", kind=Body.Kind.PARTNERSHIP) for n in range(bodies)]
    )
    rhythms = MeetingSeries.objects.bulk_create(
        [MeetingSeries(body=b, title=f"{b.name} meeting", venue="Town Hall") for b in made]
    )
    meetings = []
    for rhythm in rhythms:
        for n in range(6):
            term = terms[n % len(terms)]
            day = term.starts_on + timedelta(days=14 + 7 * (n // len(terms)) + rhythm.pk % 5)
            starts = datetime.combine(day, clock(16), tzinfo=LONDON)
            meetings.append(
                Meeting(series=rhythm, body=rhythm.body, term=term, occurrence=f"bench {n}",
                        title=rhythm.title, starts_at=starts,
                        ends_at=starts + timedelta(hours=1, minutes=30), venue="Town Hall")
            )  # fmt: skip
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    return len(meetings)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return (
        f"postgres://{db.get('USER') or 'postgres'}@{db.get('HOST') or '127.0.0.1'}:"
        f"{db.get('PORT') or 5432}/{db['NAME']}"
    )


def _rps(urls: list[str], headers: dict, requests: int, threads: int) -> float:
    def fetch(url):
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback)
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
            assert response.status == 200, response.status
            response.read()

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(fetch, [urls[i % len(urls)] for i in range(requests)]))
    return requests / (time.perf_counter() - started)


def _under_gunicorn(key: str, *, requests: int) -> list[dict]:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "council_portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-secret-key-" * 3),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PORTAL_API_KEY_RATE": "1000000/second",
        # Plain HTTP on the loopback: TLS is the load balancer's, not the benchmark's.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench.api_wsgi:application", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310 (loopback)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(server.stderr.read().decode()[-2000:]) from None
                time.sleep(0.3)
        auth = {"Authorization": f"Bearer {key}"}
        rows = []
        for name, api, bare in [
            ("schools", "/api/v1/schools/?page_size=100", "/bench/bare-schools/"),
            ("meetings", "/api/v1/meetings/?page_size=100", "/bench/bare-meetings/"),
        ]:
            _rps([base + api], auth, 20, 4)  # warm both workers
            # In turns, the best of each side: load from elsewhere on a shared machine
            # only ever lowers a figure.
            api_rps = bare_rps = 0.0
            for _ in range(ROUNDS):
                api_rps = max(api_rps, _rps([base + api], auth, requests // ROUNDS, 8))
                bare_rps = max(bare_rps, _rps([base + bare], auth, requests // ROUNDS, 8))
            rows.append(
                {
                    "name": f"api_{name}_gunicorn_rps", "unit": "rps",
                    "baseline": bare_rps, "portal": api_rps, "ratio": bare_rps / api_rps,
                    "notes": [f"gunicorn 2 workers, 8 client threads, {requests} requests each "
                              f"in {ROUNDS} turns, best turn; ratio = bare rps / API rps"],
                }
            )  # fmt: skip
        return rows
    finally:
        server.terminate()
        server.wait(timeout=10)


def run(*, quick: bool = False) -> list[dict]:
    size = 2_000 if quick else 24_000
    bodies = 40 if quick else 400
    repeat = 5 if quick else 60
    School.objects.all().delete()
    import_gias_file(_national_file(size))
    meetings = _meetings(bodies)
    _, key = api_key_create(name="bench", scope="read")
    # The throttle stays in the path (its cache round trip is part of the cost), with
    # a rate no benchmark reaches.
    rates = {**ApiKeyRateThrottle.THROTTLE_RATES, "api_key": "1000000/second"}
    ApiKeyRateThrottle.THROTTLE_RATES = rates
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    results = []
    with override_settings(ROOT_URLCONF="bench.api"):
        for name, api, bare, count in [
            ("schools", "/api/v1/schools/", "/bench/bare-schools/", School.objects.count()),
            ("meetings", "/api/v1/meetings/", "/bench/bare-meetings/", meetings),
        ]:
            api_rows = client.get(api, {"page_size": 100}).json()["results"]
            bare_rows = client.get(bare).json()["results"]
            key_field = "urn" if name == "schools" else "id"
            assert [r[key_field] for r in api_rows] == [r[key_field] for r in bare_rows]
            assert [set(r) for r in api_rows] == [set(r) for r in bare_rows]
            portal, baseline = _medians(
                lambda api=api: client.get(api, {"page_size": 100}),
                lambda bare=bare: client.get(bare),
                repeat,
            )
            results.append(
                {
                    "name": f"api_{name}_list_page_100", "unit": "ms",
                    "baseline": baseline * 1000, "portal": portal * 1000,
                    "ratio": portal / baseline,
                    "notes": [f"{count} {name}; same 100 rows and fields; median of {repeat} "
                              "in turns through the test Client; baseline = bare .values() view"],
                }
            )  # fmt: skip
    results.extend(_under_gunicorn(key, requests=60 if quick else 600))
    return results
