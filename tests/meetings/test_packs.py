"""Briefing packs: the compiled PDF, publishing and its e-mails, the packs page, downloads,
and the e-mails of a meeting's business (papers due, overdue actions)."""

import hashlib
import re
from datetime import date, time, timedelta
from io import BytesIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from meetings import tasks
from meetings.models import (
    Action,
    AgendaItem,
    BriefingPack,
    Invitation,
    Meeting,
    OutboxEmail,
    Paper,
    PaperDownload,
    PaperVersion,
)
from meetings.notifications import send_due_emails
from meetings.packs import pack_compile, pack_publish, packs_due, publish_due_packs
from tests import factories
from tests.meetings.test_outbox import a_meeting, in_days
from tests.partnerships import LONDON, at, body, meeting, series

pytestmark = pytest.mark.django_db

Kind = OutboxEmail.Kind
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- Builders -----------------------------------------------------------------------


def pdf_pages(label: str, pages: int) -> bytes:
    """A PDF whose pages say "<label> page N", so a test can find where it landed."""
    body_html = "".join(
        f'<p style="page-break-after: always">{label} page {n}</p>' for n in range(1, pages + 1)
    )
    return HTML(string=f"<html><body>{body_html}</body></html>").write_pdf()


def paper(
    of: Meeting, title: str, *, item: AgendaItem | None = None, pages: int = 0,
    data: bytes | None = None, content_type: str = PDF, access=Paper.Access.INVITEES,
) -> Paper:  # fmt: skip
    """A paper with one version: a PDF of `pages` labelled pages, or `data` as given."""
    made = Paper.objects.create(meeting=of, agenda_item=item, title=title, access=access)
    data = data if data is not None else pdf_pages(title, pages)
    ext = "pdf" if content_type == PDF else "docx"
    PaperVersion.objects.create(
        paper=made, number=1, file=ContentFile(data, name=f"paper.{ext}"),
        original_name=f"{title}.{ext}", content_type=content_type, size=len(data),
        sha256=hashlib.sha256(data).hexdigest(), page_count=pages or None,
    )  # fmt: skip
    return made


def item(of: Meeting, position: int, title: str, **fields) -> AgendaItem:
    return AgendaItem.objects.create(meeting=of, position=position, title=title, **fields)


def read(pack: BriefingPack) -> PdfReader:
    with pack.file.open("rb") as handle:
        return PdfReader(BytesIO(handle.read()))


