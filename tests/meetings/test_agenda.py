"""A meeting's agenda: items in contiguous order, standing items from the series,
matters arising, the agenda deadline reminder, and the officers' agenda pages."""

import re
from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import business
from meetings.models import Action, AgendaItem, Meeting, OutboxEmail
from tests import factories
from tests.partnerships import at, body, meeting, school_day, series, term

pytestmark = pytest.mark.django_db

FOUR_PM = time(16, 0)


@pytest.fixture
def conference():
    return series(body=body(name="Secondary headteachers' conference"))


@pytest.fixture
def held(conference):
    return meeting(series=conference)


@pytest.fixture
def officer_client(client):
    client.force_login(factories.officer())
    return client


def titles(meeting: Meeting) -> list[str]:
    return list(meeting.agenda_items.order_by("position").values_list("title", flat=True))


def positions(meeting: Meeting) -> list[int]:
    return list(meeting.agenda_items.order_by("position").values_list("position", flat=True))


def add(meeting: Meeting, *names: str, **fields) -> list[AgendaItem]:
    return [business.agenda_item_add(meeting=meeting, title=name, **fields) for name in names]


# --- Positions stay 1..n ----------------------------------------------------------------


def test_items_are_added_at_the_end_in_order(held):
    add(held, "Admissions", "Exclusions", "Budget")

    assert titles(held) == ["Admissions", "Exclusions", "Budget"]
    assert positions(held) == [1, 2, 3]


def test_an_item_added_at_a_position_moves_later_items_down(held):
    add(held, "Admissions", "Budget")

    business.agenda_item_add(meeting=held, title="Exclusions", position=2)

    assert titles(held) == ["Admissions", "Exclusions", "Budget"]
    assert positions(held) == [1, 2, 3]


@pytest.mark.parametrize(
    ("to", "expected"),
    [(1, ["D", "A", "B", "C"]), (3, ["A", "B", "D", "C"]), (4, ["A", "B", "C", "D"])],
)
def test_moving_an_item_closes_up_around_it(held, to, expected):
    *_, last = add(held, "A", "B", "C", "D")

    business.agenda_item_move(item=last, position=to)

    assert titles(held) == expected
    assert positions(held) == [1, 2, 3, 4]


def test_moving_an_item_down_and_up(held):
    first, *_ = add(held, "A", "B", "C")

    business.agenda_item_move(item=first, position=3)
    assert titles(held) == ["B", "C", "A"]
    business.agenda_item_move(item=AgendaItem.objects.get(pk=first.pk), position=2)
    assert titles(held) == ["B", "A", "C"]


def test_removing_an_item_closes_the_gap(held):
    _, middle, _ = add(held, "A", "B", "C")

    business.agenda_item_remove(item=middle)

    assert titles(held) == ["A", "C"]
    assert positions(held) == [1, 2]


def test_a_position_outside_the_agenda_is_refused(held):
    item, _ = add(held, "A", "B")

    with pytest.raises(ValidationError) as refused:
        business.agenda_item_move(item=item, position=3)

    assert refused.value.message_dict == {"position": ["Choose a position from 1 to 2."]}


def test_an_item_with_a_decision_cannot_be_removed(held):
    (item,) = add(held, "Admissions policy")
    business.decision_record(item=item, resolution="That the policy be approved.")

    with pytest.raises(ValidationError, match="decision recorded"):
        business.agenda_item_remove(item=item)
    assert titles(held) == ["Admissions policy"]


def test_item_fields_are_checked_with_clear_messages(held):
    with pytest.raises(ValidationError) as refused:
        business.agenda_item_add(meeting=held, title="  ", purpose="gossip", minutes_allotted=0)

    assert refused.value.message_dict == {
        "title": ["Enter the title of the item."],
        "purpose": ["Choose whether the item is for decision, discussion or information."],
        "minutes_allotted": ["Enter the time allotted in minutes, from 1 to 480."],
    }
    assert not held.agenda_items.exists()


def test_a_cancelled_meetings_agenda_cannot_change(conference):
    cancelled = meeting(series=conference, status=Meeting.Status.CANCELLED)

    with pytest.raises(ValidationError, match="cancelled"):
        business.agenda_item_add(meeting=cancelled, title="Admissions")


# --- Standing items and matters arising ----------------------------------------------------


def test_standing_items_go_to_the_top_in_the_series_order(held):
    add(held, "Admissions")

    added = business.agenda_add_standing_items(meeting=held)

    assert [i.title for i in added] == ["Minutes of the last meeting", "Matters arising"]
    assert titles(held) == ["Minutes of the last meeting", "Matters arising", "Admissions"]
    assert positions(held) == [1, 2, 3]
    assert all(i.is_standing for i in added)


