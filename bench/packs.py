"""Briefing packs: compiling a pack of 20 papers of 10 pages, and the packs page of a
governor invited to 100 meetings.

- packs_compile_20_papers: `meetings.packs.pack_compile` (papers read from storage,
  cover and agenda rendered by WeasyPrint, merged, every page numbered, the result
  stored and hashed) beside a baseline of merging the same 20 PDFs, already in memory,
  with pypdf alone. The ratio is what the cover, the numbering and storage cost on top
  of the merge the pack cannot avoid.
- packs_page_100_meetings: GET /packs/ through the test Client and the full middleware
  stack, beside one plain query fetching the same rows. The row carries the page's
  query count, which must be the same with 100 packs as with 10.
"""

import hashlib
import statistics
import time
from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from accounts.models import User
from meetings.calendar import academic_year_starting, ensure_academic_year
from meetings.models import (
    AgendaItem,
    BriefingPack,
    Invitation,
    Meeting,
    MeetingSeries,
    Paper,
    PaperVersion,
)
from meetings.packs import pack_compile
from partnerships.models import Body

LONDON = ZoneInfo("Europe/London")
BODY_NAME = "Benchmark: briefing packs"


def _paper_pdf(pages: int) -> bytes:
    """A paper of `pages` A4 pages of text, as WeasyPrint (and so a word processor's
    export, roughly) lays it out: fonts, text and a table on each page."""
    from weasyprint import HTML

    paragraph = (
        "The partnership considered the attendance figures for the half-term, the "
        "exclusions data and the admissions forecast for the coming year. " * 8
    )
    page = (
        f"<h2>Section {{n}}</h2><p>{paragraph}</p>"
        "<table><tr><th>School</th><th>Attendance</th></tr>"
        + "".join(f"<tr><td>School {i}</td><td>9{i}.0%</td></tr>" for i in range(8))
        + '</table><p style="page-break-after: always"></p>'
    )
    html = "".join(page.format(n=n) for n in range(1, pages + 1))
    return HTML(string=f"<html><body>{html}</body></html>").write_pdf()


def _series(body: Body) -> MeetingSeries:
    # Paused, so a scheduling benchmark in the same run leaves it alone.
    return MeetingSeries.objects.create(body=body, title=BODY_NAME, paused=True)


def _meeting(series: MeetingSeries, *, n: int, starts_at: datetime) -> Meeting:
    term = ensure_academic_year(academic_year_starting(starts_at.date())).terms.first()
    return Meeting.objects.create(
        series=series, body=series.body, term=term, occurrence=f"bench packs {n}",
        title=f"Governors' briefing {n}", starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=90), venue="Town Hall, Committee Room 3",
    )  # fmt: skip


def _build_pack_meeting(series: MeetingSeries, *, papers: int, data: bytes) -> Meeting:
    starts_at = datetime.combine(timezone.localdate(), datetime.min.time(), tzinfo=LONDON)
    held = _meeting(series, n=0, starts_at=starts_at + timedelta(days=7, hours=16))
    digest = hashlib.sha256(data).hexdigest()
    for n in range(1, papers + 1):
        item = AgendaItem.objects.create(
            meeting=held, position=n, title=f"Item of business {n}", presenter="Officer"
        )
        paper = Paper.objects.create(meeting=held, agenda_item=item, title=f"Report {n}")
        PaperVersion.objects.create(
            paper=paper, number=1, file=ContentFile(data, name=f"report-{n}.pdf"),
            original_name=f"report-{n}.pdf", content_type="application/pdf", size=len(data),
            sha256=digest,
        )  # fmt: skip
    return held