def texts(reader: PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def first_page_of(label: str, pages: list[str]) -> int:
    """The 1-based page on which `label`'s first page sits."""
    (found,) = [n for n, text in enumerate(pages, 1) if f"{label} page 1" in text]
    return found


def links(reader: PdfReader) -> list[str]:
    found = []
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            action = annotation.get_object().get("/A", {})
            if "/URI" in action:
                found.append(str(action["/URI"]))
    return found


@pytest.fixture
def board():
    """A governors' briefing meeting with an agenda of three items."""
    briefing = series(body=body(name="Chairs of governors' briefing"), title="Governors' briefing")
    held = meeting(series=briefing, day=date(2026, 10, 13), venue="Town Hall, Committee Room 3")
    item(held, 1, "Minutes of the last meeting", is_standing=True)
    item(held, 2, "School funding formula", purpose=AgendaItem.Purpose.DECISION,
         presenter="Head of Finance")  # fmt: skip
    item(held, 3, "Attendance update", purpose=AgendaItem.Purpose.INFORMATION,
         presenter="Access to Learning")  # fmt: skip
    return held


def items_of(held: Meeting) -> dict[int, AgendaItem]:
    return {i.position: i for i in held.agenda_items.all()}


# --- Compiling ----------------------------------------------------------------------


def test_the_pack_is_a_pdf_of_cover_pages_and_every_pdf_papers_pages(board):
    agenda = items_of(board)
    paper(board, "Minutes 1 July", item=agenda[1], pages=2)
    paper(board, "Funding report", item=agenda[2], pages=5)
    paper(board, "Attendance figures", item=agenda[3], pages=3)

    pack = pack_compile(meeting=board)

    reader = read(pack)
    pages = texts(reader)
    cover_pages = first_page_of("Minutes 1 July", pages) - 1
    assert cover_pages >= 1
    assert len(reader.pages) == pack.page_count == cover_pages + 2 + 5 + 3
    assert "Briefing pack: Governors' briefing" in pages[0]
    with pack.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == pack.sha256
    assert (pack.version, pack.is_stale, pack.published_at) == (1, False, None)


def test_papers_follow_the_agenda_and_the_contents_give_their_first_pages(board):
    agenda = items_of(board)
    # Uploaded out of order: the pack follows the agenda, not the upload.
    paper(board, "Attendance figures", item=agenda[3], pages=3)
    paper(board, "Funding report", item=agenda[2], pages=5)
    paper(board, "Funding appendix", item=agenda[2], pages=1)
    paper(board, "Minutes 1 July", item=agenda[1], pages=2)

    pages = texts(read(pack_compile(meeting=board)))

    starts = {
        title: first_page_of(title, pages)
        for title in ["Minutes 1 July", "Funding appendix", "Funding report", "Attendance figures"]
    }
    assert list(starts.values()) == sorted(starts.values())
    cover = " ".join(pages[: starts["Minutes 1 July"] - 1])
    for title, start in starts.items():
        assert f"{title}: page {start}" in cover  # beside its agenda item
        assert re.search(rf"{title} {start}\b", cover.split("Contents", 1)[1])  # the contents


def test_every_page_is_numbered_page_n_of_m(board):
    paper(board, "Funding report", item=items_of(board)[2], pages=4)

    reader = read(pack_compile(meeting=board))

    total = len(reader.pages)
    assert [f"Page {n} of {total}" in text for n, text in enumerate(texts(reader), 1)] == [
        True
    ] * total


def test_a_landscape_page_turned_by_rotate_is_numbered_at_its_foot_as_read(board):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842).rotate(90)
    out = BytesIO()
    writer.write(out)
    paper(board, "Landscape table", item=items_of(board)[3], data=out.getvalue())

    reader = read(pack_compile(meeting=board))

    last = reader.pages[-1]
    assert last.rotation == 0 and last.mediabox.width > last.mediabox.height
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in last.extract_text()


def test_the_cover_gives_body_title_london_time_venue_and_the_agenda(board):
    pages = texts(read(pack_compile(meeting=board)))

    cover = pages[0]
    assert "Chairs of governors' briefing" in cover
    assert "Tuesday 13 October 2026, 4pm to 5:30pm (UK time)" in cover
    assert "Town Hall, Committee Room 3" in cover
    assert "2 School funding formula For decision Head of Finance" in cover
    assert "3 Attendance update For information Access to Learning" in cover


def test_papers_that_are_not_pdf_are_listed_with_a_link_to_their_download_page(board):
    slides = paper(board, "Funding slides", item=items_of(board)[2], data=b"PK\x03\x04 slides",
                   content_type=DOCX)  # fmt: skip
    paper(board, "Funding report", item=items_of(board)[2], pages=2)

    reader = read(pack_compile(meeting=board))

    url = f"{settings.PORTAL_BASE_URL}/papers/{slides.pk}/download"
    assert url in links(reader)
    assert f"Funding slides: {url}" in " ".join(texts(reader))
    assert len(reader.pages) == first_page_of("Funding report", texts(reader)) + 1


def test_confidential_papers_are_named_but_never_put_in_the_pack(board):
    secret = paper(board, "Staffing review", item=items_of(board)[2], pages=4,
                   access=Paper.Access.CONFIDENTIAL)  # fmt: skip
    paper(board, "Funding report", item=items_of(board)[2], pages=2)

    reader = read(pack_compile(meeting=board))

    everything = " ".join(texts(reader))
    assert "Staffing review: confidential: available to named people" in everything
    assert "Staffing review page 1" not in everything
    assert not [url for url in links(reader) if f"/papers/{secret.pk}/" in url]
    assert len(reader.pages) == first_page_of("Funding report", texts(reader)) + 1


def test_a_broken_pdf_is_linked_instead_of_stopping_the_pack(board):
    broken = paper(board, "Scanned letter", item=items_of(board)[3], data=b"%PDF-1.7 garbage")
    paper(board, "Funding report", item=items_of(board)[2], pages=2)

    reader = read(pack_compile(meeting=board))

    assert f"{settings.PORTAL_BASE_URL}/papers/{broken.pk}/download" in links(reader)
    assert len(reader.pages) == first_page_of("Funding report", texts(reader)) + 1


