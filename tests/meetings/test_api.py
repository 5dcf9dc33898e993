"""/api/v1/meetings/ and /api/v1/meeting-series/: reads with any key, writes with a
write key, through the same services the officers' pages use."""

import json
from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Invitation, Meeting, OutboxEmail, Term
from partnerships.models import Membership
from tests import factories
from tests.api import field_errors
from tests.partnerships import api_key, at, bearer, body, meeting, school_day, series, term

pytestmark = pytest.mark.django_db

MEETINGS = "/api/v1/meetings/"
SERIES = "/api/v1/meeting-series/"


@pytest.fixture
def read_key():
    return bearer(api_key("read"))


@pytest.fixture
def write_key():
    return bearer(api_key("write"))


@pytest.fixture
def conference():
    return series(body=body(name="Primary headteachers' conference"))


def notices():
    """Outbox rows other than the invitations the test meetings were already sent."""
    return OutboxEmail.objects.exclude(kind=OutboxEmail.Kind.INVITATION)


def ids(response) -> list[int]:
    return [m["id"] for m in response.json()["results"]]


def patch(client, url, data, key):
    return client.patch(url, json.dumps(data), content_type="application/json", **key)


def post(client, data, key):
    return client.post(MEETINGS, json.dumps(data), content_type="application/json", **key)


# --- Reading ------------------------------------------------------------------------


def test_no_key_is_401(client, conference):
    shown = meeting(series=conference)

    assert client.get(MEETINGS).status_code == 401
    assert client.get(f"{MEETINGS}{shown.pk}/").status_code == 401
    assert client.get(SERIES).status_code == 401


def test_read_key_lists_meetings_in_date_order_with_london_times(client, conference, read_key):
    spring, summer = term(Term.Name.SPRING), term(Term.Name.SUMMER)
    in_summer = meeting(series=conference, in_term=summer, day=school_day(summer, week=2))
    later = meeting(series=conference, day=school_day(spring, week=5))
    first = meeting(series=conference, day=school_day(spring, week=2))

    response = client.get(MEETINGS, **read_key)

    assert response.status_code == 200
    assert ids(response) == [first.pk, later.pk, in_summer.pk]
    entry = response.json()["results"][2]  # British Summer Time
    assert entry["starts_at"] == f"{school_day(summer, week=2).isoformat()}T16:00:00+01:00"
    assert (entry["term"], entry["academic_year"]) == ("summer", summer.year.name)
    assert (entry["body"], entry["body_name"]) == (conference.body.pk, conference.body.name)
    assert (entry["status"], entry["sequence"]) == ("scheduled", 0)
    assert entry["uid"] == str(in_summer.uid)


def test_read_key_gets_a_meeting_by_id(client, conference, read_key):
    shown = meeting(series=conference, venue="Town Hall, Council Chamber")

    response = client.get(f"{MEETINGS}{shown.pk}/", **read_key)

    assert response.status_code == 200
    assert (response.json()["id"], response.json()["venue"]) == (
        shown.pk, "Town Hall, Council Chamber",
    )  # fmt: skip


def test_unknown_meeting_is_404(client, read_key):
    assert client.get(f"{MEETINGS}999999/", **read_key).status_code == 404


def test_headteachers_session_sees_only_the_meetings_they_are_invited_to(client, conference):
    head = factories.person()
    factories.headship(school=factories.school(), person=head)
    invited = meeting(series=conference, invite=[head])
    meeting(series=conference)
    client.force_login(head)

    assert ids(client.get(MEETINGS)) == [invited.pk]


def test_filter_by_body(client, conference, read_key):
    other = meeting(series=series(body=body()))
    meeting(series=conference)

    assert ids(client.get(MEETINGS, {"body": other.body_id}, **read_key)) == [other.pk]


def test_filter_by_status_takes_several_values(client, conference, read_key):
    spring = term()
    scheduled = meeting(series=conference, day=school_day(spring, week=2))
    held = meeting(series=conference, day=school_day(spring, week=3), status="held")
    meeting(series=conference, day=school_day(spring, week=4), status="cancelled")

    response = client.get(MEETINGS, {"status": ["scheduled", "held"]}, **read_key)

    assert ids(response) == [scheduled.pk, held.pk]


def test_unknown_status_is_a_400_naming_the_filter(client, read_key):
    response = client.get(MEETINGS, {"status": "postponed"}, **read_key)

    assert response.status_code == 400
    assert "status" in field_errors(response)


