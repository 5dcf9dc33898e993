"""Full-text search over agendas, minutes, decisions and papers' text, within what the
person may open: a governor never finds school B's confidential paper, nor anything of
a meeting they are not invited to."""

import pytest
from django.db import connection

from meetings import business, search
from meetings.models import Paper, PaperVersion
from tests import factories
from tests.meetings.test_public_page import paper
from tests.partnerships import body, meeting, school_day, series, term

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search proper runs on PostgreSQL"
)


@pytest.fixture
def governor_a():
    person = factories.person(first_name="Alex", last_name="Governor")
    factories.governor(school=factories.school(name="School A"), person=person)
    return person


@pytest.fixture
def briefing(governor_a):
    """The termly governors' briefing: governor A is invited; a confidential paper about
    school B names someone else."""
    briefing = meeting(series=series(body=body(name="Governors' briefing")), invite=[governor_a])
    item = business.agenda_item_add(meeting=briefing, title="Safeguarding audit findings")
    business.minute_save(item=item, text="Governors discussed safeguarding audit returns.")
    business.decision_record(item=item, resolution="That the safeguarding audit be repeated.")
    paper(briefing, "Safeguarding audit summary", item=item, access=Paper.Access.INVITEES,
          text="Every school returned its safeguarding audit on time.")  # fmt: skip
    confidential = paper(
        briefing, "School B safeguarding concerns", access=Paper.Access.CONFIDENTIAL,
        text="Safeguarding concerns at School B.",
    )  # fmt: skip
    confidential.named_people.add(factories.person())
    return briefing


@pytest.fixture
def closed_meeting():
    """A meeting governor A is not invited to, with matching words everywhere."""
    closed = meeting(series=series(body=body(name="Headteachers' executive")))
    item = business.agenda_item_add(meeting=closed, title="Safeguarding audit: heads only")
    business.minute_save(item=item, text="Heads discussed the safeguarding audit.")
    business.decision_record(item=item, resolution="Safeguarding audit to the executive.")
    paper(closed, "Heads' safeguarding note", access=Paper.Access.INVITEES,
          text="Safeguarding audit for heads.")  # fmt: skip
    return closed


def found(actor, query) -> list[tuple[str, str]]:
    return [(hit.kind, hit.title) for hit in search.search(actor=actor, query=query)]


def test_governor_finds_only_what_they_may_open(governor_a, briefing, closed_meeting):
    hits = search.search(actor=governor_a, query="safeguarding audit")

    assert {hit.meeting.pk for hit in hits} == {briefing.pk}
    titles = {hit.title for hit in hits}
    assert "School B safeguarding concerns" not in titles
    # The draft minute is not the record yet: officers only.
    assert ("Minute", "Minute: Safeguarding audit findings") not in found(governor_a, "audit")
    assert {("Agenda item", "Safeguarding audit findings"),
            ("Decision", "Decision: Safeguarding audit findings"),
            ("Paper", "Safeguarding audit summary")} <= set(found(governor_a, "audit"))  # fmt: skip


def test_a_named_person_finds_the_confidential_paper(governor_a, briefing):
    Paper.objects.get(title="School B safeguarding concerns").named_people.add(governor_a)

    assert ("Paper", "School B safeguarding concerns") in found(governor_a, "concerns")


def test_governor_finds_an_approved_minute(governor_a, briefing):
    later = meeting(series=briefing.series, day=school_day(term(), week=6))
    business.minutes_approve(at_meeting=later, items=list(briefing.agenda_items.all()))

    assert ("Minute", "Minute: Safeguarding audit findings") in found(governor_a, "returns")


def test_officer_finds_everything_including_drafts(briefing, closed_meeting):
    officer = factories.officer()

    hits = found(officer, "safeguarding")

    assert ("Paper", "School B safeguarding concerns") in hits
    assert ("Minute", "Minute: Safeguarding audit findings") in hits
    assert ("Agenda item", "Safeguarding audit: heads only") in hits


def test_someone_invited_to_nothing_finds_nothing(briefing, closed_meeting):
    assert found(factories.person(), "safeguarding") == []


def test_only_the_current_version_of_a_paper_is_searched(governor_a, briefing):
    summary = Paper.objects.get(title="Safeguarding audit summary")
    PaperVersion.objects.create(
        paper=summary, number=2, file="papers/test/v2.pdf", original_name="v2.pdf",
        content_type="application/pdf", size=10, sha256="1" * 64, text="Replaced wording.",
    )  # fmt: skip

    assert ("Paper", "Safeguarding audit summary") in found(governor_a, "replaced")
    assert ("Paper", "Safeguarding audit summary") not in found(governor_a, "returned")


@postgres_only
def test_words_are_stemmed_and_ranked_with_highlighted_excerpts(governor_a, briefing):
    hits = search.search(actor=governor_a, query="audits")

    assert hits and all(hit.rank > 0 for hit in hits)
    assert [h.rank for h in hits] == sorted((h.rank for h in hits), reverse=True)
    assert "<mark>audit</mark>" in "".join(hit.excerpt for hit in hits)


@postgres_only
def test_any_input_is_a_valid_query(governor_a, briefing):
    for query in ['"unclosed', "a & | ! (", "-safeguarding", "'; drop table", "or"]:
        search.search(actor=governor_a, query=query)


def test_excerpts_escape_the_documents_html(governor_a, briefing):
    item = business.agenda_item_add(meeting=briefing, title="<script>alert(1)</script> audit")

    hits = search.search(actor=governor_a, query="audit")

    excerpt = next(h.excerpt for h in hits if h.title == item.title)
    assert "<script" not in excerpt and "<mark>audit</mark>" in excerpt


def test_search_page_needs_sign_in_and_checks_the_query(client, governor_a, briefing):
    assert client.get("/meetings/search/", {"q": "audit"}).status_code == 302
    client.force_login(governor_a)

    response = client.get("/meetings/search/", {"q": "safeguarding audit"})
    assert response.status_code == 200
    assert "Safeguarding audit summary" in response.text
    assert "School B safeguarding concerns" not in response.text

    too_long = client.get("/meetings/search/", {"q": "x" * 201})
    assert "There is a problem" in too_long.text
    assert "Enter 200 characters or fewer." in too_long.text
    assert "There is a problem" in client.get("/meetings/search/", {"q": ""}).text
    assert "There is a problem" not in client.get("/meetings/search/").text


def test_search_runs_one_query_per_source(governor_a, briefing, django_assert_max_num_queries):
    officer = factories.officer()
    # One more: the person's roles, read once and kept for the request.
    with django_assert_max_num_queries(len(search.SOURCES) + 1):
        search.search(actor=officer, query="safeguarding")