def test_adding_standing_items_twice_adds_nothing_the_second_time(held):
    business.agenda_add_standing_items(meeting=held)

    assert business.agenda_add_standing_items(meeting=held) == []
    assert titles(held) == ["Minutes of the last meeting", "Matters arising"]


def test_a_standing_item_added_to_the_series_later_joins_the_others(conference, held):
    business.agenda_add_standing_items(meeting=held)
    add(held, "Budget")
    conference.standing_items = "Minutes of the last meeting\nMatters arising\nDeclarations"
    conference.save()

    business.agenda_add_standing_items(meeting=Meeting.objects.get(pk=held.pk))

    assert titles(held) == [
        "Minutes of the last meeting", "Matters arising", "Declarations", "Budget",
    ]  # fmt: skip


def test_matters_arising_carries_open_actions_of_earlier_meetings_of_the_series(conference):
    spring = term()
    earlier = meeting(series=conference, day=school_day(spring, week=2))
    later = meeting(series=conference, day=school_day(spring, week=6))
    other_series = meeting(series=series(body=conference.body), day=school_day(spring, week=2))
    owner = factories.person()
    due = school_day(spring, week=4)
    carried = business.action_add(meeting=earlier, description="Draft the policy", owner=owner,
                                  due_on=due)  # fmt: skip
    done = business.action_add(meeting=earlier, description="Book a room", owner=owner, due_on=due)
    business.action_complete(action=done)
    business.action_add(meeting=other_series, description="Elsewhere", owner=owner, due_on=due)
    business.action_add(meeting=later, description="Agreed later", owner=owner,
                        due_on=school_day(spring, week=7))  # fmt: skip

    assert list(business.carried_actions(meeting=later)) == [carried]
    assert list(business.carried_actions(meeting=earlier)) == []


# --- Agenda deadline reminders -------------------------------------------------------------


def _deadline_meeting(conference, *, days_from_now: float, owner):
    """A meeting whose agenda deadline is `days_from_now` days away."""
    starts = at(date.today(), FOUR_PM) + timedelta(
        days=conference.agenda_deadline_days + days_from_now
    )
    created = meeting(series=conference, day=starts.date(), in_term=term())
    business.agenda_item_add(meeting=created, title="Attendance report", owner=owner)
    return created


def deadline_emails():
    return OutboxEmail.objects.filter(kind=OutboxEmail.Kind.AGENDA_DEADLINE)


def test_owners_are_reminded_once_when_the_deadline_is_within_two_days(conference):
    owner, other_owner = factories.person(), factories.person()
    soon = _deadline_meeting(conference, days_from_now=1, owner=owner)
    business.agenda_item_add(meeting=soon, title="Exclusions", owner=owner)
    business.agenda_item_add(meeting=soon, title="Budget", owner=other_owner)
    _deadline_meeting(conference, days_from_now=5, owner=factories.person())

    now = at(date.today(), FOUR_PM)
    assert business.queue_agenda_deadline_reminders(now=now) == 2
    assert business.queue_agenda_deadline_reminders(now=now) == 0
    assert business.queue_agenda_deadline_reminders(now=now + timedelta(hours=5)) == 0

    assert sorted(deadline_emails().values_list("meeting_id", "person_id")) == sorted(
        [(soon.pk, owner.pk), (soon.pk, other_owner.pk)]
    )


def test_no_reminder_after_the_deadline_or_for_a_cancelled_meeting(conference):
    owner = factories.person()
    _deadline_meeting(conference, days_from_now=-1, owner=owner)
    cancelled = _deadline_meeting(conference, days_from_now=1, owner=owner)
    Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED)

    assert business.queue_agenda_deadline_reminders(now=at(date.today(), FOUR_PM)) == 0


def test_a_moved_meeting_reminds_owners_again(conference):
    owner = factories.person()
    soon = _deadline_meeting(conference, days_from_now=1, owner=owner)
    now = at(date.today(), FOUR_PM)
    business.queue_agenda_deadline_reminders(now=now)
    Meeting.objects.filter(pk=soon.pk).update(sequence=soon.sequence + 1)

    assert business.queue_agenda_deadline_reminders(now=now) == 1
    assert deadline_emails().count() == 2


# --- Pages -----------------------------------------------------------------------------------


def agenda_rows(response) -> list[str]:
    return re.findall(r'<td class="govuk-table__cell">(\d+)</td>', response.text)