def test_date_range_takes_whole_london_days_after_inclusive_before_exclusive(
    client, conference, read_key
):
    summer = term(Term.Name.SUMMER)
    early = school_day(summer, week=2)
    # 00:30 in London is still the day before in UTC (British Summer Time).
    just_after_midnight = meeting(series=conference, day=early, start=time(0, 30), end=time(1, 0))
    next_day = meeting(series=conference, day=early + timedelta(days=1))
    meeting(series=conference, day=early - timedelta(days=1), start=time(23, 0), end=time(23, 30))

    def between(after, before) -> list[int]:
        span = {"starts_after": after.isoformat(), "starts_before": before.isoformat()}
        return ids(client.get(MEETINGS, span, **read_key))

    assert between(early, early + timedelta(days=2)) == [just_after_midnight.pk, next_day.pk]
    assert between(early, early + timedelta(days=1)) == [just_after_midnight.pk]


def test_updated_since_gives_the_meetings_changed_since(client, conference, read_key):
    old = meeting(series=conference)
    recent = meeting(series=conference)
    Meeting.objects.filter(pk=old.pk).update(updated_at=datetime(2024, 6, 1, tzinfo=UTC))

    response = client.get(MEETINGS, {"updated_since": "2025-01-01T00:00:00Z"}, **read_key)

    assert ids(response) == [recent.pk]


def test_list_query_count_does_not_grow_with_meetings(
    client, conference, read_key, django_assert_num_queries
):
    for _ in range(3):
        meeting(series=conference)
    client.get(MEETINGS, **read_key)  # warm any per-process caches
    with CaptureQueriesContext(connection) as few:
        response = client.get(MEETINGS, {"page_size": 3, "status": "scheduled"}, **read_key)
    assert len(response.json()["results"]) == 3

    for _ in range(3):
        more = series(body=body())
        for _ in range(10):
            meeting(series=more)
    with django_assert_num_queries(len(few)):
        response = client.get(MEETINGS, {"page_size": 50, "status": "scheduled"}, **read_key)
    assert len(response.json()["results"]) == 33


def test_read_key_lists_series_and_filters_by_body(client, conference, read_key):
    other = series(body=body(), cadence="annual", annual_term="summer")

    everything = client.get(SERIES, **read_key).json()["results"]
    one = client.get(SERIES, {"body": other.body_id}, **read_key).json()["results"]

    by_id = {s["id"]: s for s in everything}
    assert set(by_id) == {conference.pk, other.pk}
    assert by_id[conference.pk]["annual_term"] is None
    assert by_id[other.pk]["annual_term"] == "summer"
    assert (by_id[conference.pk]["starts_at"], by_id[conference.pk]["cadence"]) == (
        "16:00:00", "termly",
    )  # fmt: skip
    assert [s["id"] for s in one] == [other.pk]


def test_series_list_query_count_does_not_grow(client, read_key, django_assert_num_queries):
    series(body=body())
    client.get(SERIES, **read_key)  # warm any per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(SERIES, **read_key)

    for _ in range(10):
        series(body=body())
    with django_assert_num_queries(len(few)):
        response = client.get(SERIES, **read_key)
    assert response.json()["count"] == 11


# --- Creating -----------------------------------------------------------------------


def future_day():
    """A school day in the next academic year: always ahead of today."""
    return school_day(term(Term.Name.AUTUMN, years_ahead=1), week=3)


def new_meeting(series_pk: int, **fields) -> dict:
    day = future_day()
    return {
        "series": series_pk,
        "starts_at": at(day, time(10, 0)).isoformat(),
        "ends_at": at(day, time(11, 30)).isoformat(),
        **fields,
    }


def test_creating_needs_a_key(client, conference):
    assert post(client, new_meeting(conference.pk), {}).status_code == 401


def test_creating_with_a_read_key_is_403(client, conference, read_key):
    response = post(client, new_meeting(conference.pk), read_key)

    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_creating_from_an_officers_session_is_403(client, conference):
    client.force_login(factories.officer())

    assert post(client, new_meeting(conference.pk), {}).status_code == 403


def test_write_key_creates_a_meeting_that_invites_the_series_audience(
    client, conference, write_key
):
    chair = factories.person()
    Membership.objects.create(body=conference.body, person=chair, role="chair")

    response = post(client, new_meeting(conference.pk, title="Extra meeting"), write_key)

    assert response.status_code == 201
    created = Meeting.objects.get(pk=response.json()["id"])
    assert created.starts_at == at(future_day(), time(10, 0))
    assert created.term == term(Term.Name.AUTUMN, years_ahead=1)
    assert (created.title, created.venue) == ("Extra meeting", conference.venue)
    assert created.occurrence == f"{created.term.year.name} autumn extra 1"
    assert response.json()["occurrence"] == created.occurrence
    invited = Invitation.objects.filter(meeting=created).values_list("person", flat=True)
    assert list(invited) == [chair.pk]


