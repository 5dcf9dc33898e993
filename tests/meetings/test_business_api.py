"""/api/v1/agenda-items/, decisions/, actions/, attendance/ and papers/: reads for
officers and keys, writes with a write key through meetings.business, 400s that name
the fields, and papers' metadata only as policy allows."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import business
from meetings.models import Action, AgendaItem, Invitation, Paper
from tests import factories
from tests.api import field_errors
from tests.meetings.test_public_page import paper
from tests.partnerships import api_key, bearer, body, meeting, series

pytestmark = pytest.mark.django_db

ITEMS, DECISIONS, ACTIONS = "/api/v1/agenda-items/", "/api/v1/decisions/", "/api/v1/actions/"
ATTENDANCE, PAPERS = "/api/v1/attendance/", "/api/v1/papers/"


@pytest.fixture
def read_key():
    return bearer(api_key("read"))


@pytest.fixture
def write_key():
    return bearer(api_key("write"))


@pytest.fixture
def member():
    return factories.person(email="member@school.example", first_name="Sam", last_name="Lee")


@pytest.fixture
def held(member):
    return meeting(series=series(body=body(quorum=1)), invite=[member])


def send(client, method, url, data, key):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json", **key)


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


# --- Access ---------------------------------------------------------------------------


def test_no_key_is_401_everywhere(client):
    for url in (ITEMS, DECISIONS, ACTIONS, ATTENDANCE, PAPERS):
        assert client.get(url).status_code == 401, url


def test_a_headteachers_session_is_refused(client, held, member):
    factories.headship(school=factories.school(), person=member)
    client.force_login(member)

    for url in (ITEMS, DECISIONS, ACTIONS, ATTENDANCE, PAPERS):
        assert client.get(url).status_code == 403, url


def test_a_read_key_cannot_write(client, held, read_key):
    response = send(client, "post", ITEMS, {"meeting": held.pk, "title": "X"}, read_key)

    assert response.status_code == 403
    assert not AgendaItem.objects.exists()


def test_an_officers_session_reads(client, held):
    business.agenda_item_add(meeting=held, title="Admissions")
    client.force_login(factories.officer())

    assert [i["title"] for i in results(client.get(ITEMS))] == ["Admissions"]


# --- Agenda items ---------------------------------------------------------------------------


def test_write_key_adds_moves_changes_and_removes_items(client, held, member, write_key):
    for title in ("Admissions", "Budget"):
        created = send(client, "post", ITEMS, {"meeting": held.pk, "title": title}, write_key)
        assert created.status_code == 201
    response = send(
        client, "post", ITEMS,
        {"meeting": held.pk, "title": "Exclusions", "purpose": "decision", "position": 1,
         "owner_email": "MEMBER@school.example", "minutes_allotted": 20},
        write_key,
    )  # fmt: skip
    assert response.status_code == 201
    added = response.json()
    assert (added["position"], added["purpose"], added["owner_name"]) == (1, "decision", "Sam Lee")

    budget = AgendaItem.objects.get(title="Budget")
    moved = send(client, "patch", f"{ITEMS}{budget.pk}/", {"position": 1}, write_key)
    assert moved.status_code == 200 and moved.json()["position"] == 1
    renamed = send(client, "patch", f"{ITEMS}{budget.pk}/", {"title": "Budget 2027"}, write_key)
    assert renamed.json()["title"] == "Budget 2027"
    admissions = AgendaItem.objects.get(title="Admissions")
    assert client.delete(f"{ITEMS}{admissions.pk}/", **write_key).status_code == 204

    listed = results(client.get(ITEMS, {"meeting": held.pk}, **write_key))
    assert [(i["position"], i["title"]) for i in listed] == [(1, "Budget 2027"), (2, "Exclusions")]


def test_bad_item_input_is_a_400_naming_the_fields(client, held, write_key):
    response = send(
        client, "post", ITEMS,
        {"meeting": held.pk, "title": "  ", "purpose": "gossip", "owner_email": "who@x.test",
         "minutes_allotted": 0, "position": 9},
        write_key,
    )  # fmt: skip

    assert response.status_code == 400
    assert set(field_errors(response)) == {"purpose", "owner_email", "minutes_allotted", "title"}
    missing = send(client, "post", ITEMS, {}, write_key)
    assert missing.status_code == 400 and set(field_errors(missing)) == {"meeting", "title"}
    far = send(client, "post", ITEMS, {"meeting": held.pk, "title": "X", "position": 9}, write_key)
    assert field_errors(far) == {"position": ["Choose a position from 1 to 1."]}


def test_an_item_with_a_decision_cannot_be_deleted(client, held, write_key):
    item = business.agenda_item_add(meeting=held, title="Policy")
    business.decision_record(item=item, resolution="Approved.")

    response = client.delete(f"{ITEMS}{item.pk}/", **write_key)

    assert response.status_code == 400
    assert "decision recorded" in field_errors(response)["non_field_errors"][0]


def test_a_draft_minute_is_not_published_through_the_api(client, held, read_key):
    item = business.agenda_item_add(meeting=held, title="Policy")
    business.minute_save(item=item, text="Draft words.")

    (entry,) = results(client.get(ITEMS, **read_key))

    assert (entry["minute_status"], entry["minute"]) == ("draft", None)


# --- Decisions and actions --------------------------------------------------------------------


def test_decisions_are_read_by_meeting(client, held, read_key):
    item = business.agenda_item_add(meeting=held, title="Policy")
    business.decision_record(item=item, resolution="That it be adopted.", reasons="Because.")
    business.decision_record(
        item=business.agenda_item_add(meeting=meeting(series=held.series), title="Elsewhere"),
        resolution="Other.",
    )

    (decision,) = results(client.get(DECISIONS, {"meeting": held.pk}, **read_key))

    assert (decision["resolution"], decision["reasons"], decision["meeting"]) == (
        "That it be adopted.", "Because.", held.pk,
    )  # fmt: skip
    assert send(client, "post", DECISIONS, {}, bearer(api_key("write"))).status_code == 405


def test_write_key_adds_an_action_and_marks_it_done(client, held, member, write_key):
    due = business.meeting_day(held) + timedelta(days=14)

    response = send(
        client, "post", ACTIONS,
        {"meeting": held.pk, "description": "Share the protocol",
         "owner_email": "member@school.example", "due_on": due.isoformat()},
        write_key,
    )  # fmt: skip
    assert response.status_code == 201, response.content
    action = response.json()
    assert (action["status"], action["owner_name"]) == ("open", "Sam Lee")

    done = send(client, "patch", f"{ACTIONS}{action['id']}/", {"status": "done"}, write_key)
    assert done.status_code == 200 and done.json()["status"] == "done"
    reopen = send(client, "patch", f"{ACTIONS}{action['id']}/", {"status": "open"}, write_key)
    assert reopen.status_code == 400 and "status" in field_errors(reopen)


def test_bad_action_input_is_a_400(client, held, write_key):
    response = send(
        client, "post", ACTIONS,
        {"meeting": held.pk, "description": "X", "owner_email": "nobody@x.test",
         "due_on": "2001-01-01"},
        write_key,
    )  # fmt: skip
    assert response.status_code == 400 and set(field_errors(response)) == {"owner_email"}

    early = send(
        client, "post", ACTIONS,
        {"meeting": held.pk, "description": "X", "owner_email": "member@school.example",
         "due_on": (business.meeting_day(held) - timedelta(days=1)).isoformat()},
        write_key,
    )  # fmt: skip
    assert field_errors(early) == {"due_on": ["The due date cannot be before the meeting."]}
    assert not Action.objects.exists()


# --- Attendance --------------------------------------------------------------------------------


def test_write_key_records_attendance(client, held, member, write_key):
    (row,) = results(client.get(ATTENDANCE, {"meeting": held.pk}, **write_key))
    assert (row["person_name"], row["attendance"]) == ("Sam Lee", None)

    response = send(client, "patch", f"{ATTENDANCE}{row['id']}/", {"attendance": "present"},
                    write_key)  # fmt: skip

    assert response.status_code == 200 and response.json()["attendance"] == "present"
    assert Invitation.objects.get(pk=row["id"]).attendance == "present"
    bad = send(client, "patch", f"{ATTENDANCE}{row['id']}/", {"attendance": "late"}, write_key)
    assert bad.status_code == 400 and "attendance" in field_errors(bad)
    cleared = send(client, "patch", f"{ATTENDANCE}{row['id']}/", {"attendance": None}, write_key)
    assert cleared.json()["attendance"] is None


# --- Papers --------------------------------------------------------------------------------------


def test_a_read_key_sees_only_public_papers_metadata(client, held, read_key):
    public = paper(held, "Annual report")
    paper(held, "Members' note", access=Paper.Access.INVITEES)
    paper(held, "Pupil case list", access=Paper.Access.CONFIDENTIAL)

    (entry,) = results(client.get(PAPERS, **read_key))

    assert entry["id"] == public.pk
    assert (entry["file_name"], entry["version"], entry["size"]) == ("Annual report.pdf", 1, 1234)
    assert not any("url" in name or name == "file" for name in entry)
    hidden = Paper.objects.get(title="Pupil case list")
    assert client.get(f"{PAPERS}{hidden.pk}/", **read_key).status_code == 404


def test_an_officer_sees_every_papers_metadata(client, held):
    paper(held, "Annual report")
    paper(held, "Pupil case list", access=Paper.Access.CONFIDENTIAL)
    client.force_login(factories.officer())

    assert len(results(client.get(PAPERS))) == 2


def test_list_query_counts_do_not_grow_with_rows(client, read_key):
    def queries(url) -> int:
        with CaptureQueriesContext(connection) as ctx:
            results(client.get(url, **read_key))
        return len(ctx.captured_queries)

    def fill(n: int):
        held = meeting(series=series(body=body()), invite=[factories.person() for _ in range(n)])
        for i in range(n):
            item = business.agenda_item_add(meeting=held, title=f"Item {i}",
                                            owner=factories.person())  # fmt: skip
            business.decision_record(item=item, resolution=f"Resolution {i}")
            business.action_add(
                meeting=held, description=f"Action {i}", owner=factories.person(),
                due_on=business.meeting_day(held),
            )  # fmt: skip
            paper(held, f"Paper {i}")

    fill(1)
    urls = (ITEMS, DECISIONS, ACTIONS, ATTENDANCE, PAPERS)
    for url in urls:
        queries(url)  # warm the key's last-used stamp
    few = {url: queries(url) for url in urls}
    fill(10)

    assert {url: queries(url) for url in urls} == few


def test_the_schema_validates_with_these_resources():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