def test_the_latest_version_of_a_paper_goes_in(board):
    report = paper(board, "Funding report", item=items_of(board)[2], pages=2)
    data = pdf_pages("Revised report", 6)
    PaperVersion.objects.create(
        paper=report, number=2, file=ContentFile(data, name="v2.pdf"), original_name="v2.pdf",
        content_type=PDF, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
    )  # fmt: skip

    pages = texts(read(pack_compile(meeting=board)))

    assert len(pages) == first_page_of("Revised report", pages) + 5
    assert "Funding report page 1" not in " ".join(pages)


def test_a_long_agenda_takes_more_cover_pages_and_the_contents_still_agree(board):
    for position in range(4, 40):
        agenda_item = item(board, position, f"Item of business number {position}")
        paper(board, f"Paper {position}", item=agenda_item, pages=1)

    pages = texts(read(pack_compile(meeting=board)))

    assert first_page_of("Paper 4", pages) > 2
    cover = " ".join(pages[: first_page_of("Paper 4", pages) - 1])
    for position in (4, 20, 39):
        assert f"Paper {position}: page {first_page_of(f'Paper {position}', pages)}" in cover


def test_compiling_again_raises_the_version_and_replaces_the_file(
    board, django_capture_on_commit_callbacks
):
    first = pack_compile(meeting=board)
    old_name = first.file.name

    with django_capture_on_commit_callbacks(execute=True):
        second = pack_compile(meeting=board)

    assert second.version == 2 and second.file.name != old_name
    assert not second.file.storage.exists(old_name)


# --- Publishing ---------------------------------------------------------------------


@pytest.fixture
def governors():
    return [factories.person() for _ in range(3)]


def pack_emails(**filters) -> list[tuple]:
    return sorted(
        OutboxEmail.objects.filter(kind=Kind.PACK_PUBLISHED, **filters).values_list(
            "person_id", "version"
        )
    )


def test_publishing_queues_one_email_per_current_invitee_at_the_packs_version(governors):
    held = a_meeting(starts_at=in_days(6), invite=governors)
    Invitation.objects.filter(meeting=held, person=governors[2]).update(withdrawn_at=timezone.now())

    pack = pack_publish(meeting=held)

    assert pack.published_at is not None and pack.version == 1
    assert pack_emails() == sorted((g.pk, 1) for g in governors[:2])


def test_publishing_the_same_version_again_sends_no_second_email(governors):
    held = a_meeting(starts_at=in_days(6), invite=governors)
    first = pack_publish(meeting=held)

    again = pack_publish(meeting=held)

    assert (again.version, again.sha256) == (first.version, first.sha256)
    assert len(pack_emails()) == 3


def test_a_paper_changed_after_publication_is_published_and_announced_again(governors):
    held = a_meeting(starts_at=in_days(6), invite=governors)
    pack_publish(meeting=held)
    BriefingPack.objects.filter(meeting=held).update(is_stale=True)

    pack = pack_publish(meeting=held)

    assert (pack.version, pack.is_stale) == (2, False)
    assert pack_emails(version=2) == sorted((g.pk, 2) for g in governors)


def test_the_email_links_to_the_packs_page_and_never_attaches_the_file(governors):
    held = a_meeting(starts_at=in_days(6), invite=governors[:1], title="Governors' briefing")
    pack_publish(meeting=held)

    send_due_emails()

    (message,) = mail.outbox
    assert message.subject.startswith("Briefing pack: Governors' briefing, ")
    assert "The briefing pack for this meeting has been published." in message.body
    assert f"{settings.PORTAL_BASE_URL}/packs/" in message.body
    assert f'href="{settings.PORTAL_BASE_URL}/packs/"' in message.alternatives[0][0]
    assert message.attachments == []


def test_the_email_of_a_republished_pack_says_it_was_updated(governors):
    held = a_meeting(starts_at=in_days(6), invite=governors[:1])
    pack_publish(meeting=held)
    send_due_emails()
    BriefingPack.objects.filter(meeting=held).update(is_stale=True)
    pack_publish(meeting=held)
    mail.outbox.clear()

    send_due_emails()

    (message,) = mail.outbox
    assert "has been updated since it was published" in message.body


