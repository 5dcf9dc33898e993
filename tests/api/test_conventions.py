"""The API's conventions, resource by resource: ETag and 304, updated_since, the error
shape for 401/403/404/405, and contact details only for keys allowed them.

The conventions enforce themselves over the router's registry: every viewset with a
detail read answers conditionally, every list pages by cursor unless SMALL_LISTS names
it, and every list of rows that keep `updated_at` takes `updated_since`. A resource
registered without following them fails here by name."""

import inspect
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from accounts.api_keys import ApiClient
from accounts.models import ApiKey
from council_portal.api import router
from council_portal.conditional import ConditionalRetrieveMixin
from council_portal.pagination import KeysetPagination, StandardPagination
from inspections.models import InspectionJudgement
from meetings.models import AgendaItem, Meeting
from tests import factories
from tests.api import world
from tests.api.test_query_counts import BUILDERS, NOT_PAGED
from tests.partnerships import api_key, bearer

pytestmark = pytest.mark.django_db

# Lists short enough to page by number (with a count): they grow by a few rows a year,
# not with the borough's schools, meetings or events. Every other list pages by cursor.
SMALL_LISTS = {
    "local-authority",  # the authorities of England, loaded once
    "agency",  # the borough's partner agencies
    "body",  # partnership bodies and their members
    "meeting-series",  # a body's standing meetings
    "la-inspection",  # Ofsted's inspections of the council itself: a few a decade
    "improvement-notice",  # the DfE's notices on the council: rarer still
    "webhook",  # the endpoints one API key registered
}


@pytest.fixture
def data():
    return world.build()


@pytest.fixture
def read_key():
    return api_key("read")


@pytest.fixture
def read(read_key):
    return bearer(read_key)


def _key_row(key: str) -> ApiKey:
    return ApiKey.objects.get(prefix="_".join(key.split("_")[:2]))


def _detail_urls(data):
    return [
        f"/api/v1/local-authorities/{data['school'].local_authority.code}/",
        f"/api/v1/schools/{data['school'].urn}/",
        f"/api/v1/bodies/{data['body'].pk}/",
        f"/api/v1/agencies/{data['agency'].pk}/",
        f"/api/v1/meeting-series/{data['series'].pk}/",
        f"/api/v1/meetings/{data['meeting'].pk}/",
        f"/api/v1/agenda-items/{data['item'].pk}/",
        f"/api/v1/decisions/{data['item'].decisions.get().pk}/",
        f"/api/v1/actions/{data['meeting'].actions.get().pk}/",
        f"/api/v1/attendance/{data['invitation'].pk}/",
        f"/api/v1/papers/{data['meeting'].papers.get(title='Budget report').pk}/",
        f"/api/v1/inspections/{data['inspection'].pk}/",
        f"/api/v1/la-inspections/{data['la_inspection'].pk}/",
        f"/api/v1/improvement-notices/{data['notice'].pk}/",
        f"/api/v1/link-assignments/{data['assignment'].pk}/",
        f"/api/v1/link-visits/{data['visit'].pk}/",
        f"/api/v1/support-categorisations/{data['support'].pk}/",
        f"/api/v1/webhooks/{data['webhook'].pk}/",
    ]


@pytest.fixture
def data_with_webhook(data, read_key):
    """The world, with a webhook endpoint of the read key (a key sees only its own)."""
    data["webhook"] = factories.webhook_endpoint(
        url="https://hooks.example/portal", owner_key=_key_row(read_key)
    )
    return data


def _registry(having: str):
    return [
        pytest.param(prefix, viewset, basename, id=basename)
        for prefix, viewset, basename in router.registry
        if hasattr(viewset, having)
    ]


@pytest.mark.parametrize(("prefix", "viewset", "basename"), _registry("retrieve"))
def test_every_detail_read_is_conditional(prefix, viewset, basename):
    assert issubclass(viewset, ConditionalRetrieveMixin), (
        f"{viewset.__name__} (/api/v1/{prefix}/) reads one row without ConditionalRetrieveMixin"
    )


@pytest.mark.parametrize(("prefix", "viewset", "basename"), _registry("retrieve"))
def test_every_detail_read_is_in_the_304_test(data_with_webhook, prefix, viewset, basename):
    urls = _detail_urls(data_with_webhook)
    assert any(url.startswith(f"/api/v1/{prefix}/") for url in urls), (
        f"/api/v1/{prefix}/ has a detail read missing from _detail_urls: add a row of it to "
        "tests/api/world.py and its URL there"
    )


def test_every_detail_read_answers_304_to_its_own_etag(client, data_with_webhook, read):
    for url in _detail_urls(data_with_webhook):
        first = client.get(url, **read)
        assert first.status_code == 200, url
        assert first["ETag"].startswith('W/"'), url
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], **read)
        assert again.status_code == 304, url
        assert again.content == b""


