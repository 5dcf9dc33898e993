"""Each change emits its event once, to the endpoints subscribed to it, with the data the
REST API shows; with no subscriber it costs one query and writes nothing."""

from datetime import date, time, timedelta

import pytest
from django.db import transaction

from accounts.api_keys import api_key_create, api_key_revoke
from meetings.models import Meeting
from meetings.packs import pack_publish
from meetings.scheduling import schedule_meetings
from meetings.series import meeting_add
from meetings.services import meeting_cancel, meeting_reschedule
from partnerships.demo import seed_demo_partnerships
from schools.gias import import_gias_file
from schools.models import School
from tests import factories
from tests.meetings.test_outbox import a_meeting, in_days
from tests.partnerships import api_key, at, bearer, body, school_day, series, term
from tests.schools.test_gias_import import SAMPLE_2024, read_gias, write_gias
from webhooks.events import emit
from webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db

OUTSIDE = "https://93.184.215.14/hooks"  # rows are written directly: never contacted here


def subscribe(*events, **fields):
    return factories.webhook_endpoint(url=OUTSIDE, events=events, **fields)


def emitted(event: str | None = None) -> list[WebhookDelivery]:
    deliveries = WebhookDelivery.objects.order_by("pk")
    return list(deliveries.filter(event=event) if event else deliveries)


def test_moving_a_meeting_emits_meeting_updated_once_with_the_api_representation(
    client, django_capture_on_commit_callbacks
):
    hook = subscribe("meeting.updated")
    held = a_meeting(starts_at=in_days(10))
    later = held.starts_at + timedelta(hours=1)

    with django_capture_on_commit_callbacks() as queued:
        meeting_reschedule(meeting=held, starts_at=later, ends_at=later + timedelta(hours=1))

    [sent] = emitted()
    assert sent.endpoint == hook and sent.event == "meeting.updated"
    assert sent.payload["type"] == "meeting.updated"
    assert sent.payload["id"] == str(sent.event_id)
    assert sent.payload["occurred_at"]
    data = sent.payload["data"]
    assert data["id"] == held.pk and data["sequence"] == held.sequence + 1
    api = client.get(f"/api/v1/meetings/{held.pk}/", **bearer(api_key("read"))).json()
    assert data == {name: api[name] for name in data}
    assert len(queued) == 1  # the delivery task is queued on commit

    # Moving it to where it already is changes nothing and emits nothing.
    meeting_reschedule(meeting=held, starts_at=later, ends_at=later + timedelta(hours=1))
    assert len(emitted()) == 1


def test_cancelling_emits_meeting_cancelled_once():
    subscribe("meeting.cancelled", "meeting.updated")
    held = a_meeting(starts_at=in_days(10))

    meeting_cancel(meeting=held)
    meeting_cancel(meeting=held)

    [sent] = emitted()
    assert sent.event == "meeting.cancelled"
    assert sent.payload["data"]["status"] == Meeting.Status.CANCELLED


def test_adding_a_meeting_emits_meeting_created():
    subscribe("meeting.created")
    day = school_day(term(years_ahead=1), week=4)
    added = meeting_add(
        series=series(body=body()), starts_at=at(day, time(10)), ends_at=at(day, time(11))
    )

    [sent] = emitted()
    assert sent.event == "meeting.created" and sent.payload["data"]["id"] == added.pk


def test_scheduling_emits_meeting_created_per_new_meeting_and_nothing_on_a_second_run():
    seed_demo_partnerships(officer=factories.officer(), agency_contact=factories.person())
    subscribe("meeting.created")

    schedule_meetings(today=date(2026, 9, 1))
    created = set(Meeting.objects.values_list("pk", flat=True))
    assert created
    assert sorted(d.payload["data"]["id"] for d in emitted()) == sorted(created)

    schedule_meetings(today=date(2026, 9, 1))
    assert len(emitted()) == len(created)


def test_publishing_a_pack_emits_pack_published_once_per_version():
    subscribe("pack.published")
    held = a_meeting(starts_at=in_days(6))

    pack_publish(meeting=held)
    pack_publish(meeting=held)  # up to date: nothing new

    [sent] = emitted()
    data = sent.payload["data"]
    assert data["version"] == 1 and data["meeting"]["id"] == held.pk
    assert data["page_count"] >= 1 and len(data["sha256"]) == 64


def gias_file(tmp_path, name="gias.csv", change=None):
    header, rows = read_gias(SAMPLE_2024)
    if change:
        column = header.index("EstablishmentName")
        rows[0][column] = change
    return write_gias(tmp_path / name, header, rows)


def test_a_gias_import_emits_school_updated_per_changed_school(tmp_path):
    hooks = [subscribe("school.updated"), subscribe("school.updated", "meeting.created")]
    subscribe("meeting.created")

    summary = import_gias_file(gias_file(tmp_path))
    changed = summary.created + summary.updated
    assert changed > 1
    assert len(emitted("school.updated")) == changed * len(hooks)
    urns = {d.payload["data"]["urn"] for d in emitted()}
    assert urns == set(School.objects.values_list("urn", flat=True))
    # One event per school, shared by its deliveries to both endpoints.
    assert len({d.event_id for d in emitted()}) == changed

    import_gias_file(gias_file(tmp_path))  # the same file: nothing changed
    assert len(emitted()) == changed * len(hooks)

    import_gias_file(gias_file(tmp_path, change="Renamed Primary School"))
    renamed = emitted()[-len(hooks) :]
    assert [d.payload["data"]["name"] for d in renamed] == ["Renamed Primary School"] * 2


def test_without_subscribers_nothing_is_written_and_emit_costs_one_query(
    django_assert_num_queries, tmp_path
):
    subscribe("meeting.created")  # another event only
    factories.webhook_endpoint(url=OUTSIDE, active=False)  # every event, but disabled
    revoked, _ = api_key_create(name="gone", scope="write")
    subscribe("school.updated", owner_key=revoked)
    api_key_revoke(api_key=revoked)
    schools = [factories.school() for _ in range(20)]

    with django_assert_num_queries(1):
        assert emit("school.updated", School.objects.filter(pk__in=[s.pk for s in schools])) == 0
    import_gias_file(gias_file(tmp_path))
    held = a_meeting(starts_at=in_days(10))
    meeting_cancel(meeting=held)
    assert emitted() == []


def test_emitting_for_many_schools_takes_the_same_queries_as_for_a_few(
    django_assert_num_queries,
):
    subscribe("school.updated")
    subscribe("school.updated")
    few = [factories.school() for _ in range(3)]
    many = [factories.school() for _ in range(60)]
    for school in few + many:
        factories.headship(school=school, person=factories.person())

    # Endpoints, the rows' ids, schools, their heads and governors, one insert.
    with django_assert_num_queries(6) as few_queries:
        emit("school.updated", School.objects.filter(pk__in=[s.pk for s in few]))
    with django_assert_num_queries(len(few_queries)):
        emit("school.updated", School.objects.filter(pk__in=[s.pk for s in many]))
    assert len(emitted()) == 2 * (3 + 60)
    assert emitted()[-1].payload["data"]["headteachers"][0]["name"]


def test_a_rolled_back_change_leaves_no_delivery():
    subscribe("meeting.cancelled")
    held = a_meeting(starts_at=in_days(10))

    with pytest.raises(RuntimeError), transaction.atomic():
        meeting_cancel(meeting=held)
        raise RuntimeError("the change fails after the event")

    assert emitted() == []


def test_an_unknown_event_is_a_programming_error():
    with pytest.raises(ValueError):
        emit("meeting.deleted", [])
