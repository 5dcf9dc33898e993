"""Walking a cursor-paged list gives every row once, whatever order the rows were made
in; a cursor is only good for the sort it came from; hostile cursors and keys are
refused, not a server error."""

import base64
import json

import pytest

from meetings.models import AgendaItem, Invitation
from tests import factories
from tests.partnerships import api_key, bearer, body, meeting, school_day, series, term

pytestmark = pytest.mark.django_db


def walk(client, url, key) -> list[int]:
    ids, page = [], client.get(url, **key).json()
    while True:
        ids += [row["id"] for row in page["results"]]
        if not page["next"]:
            return ids
        page = client.get(page["next"], **key).json()


@pytest.fixture
def meetings_out_of_date_order():
    """Three meetings made in the order week 5, week 2, week 3: ids and dates disagree."""
    held_in = term()
    of = series(body=body())
    return [
        meeting(series=of, day=school_day(held_in, week=week), occurrence=f"week {week}")
        for week in (5, 2, 3)
    ]


def test_agenda_items_are_each_paged_once_when_meetings_were_made_out_of_order(
    client, meetings_out_of_date_order
):
    made = [
        AgendaItem.objects.create(meeting=held, position=position, title="Item").pk
        for held in meetings_out_of_date_order
        for position in (1, 2)
    ]

    paged = walk(client, "/api/v1/agenda-items/?page_size=1", bearer(api_key()))

    assert sorted(paged) == sorted(made)


def test_attendance_is_each_paged_once_when_meetings_were_made_out_of_order(
    client, meetings_out_of_date_order
):
    made = [
        Invitation.objects.create(meeting=held, person=factories.person()).pk
        for held in meetings_out_of_date_order
        for _ in (1, 2)
    ]

    paged = walk(client, "/api/v1/attendance/?page_size=1", bearer(api_key()))

    assert sorted(paged) == sorted(made)


def test_a_cursor_is_refused_for_the_opposite_sort(client):
    for name in ("Ash", "Birch", "Cedar"):
        factories.school(name=name)
    key = bearer(api_key())
    next_link = client.get("/api/v1/schools/?ordering=name&page_size=1", **key).json()["next"]
    cursor = next_link.split("cursor=")[1].split("&")[0]

    response = client.get(f"/api/v1/schools/?ordering=-name&page_size=1&cursor={cursor}", **key)

    assert response.status_code == 404


def test_a_cursor_holding_a_nul_is_refused(client):
    for name in ("Ash", "Birch"):
        factories.school(name=name)
    key = bearer(api_key())
    next_link = client.get("/api/v1/schools/?ordering=name&page_size=1", **key).json()["next"]
    encoded = next_link.split("cursor=")[1].split("&")[0]
    payload = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    payload["p"][0] = "a\u0000b"  # the sort is right; the value is not
    cursor = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")

    response = client.get(f"/api/v1/schools/?ordering=name&page_size=1&cursor={cursor}", **key)

    assert response.status_code == 404


def test_a_key_holding_a_nul_is_refused(client):
    response = client.get("/api/v1/schools/", HTTP_AUTHORIZATION="Bearer cpk_ab\x00cd_ff")

    assert response.status_code == 401
