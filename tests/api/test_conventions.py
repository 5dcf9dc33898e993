"""The API's conventions, resource by resource: ETag and 304, updated_since, the error
shape for 401/403/404/405, and contact details only for keys allowed them."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from accounts.models import ApiKey
from meetings.models import AgendaItem, Meeting
from tests.api import world
from tests.partnerships import api_key, bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return world.build()


@pytest.fixture
def read():
    return bearer(api_key("read"))


def _detail_urls(data):
    return [
        f"/api/v1/schools/{data['school'].urn}/",
        f"/api/v1/bodies/{data['body'].pk}/",
        f"/api/v1/agencies/{data['agency'].pk}/",
        f"/api/v1/meeting-series/{data['series'].pk}/",
        f"/api/v1/meetings/{data['meeting'].pk}/",
        f"/api/v1/agenda-items/{data['item'].pk}/",
        f"/api/v1/attendance/{data['invitation'].pk}/",
    ]


def test_every_detail_read_answers_304_to_its_own_etag(client, data, read):
    for url in _detail_urls(data):
        first = client.get(url, **read)
        assert first.status_code == 200, url
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], **read)
        assert again.status_code == 304, url
        assert again.content == b""


def test_a_change_to_nested_data_changes_the_meetings_etag(client, data, read):
    url = f"/api/v1/meetings/{data['meeting'].pk}/"
    before = client.get(url, **read)["ETag"]

    AgendaItem.objects.filter(pk=data["item"].pk).update(title="Budget, revised")

    after = client.get(url, HTTP_IF_NONE_MATCH=before, **read)
    assert after.status_code == 200
    assert after["ETag"] != before
    assert after.json()["agenda_items"][0]["title"] == "Budget, revised"


def test_last_modified_is_the_rows_updated_at(client, data, read):
    response = client.get(f"/api/v1/meetings/{data['meeting'].pk}/", **read)
    assert response["Last-Modified"].endswith("GMT")


def test_meeting_detail_nests_its_business_with_public_papers_only(client, data, read):
    body = client.get(f"/api/v1/meetings/{data['meeting'].pk}/", **read).json()

    assert [i["title"] for i in body["agenda_items"]] == ["Budget"]
    assert [d["resolution"] for d in body["decisions"]] == ["The budget was agreed."]
    assert [p["title"] for p in body["papers"]] == ["Budget report"]
    assert [a["description"] for a in body["actions"]] == ["Write to schools"]


@pytest.mark.parametrize(
    "prefix",
    ["schools", "meetings", "meeting-series", "agenda-items", "decisions", "actions",
     "attendance", "papers", "bodies", "agencies"],
)  # fmt: skip
def test_updated_since_leaves_out_what_did_not_change(client, data, read, prefix):
    url = f"/api/v1/{prefix}/"
    assert client.get(url, **read).json()["results"], prefix
    later = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()

    response = client.get(url, {"updated_since": later}, **read)

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_updated_since_takes_any_iso_offset(client, data, read):
    response = client.get(
        "/api/v1/meetings/", {"updated_since": "2000-01-01T00:00:00+23:50"}, **read
    )
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_a_moved_meeting_shows_in_updated_since(client, data, read):
    since = datetime.now(UTC).isoformat()
    Meeting.objects.get(pk=data["meeting"].pk).save()

    results = client.get("/api/v1/meetings/", {"updated_since": since}, **read).json()["results"]
    assert [m["id"] for m in results] == [data["meeting"].pk]


def test_no_key_is_401_with_a_bearer_challenge_in_the_error_shape(client):
    response = client.get("/api/v1/meetings/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["type"] == "client_error"
    assert response.json()["errors"][0]["code"] == "not_authenticated"


def test_a_bad_key_is_401(client):
    response = client.get("/api/v1/meetings/", HTTP_AUTHORIZATION="Bearer cpk_nope_nope")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "authentication_failed"


def test_a_read_key_writing_is_403_in_the_error_shape(client, data, read):
    response = client.post(
        "/api/v1/actions/", json.dumps({}), content_type="application/json", **read
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "permission_denied"


def test_unknown_paths_and_methods_are_404_and_405_in_the_error_shape(client, data, read):
    missing = client.get("/api/v1/no-such-thing/", **read)
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["code"] == "not_found"

    write = bearer(api_key("write"))
    put = client.put(f"/api/v1/meetings/{data['meeting'].pk}/", "{}", "application/json", **write)
    assert put.status_code == 405
    assert put.json()["errors"][0]["code"] == "method_not_allowed"


def test_contact_details_only_for_a_key_allowed_them(client, data, read, capsys):
    url = f"/api/v1/bodies/{data['body'].pk}/"
    assert "@" not in client.get(url, **read).content.decode()
    assert "owner@council.example" not in client.get("/api/v1/actions/", **read).content.decode()

    call_command("create_api_key", "Warehouse", "--contact-details")
    key = capsys.readouterr().out.strip()
    assert ApiKey.objects.get(name="Warehouse").can_read_contact_details

    actions = client.get("/api/v1/actions/", **bearer(key)).json()["results"]
    assert [a["owner_email"] for a in actions] == ["owner@council.example"]
    members = client.get(url, **bearer(key)).json()["members"]
    assert any(m["email"] for m in members if m["member_type"] == "person")