# --- Publishing on time (the task) ---------------------------------------------------


def test_packs_are_published_pack_days_before_the_meeting(governors):
    due = a_meeting(starts_at=in_days(6), invite=governors, title="In six days")
    later = a_meeting(starts_at=in_days(8), invite=governors, title="In eight days")
    cancelled = a_meeting(starts_at=in_days(2), invite=governors, title="Cancelled",
                          status=Meeting.Status.CANCELLED)  # fmt: skip
    past = a_meeting(starts_at=in_days(-1), invite=governors, title="Yesterday")

    queued = tasks.publish_due_packs()

    published = set(BriefingPack.objects.filter(published_at__isnull=False).values_list(
        "meeting_id", flat=True))  # fmt: skip
    assert published == {due.pk}
    assert queued == 3
    assert not {later.pk, cancelled.pk, past.pk} & published


def test_running_the_publish_task_twice_sends_no_second_email(governors):
    a_meeting(starts_at=in_days(3), invite=governors)
    tasks.publish_due_packs()

    assert tasks.publish_due_packs() == 0
    assert len(pack_emails()) == 3
    assert BriefingPack.objects.get().version == 1


def test_the_task_republishes_a_stale_pack_and_tells_people_invited_since(governors):
    held = a_meeting(starts_at=in_days(3), invite=governors[:2])
    tasks.publish_due_packs()
    Invitation.objects.create(meeting=held, person=governors[2])

    assert tasks.publish_due_packs() == 1
    assert (governors[2].pk, 1) in pack_emails()

    BriefingPack.objects.filter(meeting=held).update(is_stale=True)
    assert tasks.publish_due_packs() == 3
    assert BriefingPack.objects.get().version == 2


def test_a_packs_own_publish_time_overrides_the_series_days(governors):
    early = a_meeting(starts_at=in_days(20), invite=governors)
    BriefingPack.objects.create(meeting=early, publish_at=timezone.now() - timedelta(minutes=1))
    held_back = a_meeting(starts_at=in_days(2), invite=governors, title="Held back")
    BriefingPack.objects.create(meeting=held_back, publish_at=in_days(1))

    assert [m.pk for m in packs_due(now=timezone.now())] == [early.pk]
    publish_due_packs()
    assert BriefingPack.objects.get(meeting=early).is_published


def test_beat_publishes_packs_every_15_minutes_and_reminds_daily():
    scheduled = {t.task: t for t in PeriodicTask.objects.select_related("crontab", "interval")}

    publish = scheduled["meetings.tasks.publish_due_packs"]
    assert publish.enabled and (publish.interval.every, publish.interval.period) == (
        15, "minutes",
    )  # fmt: skip
    for name in ("send_agenda_deadline_reminders", "send_overdue_action_reminders"):
        daily = scheduled[f"meetings.tasks.{name}"]
        assert daily.enabled and daily.crontab.hour.isdigit() and daily.crontab.day_of_week == "*"
        assert str(daily.crontab.timezone) == "Europe/London"


# --- The packs page and downloads ---------------------------------------------------


def governed_meeting(governor, *, title: str, days: int) -> Meeting:
    held = a_meeting(starts_at=in_days(days), invite=[governor], title=title)
    paper(held, f"{title} report", pages=1)
    pack_publish(meeting=held)
    return held


@pytest.fixture
def school_a_governor():
    person = factories.person(first_name="Gita", last_name="Governor")
    factories.governor(school=factories.school(name="School A"), person=person)
    return person


@pytest.fixture
def school_b_meeting():
    other = factories.person()
    factories.governor(school=factories.school(name="School B"), person=other)
    return governed_meeting(other, title="School B governors", days=4)


def test_a_governor_sees_the_packs_of_their_meetings_newest_first(
    client, school_a_governor, school_b_meeting
):
    governed_meeting(school_a_governor, title="Autumn briefing", days=2)
    governed_meeting(school_a_governor, title="Spring briefing", days=5)
    unpublished = a_meeting(starts_at=in_days(30), invite=[school_a_governor], title="Summer")
    client.force_login(school_a_governor)

    response = client.get("/packs/")

    assert response.status_code == 200
    titles = re.findall(r"Download the briefing pack<span[^>]*> for ([^,]+),", response.text)
    assert titles == ["Spring briefing", "Autumn briefing"]
    assert "School B governors" not in response.text and unpublished.title not in response.text