def test_a_new_meeting_far_ahead_waits_for_the_notice_window_before_its_invitations_go(
    client, conference, write_key, settings
):
    Membership.objects.create(body=conference.body, person=factories.person())

    settings.MEETING_INVITATION_DAYS = 7
    post(client, new_meeting(conference.pk), write_key)
    assert not OutboxEmail.objects.exists()

    settings.MEETING_INVITATION_DAYS = 800  # next year's autumn is within 800 days
    response = post(client, new_meeting(conference.pk), write_key)
    assert list(OutboxEmail.objects.values_list("meeting", "kind", "version")) == [
        (response.json()["id"], OutboxEmail.Kind.INVITATION, 0)
    ]


def test_a_second_extra_meeting_takes_the_next_number(client, conference, write_key):
    post(client, new_meeting(conference.pk), write_key)

    response = post(client, new_meeting(conference.pk), write_key)

    assert response.json()["occurrence"].endswith("autumn extra 2")


def test_creating_without_the_required_fields_names_each(client, write_key):
    response = post(client, {}, write_key)

    assert response.status_code == 400
    assert field_errors(response) == {
        "series": ["This field is required."],
        "starts_at": ["This field is required."],
        "ends_at": ["This field is required."],
    }


def test_creating_a_meeting_that_ends_before_it_starts_is_a_400(client, conference, write_key):
    day = future_day()
    data = new_meeting(conference.pk, ends_at=at(day, time(9, 0)).isoformat())

    response = post(client, data, write_key)

    assert response.status_code == 400
    assert field_errors(response) == {"ends_at": ["The meeting must end after it starts."]}
    assert not Meeting.objects.exists()


def test_creating_a_meeting_outside_any_term_is_a_400(client, conference, write_key):
    summer_holiday = term(Term.Name.SUMMER, years_ahead=1).ends_on + timedelta(days=14)
    data = new_meeting(
        conference.pk,
        starts_at=at(summer_holiday, time(10)).isoformat(),
        ends_at=at(summer_holiday, time(11)).isoformat(),
    )

    response = post(client, data, write_key)

    assert response.status_code == 400
    assert list(field_errors(response)) == ["starts_at"]
    assert "No school term holds" in field_errors(response)["starts_at"][0]


def test_creating_for_an_unknown_series_is_a_400(client, write_key):
    response = post(client, new_meeting(999999), write_key)

    assert response.status_code == 400
    assert list(field_errors(response)) == ["series"]


# --- Changing -----------------------------------------------------------------------


def test_changing_with_a_read_key_is_403_and_changes_nothing(client, conference, read_key):
    kept = meeting(series=conference, invite=[factories.person()])

    response = patch(client, f"{MEETINGS}{kept.pk}/", {"venue": "Elsewhere"}, read_key)

    assert response.status_code == 403
    assert Meeting.objects.get(pk=kept.pk).venue == conference.venue
    assert not notices().exists()


def test_changing_without_a_key_is_401(client, conference):
    kept = meeting(series=conference)

    assert patch(client, f"{MEETINGS}{kept.pk}/", {"venue": "Elsewhere"}, {}).status_code == 401


def test_write_key_moves_a_meeting_and_invitees_are_sent_the_update(client, conference, write_key):
    invitees = [factories.person(), factories.person()]
    moved = meeting(series=conference, invite=invitees)
    day = school_day(term(Term.Name.SUMMER), week=3)

    response = patch(
        client,
        f"{MEETINGS}{moved.pk}/",
        {"starts_at": f"{day}T15:00:00+01:00", "ends_at": f"{day}T16:00:00+01:00"},
        write_key,
    )

    assert response.status_code == 200
    assert response.json()["starts_at"] == f"{day}T15:00:00+01:00"
    assert response.json()["sequence"] == 1
    moved.refresh_from_db()
    assert moved.starts_at == at(day, time(15))
    assert moved.venue == conference.venue  # not sent, not changed
    assert sorted(notices().values_list("person_id", "kind", "version")) == sorted(
        (p.pk, OutboxEmail.Kind.UPDATE, 1) for p in invitees
    )


def test_write_key_changes_only_the_venue(client, conference, write_key):
    moved = meeting(series=conference)

    response = patch(client, f"{MEETINGS}{moved.pk}/", {"venue": "Council Chamber"}, write_key)

    assert response.status_code == 200
    moved.refresh_from_db()
    assert (moved.venue, moved.sequence) == ("Council Chamber", 1)
    assert moved.starts_at == at(school_day(term()), time(16))