def test_a_changed_graded_area_changes_the_inspections_etag(client, data, read):
    url = f"/api/v1/inspections/{data['inspection'].pk}/"
    before = client.get(url, **read)["ETag"]

    InspectionJudgement.objects.filter(inspection=data["inspection"]).update(
        grade="requires_improvement"
    )

    after = client.get(url, HTTP_IF_NONE_MATCH=before, **read)
    assert after.status_code == 200
    assert after["ETag"] != before


@pytest.mark.parametrize(
    ("prefix", "viewset", "basename"),
    [p for p in _registry("list") if p.values[2] not in NOT_PAGED],
)
def test_every_list_pages_by_cursor_unless_it_is_small(prefix, viewset, basename):
    if basename in SMALL_LISTS:
        assert viewset.pagination_class is StandardPagination, basename
    else:
        assert issubclass(viewset.pagination_class or type(None), KeysetPagination), (
            f"/api/v1/{prefix}/ pages with {viewset.pagination_class}: use KeysetPagination, "
            "or name it in SMALL_LISTS with the reason it stays short"
        )


def test_small_lists_names_only_registered_lists():
    assert {basename for _, _, basename in router.registry} >= SMALL_LISTS


@pytest.mark.parametrize(("prefix", "viewset", "basename"), _registry("get_extra_actions"))
def test_every_list_action_pages_by_cursor(prefix, viewset, basename):
    """An extra action that pages its rows (a webhook's deliveries) grows as lists do."""
    for extra in viewset.get_extra_actions():
        if "get" in extra.mapping and "paginate_queryset" in inspect.getsource(extra):
            paging = extra.kwargs.get("pagination_class", viewset.pagination_class)
            assert issubclass(paging or type(None), KeysetPagination), (
                f"/api/v1/{prefix}/…/{extra.url_path}/ pages with {paging}"
            )


def _list_rows(viewset, basename, key: str):
    """The rows the list shows this key, as its view selects them (before filters)."""
    request = Request(APIRequestFactory().get("/"))
    request.user = ApiClient(_key_row(key))
    view = viewset(
        request=request, args=(), kwargs={}, format_kwarg=None, action="list",
        basename=basename, detail=False,
    )  # fmt: skip
    return view.get_queryset()


def _has_updated_at(model) -> bool:
    return any(field.name == "updated_at" for field in model._meta.get_fields())


# Lists whose rows keep no updated_at: nothing to sync by (local authorities change
# only with a GIAS import, which rewrites the register's schools, not its authorities).
NO_UPDATED_AT = {"local-authority"}


def test_the_lists_named_as_keeping_no_updated_at_really_keep_none():
    viewsets = {basename: viewset for _prefix, viewset, basename in router.registry}
    for basename in NO_UPDATED_AT:
        assert not _has_updated_at(viewsets[basename].queryset.model), basename


@pytest.mark.parametrize(
    ("prefix", "viewset", "basename"),
    [
        p
        for p in _registry("list")
        if p.values[2] not in NOT_PAGED and p.values[2] not in NO_UPDATED_AT
    ],
)
def test_every_list_of_rows_with_updated_at_takes_updated_since(client, prefix, viewset, basename):
    build, scope = BUILDERS[basename]
    key = api_key(scope)
    build(2, **({"key": _key_row(key)} if basename == "webhook" else {}))
    rows = _list_rows(viewset, basename, key)
    model = rows.model
    assert _has_updated_at(model), f"{basename}: add it to NO_UPDATED_AT or give it updated_at"
    # Every row of the world changed long ago (a list may count its nested rows'
    # changes too, as bodies count their members'), then one row of the list today.
    long_ago = timezone.now() - timedelta(days=400)
    for any_model in apps.get_models():
        if _has_updated_at(any_model):
            any_model.objects.update(updated_at=long_ago)
    visible = sorted(rows.values_list("pk", flat=True))
    assert len(visible) >= 2, basename
    model.objects.filter(pk=visible[-1]).update(updated_at=timezone.now())
    url = f"/api/v1/{prefix}/"
    since = (long_ago + timedelta(days=1)).isoformat()

    everything = client.get(url, **bearer(key)).json()["results"]
    changed = client.get(url, {"updated_since": since}, **bearer(key))

    assert changed.status_code == 200, changed.content
    assert len(everything) == len(visible)
    assert len(changed.json()["results"]) == 1, f"/api/v1/{prefix}/?updated_since= ignored"


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
     "attendance", "papers", "bodies", "agencies", "inspections", "la-inspections",
     "improvement-notices", "link-assignments", "link-visits", "support-categorisations"],
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