def test_a_republished_pack_is_tagged_updated(client, school_a_governor):
    held = governed_meeting(school_a_governor, title="Autumn briefing", days=2)
    client.force_login(school_a_governor)
    assert "Updated" not in client.get("/packs/").text

    BriefingPack.objects.filter(meeting=held).update(is_stale=True)
    pack_publish(meeting=held)

    assert (
        '<strong class="govuk-tag govuk-tag--yellow">Updated</strong>' in client.get("/packs/").text
    )


def test_someone_with_no_packs_is_told_when_they_come(client, school_a_governor):
    client.force_login(school_a_governor)

    assert "There are no briefing packs for you yet" in client.get("/packs/").text


def test_the_download_is_the_pdf_as_an_attachment_and_is_recorded(client, school_a_governor):
    held = governed_meeting(school_a_governor, title="Autumn briefing", days=2)
    client.force_login(school_a_governor)

    response = client.get(f"/packs/{held.pk}.pdf")

    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == held.pack.sha256
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="briefing-pack-')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")
    download = PaperDownload.objects.get()
    assert (download.pack_id, download.person_id, download.version) == (
        held.pack.pk, school_a_governor.pk, None,
    )  # fmt: skip


def test_a_governor_of_school_a_gets_404_for_school_bs_pack(
    client, school_a_governor, school_b_meeting
):
    client.force_login(school_a_governor)

    assert client.get(f"/packs/{school_b_meeting.pk}.pdf").status_code == 404
    assert client.get("/packs/999999.pdf").status_code == 404
    assert not PaperDownload.objects.exists()


def test_an_unpublished_pack_is_not_downloadable_even_when_compiled(client, school_a_governor):
    held = a_meeting(starts_at=in_days(20), invite=[school_a_governor])
    pack_compile(meeting=held)
    client.force_login(school_a_governor)

    assert client.get(f"/packs/{held.pk}.pdf").status_code == 404


def test_a_withdrawn_invitee_loses_the_pack(client, school_a_governor):
    held = governed_meeting(school_a_governor, title="Autumn briefing", days=2)
    Invitation.objects.filter(person=school_a_governor).update(withdrawn_at=timezone.now())
    client.force_login(school_a_governor)

    assert client.get(f"/packs/{held.pk}.pdf").status_code == 404
    assert "Autumn briefing" not in client.get("/packs/").text


def test_signed_out_visitors_are_sent_to_sign_in(client, school_b_meeting):
    for path in ["/packs/", f"/packs/{school_b_meeting.pk}.pdf"]:
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _packs_page_queries(client, governor, count: int) -> int:
    """Queries of the packs page for a governor with `count` published packs (built
    without compiling: the page reads rows, never files)."""
    briefing = series(body=body(), title="Termly briefing")
    for n in range(count):
        held = meeting(series=briefing, day=date(2026, 1, 5) + timedelta(days=n),
                       invite=[governor], title=f"Briefing {n}")  # fmt: skip
        BriefingPack.objects.create(meeting=held, version=1 + n % 2, file=f"packs/{n}.pdf",
                                    page_count=10, published_at=timezone.now())  # fmt: skip
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/packs/")
    assert response.status_code == 200
    assert response.text.count("Download the briefing pack") == count
    return len(captured)


def test_the_packs_page_query_count_does_not_grow_with_packs(client):
    few, many = factories.person(), factories.person()
    client.force_login(few)
    with_3 = _packs_page_queries(client, few, 3)
    client.force_login(many)

    assert _packs_page_queries(client, many, 30) == with_3


# --- An officer publishing now -------------------------------------------------------


def test_an_officer_publishes_a_pack_now(client, governors):
    held = a_meeting(starts_at=in_days(30), invite=governors)
    client.force_login(factories.officer())

    response = client.post(f"/packs/{held.pk}/publish/", follow=True)

    assert response.redirect_chain[-1][0] == f"/meetings/{held.pk}/"
    assert "Briefing pack published" in response.text
    assert BriefingPack.objects.get(meeting=held).is_published and len(pack_emails()) == 3
    again = client.post(f"/packs/{held.pk}/publish/", follow=True)
    assert "already published and up to date" in again.text
    assert len(pack_emails()) == 3


