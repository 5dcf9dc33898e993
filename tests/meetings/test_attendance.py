"""Attendance taken at a meeting (present, apologies, absent, substitute) and the
quorum where the body sets one."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings import business
from meetings.models import Invitation, Meeting
from tests import factories
from tests.partnerships import body, meeting, series

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return [factories.person(last_name=f"Member {n}") for n in range(4)]


@pytest.fixture
def executive(people):
    conference = series(body=body(name="Headteacher Standing Conference Executive", quorum=3))
    return meeting(series=conference, invite=people)


@pytest.fixture
def officer_client(client):
    client.force_login(factories.officer())
    return client


def attendance_of(meeting: Meeting) -> dict[int, str]:
    return dict(meeting.invitations.values_list("person_id", "attendance"))


def test_attendance_is_recorded_for_an_invitee(executive, people):
    business.attendance_record(meeting=executive, person=people[0], attendance="apologies")

    assert attendance_of(executive)[people[0].pk] == "apologies"


def test_someone_not_invited_has_no_attendance(executive):
    stranger = factories.person(first_name="Pat", last_name="Jones")

    with pytest.raises(ValidationError) as refused:
        business.attendance_record(meeting=executive, person=stranger, attendance="present")

    assert refused.value.message_dict == {"person": ["Pat Jones is not invited to this meeting."]}


def test_a_withdrawn_invitee_has_no_attendance(executive, people):
    Invitation.objects.filter(meeting=executive, person=people[0]).update(
        withdrawn_at=timezone.now()
    )

    with pytest.raises(ValidationError, match="not invited"):
        business.attendance_record(meeting=executive, person=people[0], attendance="present")


def test_an_unknown_attendance_is_refused(executive, people):
    with pytest.raises(ValidationError) as refused:
        business.attendance_record(meeting=executive, person=people[0], attendance="late")

    assert "attendance" in refused.value.message_dict


def test_quorum_counts_those_present_and_substitutes(executive, people):
    assert business.quorum_for(executive) == business.Quorum(present=0, quorum=3, met=False)

    business.attendance_take(
        meeting=executive,
        marks={people[0].pk: "present", people[1].pk: "substitute", people[2].pk: "apologies",
               people[3].pk: "absent"},
    )  # fmt: skip
    assert business.quorum_for(executive) == business.Quorum(present=2, quorum=3, met=False)

    business.attendance_record(meeting=executive, person=people[3], attendance="present")
    assert business.quorum_for(executive) == business.Quorum(present=3, quorum=3, met=True)


def test_a_body_without_a_quorum_has_none_to_meet(people):
    informal = meeting(series=series(body=body()), invite=people[:1])
    business.attendance_record(meeting=informal, person=people[0], attendance="present")

    assert business.quorum_for(informal) == business.Quorum(present=1, quorum=None, met=None)


def test_taking_attendance_is_all_or_nothing(executive, people):
    with pytest.raises(ValidationError):
        business.attendance_take(
            meeting=executive,
            marks={people[0].pk: "present", factories.person().pk: "present"},
        )

    assert set(attendance_of(executive).values()) == {""}


# --- The page ------------------------------------------------------------------------------


def test_headteacher_cannot_take_attendance(client, executive, people):
    factories.headship(school=factories.school(), person=people[0])
    client.force_login(people[0])
    url = f"/meetings/{executive.pk}/attendance/"

    assert client.get(url).status_code == 403
    assert client.post(url, {f"attendance-{people[0].pk}": "present"}).status_code == 403
    assert attendance_of(executive)[people[0].pk] == ""


def test_officer_takes_attendance_with_radios_and_sees_the_quorum(
    officer_client, executive, people
):
    url = f"/meetings/{executive.pk}/attendance/"
    page = officer_client.get(url)
    assert page.status_code == 200
    assert f'name="attendance-{people[0].pk}" type="radio" value="substitute"' in page.text
    assert "Quorum: 3" in page.text and "Not quorate" in page.text

    response = officer_client.post(
        url,
        {f"attendance-{people[0].pk}": "present", f"attendance-{people[1].pk}": "present",
         f"attendance-{people[2].pk}": "substitute", f"attendance-{people[3].pk}": "apologies"},
        follow=True,
    )  # fmt: skip

    assert "Attendance is saved (4 changes)." in response.text
    assert "Quorate" in response.text and "Not quorate" not in response.text
    assert attendance_of(executive)[people[3].pk] == "apologies"


def test_a_tampered_value_shows_an_error_and_changes_nothing(officer_client, executive, people):
    response = officer_client.post(
        f"/meetings/{executive.pk}/attendance/",
        {f"attendance-{people[0].pk}": "present", f"attendance-{people[1].pk}": "<script>"},
    )

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert set(attendance_of(executive).values()) == {""}


def test_attendance_page_query_count_does_not_grow_with_invitees(officer_client):
    few = meeting(series=series(body=body(quorum=2)), invite=[factories.person()])
    many = meeting(
        series=series(body=body(quorum=2)), invite=[factories.person() for _ in range(15)]
    )
    officer_client.get(f"/meetings/{few.pk}/attendance/")

    def queries(m) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert officer_client.get(f"/meetings/{m.pk}/attendance/").status_code == 200
        return len(ctx.captured_queries)

    assert queries(many) == queries(few)