def _bare_merge(papers: list[bytes]) -> bytes:
    writer = PdfWriter()
    for data in papers:
        writer.append(PdfReader(BytesIO(data)))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _median_ms(work, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _compile_row(series: MeetingSeries, *, quick: bool) -> dict:
    papers, pages = (5, 4) if quick else (20, 10)
    repeats = 1 if quick else 5
    data = _paper_pdf(pages)
    held = _build_pack_meeting(series, papers=papers, data=data)
    pack = pack_compile(meeting=held)  # warm up: WeasyPrint's fonts, templates
    front = pack.page_count - papers * pages
    assert front >= 1, pack.page_count
    assert len(_bare_merge([data] * papers)) > 0

    baseline = _median_ms(lambda: _bare_merge([data] * papers), repeats)
    portal = _median_ms(lambda: pack_compile(meeting=held), repeats)
    pack.refresh_from_db()
    return {
        "name": f"packs_compile_{papers}_papers",
        "unit": "ms",
        "baseline": baseline,
        "portal": portal,
        "ratio": portal / baseline,
        "papers": papers,
        "pages_per_paper": pages,
        "page_count": pack.page_count,
        "notes": [
            f"pack_compile of {papers} PDF papers of {pages} pages: {front} cover page(s) "
            f"+ {papers * pages} = {pack.page_count} pages, {pack.file.size // 1024} KiB",
            "baseline: the same PDFs, in memory, merged by pypdf's PdfWriter.append alone",
        ],
    }


def _page_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/packs/")
    assert response.status_code == 200, response.status_code
    return len(captured)


def _page_row(series: MeetingSeries, *, quick: bool) -> dict:
    n = 100
    repeats = 5 if quick else 20
    governor = User.objects.create_user("bench-packs@bench.test")
    first = datetime.combine(timezone.localdate(), datetime.min.time(), tzinfo=LONDON)
    meetings = [
        _meeting(series, n=i, starts_at=first - timedelta(days=3 * i, hours=-16))
        for i in range(1, n + 1)
    ]
    Invitation.objects.bulk_create([Invitation(meeting=m, person=governor) for m in meetings])
    BriefingPack.objects.bulk_create(
        [
            BriefingPack(
                meeting=m,
                version=1 + i % 2,
                file=f"packs/bench-{m.pk}.pdf",
                page_count=40,
                published_at=timezone.now(),
            )  # fmt: skip
            for i, m in enumerate(meetings)
        ]
    )
    client = Client()
    client.force_login(governor)
    assert client.get("/packs/").content.count(b"Download the briefing pack") == n  # warm up

    def bare() -> list:
        return list(
            BriefingPack.objects.filter(meeting__invitations__person=governor)
            .order_by("-meeting__starts_at")
            .values("meeting__title", "meeting__body__name", "meeting__starts_at", "page_count")
        )

    baseline = _median_ms(bare, repeats)
    portal = _median_ms(lambda: client.get("/packs/"), repeats)
    queries = _page_queries(client)
    Meeting.objects.filter(pk__in=[m.pk for m in meetings[10:]]).delete()
    queries_for_10 = _page_queries(client)
    governor.delete()
    return {
        "name": f"packs_page_{n}_meetings",
        "unit": "ms",
        "baseline": baseline,
        "portal": portal,
        "ratio": portal / baseline,
        "meetings": n,
        "queries": queries,
        "queries_for_10_meetings": queries_for_10,
        "notes": [
            f"GET /packs/ via the test Client for a governor with {n} published packs; "
            "baseline: the same rows by one plain values() query",
            f"queries per page: {queries} with {n} packs, {queries_for_10} with 10",
        ],
    }


def _clean_up() -> None:
    for pack in BriefingPack.objects.filter(meeting__body__name=BODY_NAME).exclude(file=""):
        pack.file.delete(save=False)
    for version in PaperVersion.objects.filter(paper__meeting__body__name=BODY_NAME):
        version.file.delete(save=False)
    Meeting.objects.filter(body__name=BODY_NAME).delete()
    MeetingSeries.objects.filter(body__name=BODY_NAME).delete()
    Body.objects.filter(name=BODY_NAME).delete()
    User.objects.filter(email="bench-packs@bench.test").delete()


def run(*, quick: bool = False) -> list[dict]:
    series = _series(Body.objects.create(name=BODY_NAME, kind=Body.Kind.WORKING_GROUP))
    try:
        return [_compile_row(series, quick=quick), _page_row(series, quick=quick)]
    finally:
        _clean_up()