def test_only_officers_publish_and_only_by_post(client, governors):
    held = a_meeting(starts_at=in_days(30), invite=governors)
    client.force_login(governors[0])

    assert client.post(f"/packs/{held.pk}/publish/").status_code == 403
    client.force_login(factories.officer())
    assert client.get(f"/packs/{held.pk}/publish/").status_code == 405
    assert not BriefingPack.objects.exists()


# --- E-mails of the meeting's business ----------------------------------------------


def test_papers_due_email_names_the_deadline_and_the_owners_items():
    owner = factories.officer()
    briefing = series(body=body(), title="Headteachers' conference", agenda_deadline_days=10)
    held = meeting(series=briefing, day=date(2026, 10, 13), title="Headteachers' conference")
    item(held, 1, "Minutes of the last meeting")
    item(held, 2, "Exclusions data", owner=owner)
    OutboxEmail.objects.create(meeting=held, person=owner, kind=Kind.AGENDA_DEADLINE)

    send_due_emails()

    (message,) = mail.outbox  # sent though the owner is not invited
    assert message.subject == "Papers due: Headteachers' conference, Tuesday 13 October 2026"
    assert "are due by Saturday 3 October 2026." in message.body
    assert "- Item 2: Exclusions data" in message.body
    assert "Minutes of the last meeting" not in message.body
    assert f"{settings.PORTAL_BASE_URL}/papers/meetings/{held.pk}/" in message.body
    assert message.attachments == []


def test_overdue_action_email_lists_the_owners_open_overdue_actions():
    owner = factories.person(email="hana.head@school.example")
    held = a_meeting(starts_at=at(date(2026, 1, 13), time(16)), title="Primary heads")
    today = timezone.localdate()
    Action.objects.create(meeting=held, owner=owner, description="Send attendance data",
                          due_on=today - timedelta(days=3))  # fmt: skip
    Action.objects.create(meeting=held, owner=owner, description="Book the hall",
                          due_on=today + timedelta(days=3))  # fmt: skip
    OutboxEmail.objects.create(meeting=held, person=owner, kind=Kind.ACTION_OVERDUE,
                               version=today.toordinal())  # fmt: skip

    send_due_emails()

    (message,) = mail.outbox
    assert message.subject == "Overdue action: Primary heads, Tuesday 13 January 2026"
    assert "- Send attendance data (due " in message.body
    assert "Book the hall" not in message.body


def test_an_overdue_action_done_before_sending_is_not_emailed():
    owner = factories.person()
    held = a_meeting(starts_at=at(date(2026, 1, 13), time(16)))
    Action.objects.create(meeting=held, owner=owner, description="Send data",
                          due_on=timezone.localdate() - timedelta(days=1),
                          status=Action.Status.DONE)  # fmt: skip
    row = OutboxEmail.objects.create(meeting=held, person=owner, kind=Kind.ACTION_OVERDUE)

    send_due_emails()

    row.refresh_from_db()
    assert mail.outbox == [] and row.status == OutboxEmail.Status.SKIPPED


def test_the_cover_uses_london_time_across_the_clock_change():
    briefing = series(body=body(), title="Winter briefing")
    # 30 October 2026 is after the clocks go back: 4pm London is 16:00 UTC.
    held = meeting(series=briefing, day=date(2026, 10, 30), start=time(16), end=time(17))

    cover = texts(read(pack_compile(meeting=held)))[0]

    assert held.starts_at.astimezone(LONDON).hour == 16
    assert "Friday 30 October 2026, 4pm to 5pm" in cover


def test_an_agenda_change_after_publication_marks_the_pack_for_an_update(db):
    from meetings import business
    from meetings.models import BriefingPack

    published = BriefingPack.objects.create(
        meeting=_published_meeting_for_staleness(), published_at=timezone.now(), version=1
    )

    business.agenda_item_add(meeting=published.meeting, title="Late item")

    published.refresh_from_db()
    assert published.is_stale


def _published_meeting_for_staleness():
    from tests.partnerships import body, meeting, series

    return meeting(series=series(body=body(name="Staleness conference")))
