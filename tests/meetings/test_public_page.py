"""The public record of bodies that publish: agenda, public papers, approved minutes and
decisions; nothing else, no sign-in, and a 404 for bodies that do not publish."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import business
from meetings.models import Paper, PaperVersion
from tests import factories
from tests.partnerships import body, meeting, school_day, series, term

pytestmark = pytest.mark.django_db


def paper(meeting, title, *, access=Paper.Access.PUBLIC, item=None, text="") -> Paper:
    """A paper with one stored version (no file bytes needed for metadata and search)."""
    created = Paper.objects.create(meeting=meeting, agenda_item=item, title=title, access=access)
    PaperVersion.objects.create(
        paper=created, number=1, file=f"papers/test/{created.pk}.pdf",
        original_name=f"{title}.pdf", content_type="application/pdf", size=1234,
        sha256="0" * 64, page_count=3, text=text,
    )  # fmt: skip
    return created


@pytest.fixture
def partnership():
    return series(body=body(name="Secondary Improving Behaviour and Attendance Partnership"),
                  publishes=True)  # fmt: skip


@pytest.fixture
def published(partnership):
    spring = term()
    earlier = meeting(series=partnership, day=school_day(spring, week=2))
    shown = meeting(series=partnership, day=school_day(spring, week=6))
    item = business.agenda_item_add(
        meeting=earlier, title="Fair access protocol", purpose="decision", presenter="Jo Smith"
    )
    business.minute_save(item=item, text="The partnership agreed the revised protocol.")
    business.minutes_approve(at_meeting=shown, items=[item])
    business.decision_record(
        item=item, resolution="That the revised fair access protocol be adopted.",
        other_options="Keeping the 2019 protocol.", reasons="Admissions changed in 2024.",
        decided_by="The partnership",
    )  # fmt: skip
    draft = business.agenda_item_add(meeting=earlier, title="Alternative provision")
    business.minute_save(item=draft, text="Draft words not yet agreed.")
    paper(earlier, "Protocol report", item=item)
    paper(earlier, "Pupil case list", item=item, access=Paper.Access.CONFIDENTIAL)
    paper(earlier, "Members' briefing", item=draft, access=Paper.Access.INVITEES)
    paper(earlier, "Annual summary")
    business.action_add(
        meeting=earlier, description="Secret action owner list", owner=factories.person(),
        due_on=business.meeting_day(earlier),
    )  # fmt: skip
    return earlier


def test_anyone_sees_agenda_public_papers_approved_minutes_and_decisions(client, published):
    response = client.get(f"/public/meetings/{published.pk}/")

    assert response.status_code == 200
    page = response.text
    for words in (
        "1. Fair access protocol", "For decision", "Jo Smith", "2. Alternative provision",
        "The partnership agreed the revised protocol.", "RESOLVED",
        "That the revised fair access protocol be adopted.", "Other options considered",
        "Keeping the 2019 protocol.", "Reasons for decision", "Admissions changed in 2024.",
        "Protocol report", "Annual summary",
    ):  # fmt: skip
        assert words in page, words
    protocol = Paper.objects.get(title="Protocol report")
    assert f'href="/papers/{protocol.pk}/download' in page


def test_draft_minutes_private_papers_attendance_and_actions_stay_private(client, published):
    page = client.get(f"/public/meetings/{published.pk}/").text

    for words in ("Draft words not yet agreed.", "Pupil case list", "Members&#x27; briefing",
                  "Members' briefing", "Secret action", "Apologies"):  # fmt: skip
        assert words not in page, words


def test_a_meeting_of_a_body_that_does_not_publish_is_not_found(client):
    private = meeting(series=series(body=body(), publishes=False))
    client.force_login(factories.officer())

    assert client.get(f"/public/meetings/{private.pk}/").status_code == 404
    assert client.get("/public/meetings/999999/").status_code == 404


def test_the_list_shows_only_published_meetings(client, published):
    private = meeting(series=series(body=body(name="Private panel")), title="Private panel")

    page = client.get("/public/meetings/").text

    assert f"/public/meetings/{published.pk}/" in page
    assert f"/public/meetings/{private.pk}/" not in page


def test_public_page_query_count_does_not_grow_with_items_and_papers(client, partnership):
    small, large = meeting(series=partnership), meeting(series=partnership)
    for n in range(10):
        item = business.agenda_item_add(meeting=large, title=f"Item {n}")
        business.decision_record(item=item, resolution=f"Resolution {n}")
        paper(large, f"Paper {n}", item=item)
    business.agenda_item_add(meeting=small, title="Only item")

    def queries(m) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/public/meetings/{m.pk}/").status_code == 200
        return len(ctx.captured_queries)

    assert queries(large) == queries(small)


def _stored_paper(tmp_path, settings, meeting, title, access):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    created = Paper.objects.create(meeting=meeting, title=title, access=access)
    version = PaperVersion(
        paper=created, number=1, original_name=f"{title}.pdf",
        content_type="application/pdf", size=8, sha256="0" * 64,
    )  # fmt: skip
    version.file.save(f"{title}.pdf", ContentFile(b"%PDF-1.7"), save=False)
    version.save()
    return created


def test_a_visitor_downloads_a_public_paper_of_a_publishing_body(
    client, partnership, tmp_path, settings
):
    public = _stored_paper(
        tmp_path, settings, meeting(series=partnership), "Protocol", Paper.Access.PUBLIC
    )

    response = client.get(f"/papers/{public.pk}/download")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7"
    assert public.versions.get().downloads.get().person is None


def test_a_visitor_is_sent_to_sign_in_for_any_other_paper(client, tmp_path, settings):
    private_series = series(body=body(name="Working group"), publishes=False)
    unpublished = _stored_paper(
        tmp_path, settings, meeting(series=private_series), "Draft", Paper.Access.INVITEES
    )

    response = client.get(f"/papers/{unpublished.pk}/download")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
