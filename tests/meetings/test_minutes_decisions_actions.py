"""Minutes drafted then approved at a later meeting, decisions set out as council papers
write them, actions with owners and overdue reminders; and the officers' pages."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import business
from meetings.models import Action, AgendaItem, OutboxEmail
from tests import factories
from tests.partnerships import body, meeting, school_day, series, term

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference():
    return series(body=body(name="Behaviour and Attendance Partnership"))


@pytest.fixture
def first_and_next(conference):
    spring = term()
    return (
        meeting(series=conference, day=school_day(spring, week=2)),
        meeting(series=conference, day=school_day(spring, week=6)),
    )


@pytest.fixture
def officer_client(client):
    client.force_login(factories.officer())
    return client


def item_of(meeting, title="Attendance strategy") -> AgendaItem:
    return business.agenda_item_add(meeting=meeting, title=title)


def fresh(item: AgendaItem) -> AgendaItem:
    return AgendaItem.objects.get(pk=item.pk)


# --- Minutes ----------------------------------------------------------------------------


def test_a_minute_is_saved_as_a_draft_and_can_be_rewritten(first_and_next):
    item = item_of(first_and_next[0])

    business.minute_save(item=item, text="The partnership discussed the strategy.")
    business.minute_save(item=item, text="  The partnership welcomed the strategy.  ")

    item = fresh(item)
    assert (item.minute, item.minute_status) == ("The partnership welcomed the strategy.", "draft")


def test_an_empty_minute_is_refused(first_and_next):
    with pytest.raises(ValidationError) as refused:
        business.minute_save(item=item_of(first_and_next[0]), text="   ")

    assert refused.value.message_dict == {"minute": ["Enter the minute of the item."]}


def test_minutes_are_approved_at_a_later_meeting_and_the_approval_is_recorded(first_and_next):
    first, following = first_and_next
    item = item_of(first)
    business.minute_save(item=item, text="Agreed to consult schools.")

    assert business.minutes_approve(at_meeting=following, items=[item]) == 1

    item = fresh(item)
    assert (item.minute_status, item.minute_approved_at) == ("approved", following)
    with pytest.raises(ValidationError, match="approved"):
        business.minute_save(item=item, text="Rewritten history.")


def test_minutes_cannot_be_approved_at_their_own_or_an_earlier_meeting(first_and_next):
    first, following = first_and_next
    item = item_of(following)
    business.minute_save(item=item, text="Draft.")

    for at_meeting in (following, first):
        with pytest.raises(ValidationError, match="earlier meetings"):
            business.minutes_approve(at_meeting=at_meeting, items=[item])
    assert fresh(item).minute_status == "draft"


def test_an_unminuted_item_or_another_bodys_minute_cannot_be_approved(first_and_next):
    first, following = first_and_next
    unminuted = item_of(first)
    elsewhere = item_of(meeting(series=series(body=body()), day=first.starts_at.date()))
    business.minute_save(item=elsewhere, text="Another body's business.")

    for item in (unminuted, elsewhere):
        with pytest.raises(ValidationError):
            business.minutes_approve(at_meeting=following, items=[item])


def test_approving_is_all_or_nothing(first_and_next):
    first, following = first_and_next
    good, bad = item_of(first, "Good"), item_of(first, "Unminuted")
    business.minute_save(item=good, text="Minuted.")

    with pytest.raises(ValidationError):
        business.minutes_approve(at_meeting=following, items=[good, bad])
    assert fresh(good).minute_status == "draft"


# --- Decisions ---------------------------------------------------------------------------


def test_a_decision_records_resolution_options_reasons_who_and_when(first_and_next):
    item = item_of(first_and_next[0])

    decision = business.decision_record(
        item=item,
        resolution="That the attendance strategy be adopted.",
        other_options="To keep the current approach.",
        reasons="Persistent absence has risen.",
        decided_by="The partnership",
    )

    assert decision.decided_on == business.meeting_day(first_and_next[0])
    assert (decision.resolution, decision.other_options, decision.reasons, decision.decided_by) == (
        "That the attendance strategy be adopted.", "To keep the current approach.",
        "Persistent absence has risen.", "The partnership",
    )  # fmt: skip


def test_a_decision_needs_a_resolution_and_a_date_not_before_the_meeting(first_and_next):
    item = item_of(first_and_next[0])

    with pytest.raises(ValidationError) as refused:
        business.decision_record(
            item=item, resolution=" ",
            decided_on=business.meeting_day(first_and_next[0]) - timedelta(days=1),
        )  # fmt: skip

    assert set(refused.value.message_dict) == {"resolution", "decided_on"}
    assert refused.value.message_dict["resolution"] == ["Enter what was resolved."]


# --- Actions -------------------------------------------------------------------------------


def test_an_action_needs_words_an_active_owner_and_a_due_date_after_the_meeting(first_and_next):
    first, following = first_and_next
    gone = factories.person(is_active=False)

    with pytest.raises(ValidationError) as refused:
        business.action_add(
            meeting=first, description="", owner=gone,
            due_on=business.meeting_day(first) - timedelta(days=1),
            agenda_item=item_of(following),
        )  # fmt: skip

    assert set(refused.value.message_dict) == {"description", "owner", "due_on", "agenda_item"}
    assert not Action.objects.exists()


def test_completing_an_action_twice_keeps_the_first_date(first_and_next):
    first, _ = first_and_next
    action = business.action_add(
        meeting=first, description="Write to schools", owner=factories.person(),
        due_on=business.meeting_day(first) + timedelta(days=7),
    )  # fmt: skip
    day = business.meeting_day(first) + timedelta(days=3)

    business.action_complete(action=action, on=day)
    business.action_complete(action=Action.objects.get(pk=action.pk))

    action = Action.objects.get(pk=action.pk)
    assert (action.status, action.done_on) == ("done", day)


def overdue_emails():
    return OutboxEmail.objects.filter(kind=OutboxEmail.Kind.ACTION_OVERDUE)


def test_overdue_action_owners_are_reminded_once_a_day(first_and_next):
    first, following = first_and_next
    owner, on_time = factories.person(), factories.person()
    due = business.meeting_day(first) + timedelta(days=2)
    business.action_add(meeting=first, description="Overdue one", owner=owner, due_on=due)
    business.action_add(meeting=first, description="Overdue two", owner=owner, due_on=due)
    business.action_add(
        meeting=following, description="Also late", owner=owner, due_on=due + timedelta(days=30)
    )
    business.action_add(
        meeting=first, description="Not yet due", owner=on_time, due_on=due + timedelta(days=5)
    )
    day_after = due + timedelta(days=1)

    assert business.queue_overdue_action_reminders(today=day_after) == 1
    assert business.queue_overdue_action_reminders(today=day_after) == 0
    assert business.queue_overdue_action_reminders(today=day_after + timedelta(days=1)) == 1
    assert list(overdue_emails().values_list("person_id", flat=True).distinct()) == [owner.pk]
    assert sorted(overdue_emails().values_list("version", flat=True)) == [
        day_after.toordinal(), day_after.toordinal() + 1,
    ]  # fmt: skip


def test_done_actions_are_not_reminded(first_and_next):
    first, _ = first_and_next
    due = business.meeting_day(first) + timedelta(days=2)
    action = business.action_add(
        meeting=first, description="Done in time", owner=factories.person(), due_on=due
    )
    business.action_complete(action=action)

    assert business.queue_overdue_action_reminders(today=due + timedelta(days=10)) == 0


# --- Pages ----------------------------------------------------------------------------------


def test_headteacher_cannot_open_the_minutes_decisions_or_actions_pages(client, first_and_next):
    first, following = first_and_next
    head = factories.person()
    factories.headship(school=factories.school(), person=head)
    item = item_of(first)
    action = business.action_add(
        meeting=first, description="X", owner=head,
        due_on=business.meeting_day(first) + timedelta(days=3),
    )  # fmt: skip
    client.force_login(head)

    for url in [
        f"/meetings/{first.pk}/minutes/", f"/meetings/{following.pk}/minutes/approve/",
        f"/meetings/agenda-items/{item.pk}/minute/",
        f"/meetings/agenda-items/{item.pk}/decisions/add/", f"/meetings/{first.pk}/actions/",
        f"/meetings/{first.pk}/actions/add/",
    ]:  # fmt: skip
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"minute": "Mine", "resolution": "Mine"}).status_code == 403, url
    assert client.post(f"/meetings/actions/{action.pk}/done/").status_code == 403
    assert fresh(item).minute == "" and not item.decisions.exists()
    assert Action.objects.get(pk=action.pk).status == "open"


def test_officer_drafts_a_minute_then_approves_it_at_the_next_meeting(
    officer_client, first_and_next
):
    first, following = first_and_next
    item = item_of(first)

    officer_client.post(f"/meetings/agenda-items/{item.pk}/minute/", {"minute": "Agreed."})
    page = officer_client.get(f"/meetings/{following.pk}/minutes/approve/")
    assert "Agreed." in page.text
    response = officer_client.post(
        f"/meetings/{following.pk}/minutes/approve/", {"items": [item.pk]}
    )

    assert response.status_code == 302
    assert fresh(item).minute_approved_at == following
    record = officer_client.get(f"/meetings/{first.pk}/minutes/")
    assert "Approved at the meeting of" in record.text


def test_approving_nothing_or_a_stranger_shows_an_error_summary(officer_client, first_and_next):
    first, following = first_and_next
    item = item_of(first)
    business.minute_save(item=item, text="Draft.")

    for data in ({}, {"items": ["999999"]}, {"items": ["x"]}):
        response = officer_client.post(f"/meetings/{following.pk}/minutes/approve/", data)
        assert response.status_code == 200
        assert "There is a problem" in response.text
    assert fresh(item).minute_status == "draft"


def test_officer_records_a_decision_and_it_reads_like_a_council_paper(
    officer_client, first_and_next
):
    first, _ = first_and_next
    item = item_of(first)

    response = officer_client.post(
        f"/meetings/agenda-items/{item.pk}/decisions/add/",
        {
            "resolution": "That the strategy be adopted.", "other_options": "Do nothing.",
            "reasons": "Absence has risen.", "decided_by": "",
            "decided_on": str(business.meeting_day(first)),
        },
    )  # fmt: skip
    assert response.status_code == 302
    page = officer_client.get(f"/meetings/{first.pk}/minutes/")

    for words in ("RESOLVED", "That the strategy be adopted.", "Other options considered",
                  "Do nothing.", "Reasons for decision", "Absence has risen."):  # fmt: skip
        assert words in page.text


def test_a_bad_decision_date_is_an_error_not_a_500(officer_client, first_and_next):
    item = item_of(first_and_next[0])

    for day in ("31/02/2027", "not a date", "1999-01-01"):
        response = officer_client.post(
            f"/meetings/agenda-items/{item.pk}/decisions/add/",
            {"resolution": "That it be done.", "decided_on": day},
        )
        assert response.status_code == 200, day
        assert "There is a problem" in response.text
    assert not item.decisions.exists()


def test_officer_adds_an_action_by_owner_email_and_marks_it_done(officer_client, first_and_next):
    first, following = first_and_next
    owner = factories.person(email="sam.lee@police.example")
    item = item_of(first)

    response = officer_client.post(
        f"/meetings/{first.pk}/actions/add/",
        {"description": "Share the protocol", "owner_email": "sam.lee@police.example",
         "due_on": str(business.meeting_day(first) + timedelta(days=14)),
         "agenda_item": str(item.pk)},
    )  # fmt: skip
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.owner, action.agenda_item) == (owner, item)
    assert "Share the protocol" in officer_client.get(f"/meetings/{following.pk}/actions/").text

    officer_client.post(f"/meetings/actions/{action.pk}/done/", {"meeting": following.pk})

    assert Action.objects.get().status == "done"
    page = officer_client.get(f"/meetings/{following.pk}/actions/").text
    assert "No actions from earlier meetings of the series are open." in page


def test_an_unknown_owner_is_an_error_on_the_owner_field(officer_client, first_and_next):
    first, _ = first_and_next

    response = officer_client.post(
        f"/meetings/{first.pk}/actions/add/",
        {"description": "X", "owner_email": "ghost@example.test", "due_on": "2099-01-01",
         "agenda_item": "424242"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "No one with the e-mail address ghost@example.test has an account" in response.text
    assert "Select a valid choice" in response.text
    assert not Action.objects.exists()


def test_minutes_page_query_count_does_not_grow_with_items(officer_client, first_and_next):
    first, _ = first_and_next
    url = f"/meetings/{first.pk}/minutes/"
    officer_client.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert officer_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    item = item_of(first, "First")
    business.decision_record(item=item, resolution="Done.")
    few = queries()
    for n in range(8):
        more = item_of(first, f"Item {n}")
        business.minute_save(item=more, text=f"Minute {n}")
        business.decision_record(item=more, resolution=f"Resolution {n}")
        business.action_add(
            meeting=first, agenda_item=more, description=f"Action {n}", owner=factories.person(),
            due_on=business.meeting_day(first) + timedelta(days=9),
        )  # fmt: skip

    assert queries() == few