def test_write_key_cancels_a_meeting_and_invitees_are_sent_the_cancellation(
    client, conference, write_key
):
    invitee = factories.person()
    called_off = meeting(series=conference, invite=[invitee])

    response = patch(client, f"{MEETINGS}{called_off.pk}/", {"status": "cancelled"}, write_key)

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["sequence"]) == ("cancelled", 1)
    assert list(notices().values_list("person_id", "kind")) == [
        (invitee.pk, OutboxEmail.Kind.CANCELLATION)
    ]


def test_moving_so_it_ends_before_it_starts_is_a_400_and_changes_nothing(
    client, conference, write_key
):
    kept = meeting(series=conference, invite=[factories.person()])
    before = Meeting.objects.values().get(pk=kept.pk)
    earlier = kept.starts_at - timedelta(hours=1)

    response = patch(client, f"{MEETINGS}{kept.pk}/", {"ends_at": earlier.isoformat()}, write_key)

    assert response.status_code == 400
    assert field_errors(response) == {"ends_at": ["The meeting must end after it starts."]}
    assert Meeting.objects.values().get(pk=kept.pk) == before
    assert not notices().exists()


def test_moving_a_cancelled_meeting_is_a_400_without_a_field(client, conference, write_key):
    cancelled = meeting(series=conference, status="cancelled")

    response = patch(client, f"{MEETINGS}{cancelled.pk}/", {"venue": "Elsewhere"}, write_key)

    assert response.status_code == 400
    assert field_errors(response) == {
        "non_field_errors": ["A cancelled meeting cannot be rescheduled."]
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"status": "confirmed"}, "status"),
        ({"starts_at": "next Tuesday"}, "starts_at"),
        ({"online_link": "not a link"}, "online_link"),
        ({}, "non_field_errors"),
        ({"status": "cancelled", "venue": "Elsewhere"}, "non_field_errors"),
    ],
)
def test_a_change_the_api_cannot_make_is_a_400_naming_the_field(
    client, conference, write_key, change, field
):
    kept = meeting(series=conference)

    response = patch(client, f"{MEETINGS}{kept.pk}/", change, write_key)

    assert response.status_code == 400
    assert list(field_errors(response)) == [field]
    assert Meeting.objects.get(pk=kept.pk).sequence == 0


def test_put_is_not_offered(client, conference, write_key):
    kept = meeting(series=conference)

    response = client.put(
        f"{MEETINGS}{kept.pk}/", json.dumps({"venue": "X"}), content_type="application/json",
        **write_key,
    )  # fmt: skip

    assert response.status_code == 405


# --- Schema -------------------------------------------------------------------------


def test_schema_documents_the_meetings_and_partnerships_endpoints(client):
    paths = json.loads(client.get("/api/schema/", {"format": "json"}).content)["paths"]

    for path in [
        "/api/v1/agencies/", "/api/v1/bodies/", "/api/v1/bodies/{id}/",
        "/api/v1/meeting-series/", "/api/v1/meetings/", "/api/v1/meetings/{id}/",
    ]:  # fmt: skip
        assert path in paths, path
    assert set(paths["/api/v1/meetings/"]) == {"get", "post"}
    assert set(paths["/api/v1/meetings/{id}/"]) == {"get", "patch"}
    assert {"400", "401", "403"} <= set(paths["/api/v1/meetings/{id}/"]["patch"]["responses"])


def test_schema_generates_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_api_writes_are_audited_with_the_key(client, conference, write_key):
    from accounts.models import AuditEvent

    called_off = meeting(series=conference, invite=[factories.person()])

    patch(client, f"{MEETINGS}{called_off.pk}/", {"status": "cancelled"}, write_key)

    event = AuditEvent.objects.get(action=AuditEvent.Action.API_WRITE)
    assert event.subject == f"PATCH {MEETINGS}{called_off.pk}/"
    key = write_key["HTTP_AUTHORIZATION"].split()[1]
    assert event.details["api_key"] == "_".join(key.split("_")[:2])
    assert event.actor is None and event.actor_label.startswith("API key ")


def test_refused_api_writes_are_not_audited_as_writes(client, conference, read_key):
    from accounts.models import AuditEvent

    called_off = meeting(series=conference)

    patch(client, f"{MEETINGS}{called_off.pk}/", {"status": "cancelled"}, read_key)

    assert not AuditEvent.objects.filter(action=AuditEvent.Action.API_WRITE).exists()