def test_headteacher_cannot_see_or_change_the_agenda_of_a_meeting_they_are_invited_to(
    client, conference
):
    head = factories.person()
    factories.headship(school=factories.school(), person=head)
    invited = meeting(series=conference, invite=[head])
    (item,) = add(invited, "Admissions")
    client.force_login(head)

    for url in [
        f"/meetings/{invited.pk}/agenda/", f"/meetings/{invited.pk}/agenda/add/",
        f"/meetings/agenda-items/{item.pk}/edit/", f"/meetings/agenda-items/{item.pk}/remove/",
    ]:  # fmt: skip
        assert client.get(url).status_code == 403, url
    for url in [
        f"/meetings/{invited.pk}/agenda/add/", f"/meetings/{invited.pk}/agenda/standing-items/",
        f"/meetings/agenda-items/{item.pk}/move/", f"/meetings/agenda-items/{item.pk}/remove/",
    ]:  # fmt: skip
        assert client.post(url, {"title": "Mine", "direction": "up"}).status_code == 403, url
    assert titles(invited) == ["Admissions"]


def test_officer_adds_an_item_with_an_owner_by_email(officer_client, held):
    owner = factories.person(email="jo.smith@school.example")

    response = officer_client.post(
        f"/meetings/{held.pk}/agenda/add/",
        {"title": "Attendance report", "purpose": "decision", "presenter": "Jo Smith",
         "owner_email": "Jo.Smith@school.example", "minutes_allotted": "15"},
    )  # fmt: skip

    assert response.status_code == 302
    item = held.agenda_items.get()
    assert (item.title, item.purpose, item.owner, item.minutes_allotted) == (
        "Attendance report", "decision", owner, 15,
    )  # fmt: skip


def test_bad_input_shows_an_error_summary_not_a_500(officer_client, held):
    response = officer_client.post(
        f"/meetings/{held.pk}/agenda/add/",
        {"title": "", "purpose": "x", "owner_email": "nobody@example.test",
         "minutes_allotted": "lots"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter the title of the item." in response.text
    assert "No one with the e-mail address nobody@example.test has an account" in response.text
    assert "Enter the time allotted as a number of minutes" in response.text
    assert response.text.count("govuk-form-group--error") == 4
    assert not held.agenda_items.exists()


def test_officer_moves_an_item_up_and_removes_one(officer_client, held):
    first, second, third = add(held, "A", "B", "C")

    officer_client.post(f"/meetings/agenda-items/{third.pk}/move/", {"direction": "up"})
    assert titles(held) == ["A", "C", "B"]
    response = officer_client.post(f"/meetings/agenda-items/{first.pk}/move/", {"direction": "up"})
    assert response.status_code == 302 and titles(held) == ["A", "C", "B"]
    officer_client.post(f"/meetings/agenda-items/{first.pk}/move/", {"direction": "sideways"})
    officer_client.post(f"/meetings/agenda-items/{second.pk}/remove/")

    assert titles(held) == ["A", "C"]


def test_the_standing_items_button_adds_them_once(officer_client, held):
    officer_client.post(f"/meetings/{held.pk}/agenda/standing-items/")
    response = officer_client.post(f"/meetings/{held.pk}/agenda/standing-items/", follow=True)

    assert "The standing items are already on the agenda." in response.text
    assert titles(held) == ["Minutes of the last meeting", "Matters arising"]


def test_agenda_page_lists_items_and_carried_actions(officer_client, conference):
    spring = term()
    earlier = meeting(series=conference, day=school_day(spring, week=2))
    later = meeting(series=conference, day=school_day(spring, week=6))
    business.action_add(meeting=earlier, description="Circulate the draft protocol",
                        owner=factories.person(), due_on=school_day(spring, week=4))  # fmt: skip
    business.agenda_add_standing_items(meeting=later)
    add(later, "Admissions")

    response = officer_client.get(f"/meetings/{later.pk}/agenda/")

    assert response.status_code == 200
    assert agenda_rows(response) == ["1", "2", "3"]
    assert "Circulate the draft protocol" in response.text
    assert "Papers are due by" in response.text


def test_agenda_page_query_count_does_not_grow_with_items(officer_client, conference):
    spring = term()
    earlier = meeting(series=conference, day=school_day(spring, week=2))
    later = meeting(series=conference, day=school_day(spring, week=6))
    business.agenda_add_standing_items(meeting=later)
    officer_client.get(f"/meetings/{later.pk}/agenda/")  # warm the session and roles

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert officer_client.get(f"/meetings/{later.pk}/agenda/").status_code == 200
        return len(ctx.captured_queries)

    few = queries_for_page()
    for n in range(12):
        business.agenda_item_add(meeting=later, title=f"Item {n}", owner=factories.person())
        business.action_add(
            meeting=earlier, description=f"Action {n}", owner=factories.person(),
            due_on=school_day(spring, week=4),
        )  # fmt: skip

    assert queries_for_page() == few
    assert Action.objects.count() == 12
