"""The link inspection API: assignments (names, e-mails only for contact keys), visits
(metadata only; created with a write key, refused field by field), support levels."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.api_keys import api_key_create
from inspections.models import LinkInspectorAssignment, LinkVisit, SupportCategorisation
from tests import factories

pytestmark = pytest.mark.django_db


def bearer(scope="read", **fields) -> dict:
    api_key, key = api_key_create(name="Warehouse", scope=scope)
    if fields:
        type(api_key).objects.filter(pk=api_key.pk).update(**fields)
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def inspector():
    return factories.link_inspector(
        first_name="Ivan", last_name="Inspector", email="ivan@council.example"
    )


def test_assignments_name_the_inspector_without_an_email_for_an_ordinary_key(client, inspector):
    school = factories.school(urn=100001)
    factories.link_assignment(school=school, inspector=inspector)

    listed = client.get("/api/v1/link-assignments/", headers=bearer()).json()["results"]

    assert listed[0]["school"] == 100001
    assert listed[0]["inspector_name"] == "Ivan Inspector"
    assert listed[0]["inspector_email"] is None
    assert listed[0]["is_current"] is True


def test_a_key_allowed_contact_details_gets_the_inspectors_email(client, inspector):
    factories.link_assignment(school=factories.school(), inspector=inspector)

    headers = bearer(can_read_contact_details=True)
    listed = client.get("/api/v1/link-assignments/", headers=headers).json()["results"]

    assert listed[0]["inspector_email"] == "ivan@council.example"


def test_assignments_filter_by_school_urn_and_inspector_name(client, inspector):
    a, b = factories.school(urn=100001), factories.school(urn=100002)
    factories.link_assignment(school=a, inspector=inspector)
    factories.link_assignment(school=b, inspector=factories.link_inspector(last_name="Other"))
    headers = bearer()

    by_school = client.get("/api/v1/link-assignments/?school=100002", headers=headers).json()
    by_name = client.get("/api/v1/link-assignments/?inspector=ivan", headers=headers).json()

    assert [r["school"] for r in by_school["results"]] == [100002]
    assert [r["school"] for r in by_name["results"]] == [100001]


def test_visits_are_metadata_without_notes(client, inspector):
    visit = factories.link_visit(
        school=factories.school(), inspector=inspector, notes="Private working notes",
        focus_areas=["safeguarding"],
    )  # fmt: skip
    visit.actions.create(description="Plan", due_on=date(2026, 1, 1))
    visit.actions.create(description="Done", completed_on=date(2026, 10, 7))

    response = client.get("/api/v1/link-visits/", headers=bearer())

    assert "Private working notes" not in response.text
    row = response.json()["results"][0]
    assert row["focus_areas"] == ["safeguarding"]
    assert (row["actions_total"], row["actions_open"], row["actions_overdue"]) == (2, 1, 1)
    assert row["is_shared"] is False and row["has_report"] is False


def test_a_headteacher_cannot_read_visits_through_the_api(client, inspector):
    school = factories.school()
    head = factories.person()
    factories.headship(school=school, person=head)
    factories.link_visit(school=school, inspector=inspector, shared_at="2026-10-07T10:00Z")
    client.force_login(head)

    assert client.get("/api/v1/link-visits/").status_code == 403


def test_a_write_key_records_a_visit_with_actions(client, inspector):
    school = factories.school(urn=100001)
    head = factories.person(email="head@school.example")
    factories.headship(school=school, person=head)

    response = client.post(
        "/api/v1/link-visits/",
        {
            "school": 100001, "inspector_email": "IVAN@council.example",
            "visited_on": "2026-11-20", "purpose": "support",
            "focus_areas": ["attendance_and_behaviour"], "notes": "Notes",
            "actions": [
                {"description": "Attendance plan", "owner_email": "head@school.example",
                 "due_on": "2027-01-15"},
                {"description": "SEND audit", "owner_name": "The SENCo"},
            ],
        },
        content_type="application/json", headers=bearer("write"),
    )  # fmt: skip

    assert response.status_code == 201, response.content
    visit = LinkVisit.objects.get()
    assert response.json()["id"] == visit.pk and "notes" not in response.json()
    assert visit.inspector == inspector and visit.notes == "Notes"
    assert visit.actions.get(description="Attendance plan").owner == head


def test_a_bad_visit_is_refused_field_by_field(client, inspector):
    factories.school(urn=100001)
    officer = factories.officer(email="not-inspector@council.example")

    response = client.post(
        "/api/v1/link-visits/",
        {"school": 100001, "inspector_email": officer.email, "visited_on": "2099-01-01",
         "purpose": "challenge"},
        content_type="application/json", headers=bearer("write"),
    )  # fmt: skip

    assert response.status_code == 400
    errors = {e["attr"]: e["detail"] for e in response.json()["errors"]}
    assert errors == {
        "inspector_email": f"{officer.get_full_name()} is not a link inspector.",
        "visited_on": "The date of the visit cannot be in the future.",
    }
    assert not LinkVisit.objects.exists()


def test_a_read_key_cannot_record_a_visit(client):
    response = client.post(
        "/api/v1/link-visits/", {}, content_type="application/json", headers=bearer()
    )

    assert response.status_code == 403


def test_support_categorisations_give_levels_without_reasons(client):
    school = factories.school(urn=100001)
    for level, on in (("targeted", date(2025, 9, 1)), ("intensive", date(2026, 9, 1))):
        SupportCategorisation.objects.create(
            school=school, level=level, reasons="Confidential reasons", decided_on=on
        )

    response = client.get("/api/v1/support-categorisations/?current=true", headers=bearer())

    assert "Confidential reasons" not in response.text
    assert [(r["level"], r["is_current"]) for r in response.json()["results"]] == [
        ("intensive", True)
    ]


@pytest.mark.parametrize(
    "url", ["/api/v1/link-assignments/", "/api/v1/link-visits/", "/api/v1/support-categorisations/"]
)
def test_list_query_counts_do_not_grow_with_rows(client, inspector, url, django_assert_num_queries):
    headers = bearer()

    def add():
        school = factories.school()
        factories.link_assignment(school=school, inspector=factories.link_inspector())
        factories.link_visit(school=school, inspector=inspector).actions.create(description="x")
        SupportCategorisation.objects.create(
            school=school, level="universal", reasons="r", decided_on=date(2026, 9, 1)
        )

    add()
    client.get(url, headers=headers)
    with CaptureQueriesContext(connection) as few:
        client.get(url, headers=headers)
    for _ in range(6):
        add()
    with django_assert_num_queries(len(few)):
        response = client.get(url, headers=headers)
    assert len(response.json()["results"]) == 7


def test_visits_page_by_cursor_newest_first_without_repeating_or_skipping(client, inspector):
    headers = bearer()
    made = [
        factories.link_visit(
            school=factories.school(), inspector=inspector, visited_on=date(2026, 10, 1 + i // 2)
        )
        for i in range(5)
    ]  # dates repeat: the sort ends on the id

    seen, page = [], client.get("/api/v1/link-visits/?page_size=2", headers=headers).json()
    while True:
        assert "count" not in page
        seen += [r["id"] for r in page["results"]]
        if page["next"] is None:
            break
        page = client.get(page["next"], headers=headers).json()

    assert seen == [v.pk for v in sorted(made, key=lambda v: (v.visited_on, v.pk), reverse=True)]


@pytest.mark.parametrize(
    "url", ["/api/v1/link-assignments/", "/api/v1/link-visits/", "/api/v1/support-categorisations/"]
)
def test_updated_since_gives_what_changed_and_a_detail_answers_304(client, inspector, url):
    headers = bearer()
    for urn in (100001, 100002):
        school = factories.school(urn=urn)
        factories.link_assignment(school=school, inspector=inspector)
        factories.link_visit(school=school, inspector=inspector)
        SupportCategorisation.objects.create(
            school=school, level="universal", reasons="r", decided_on=date(2026, 9, 1)
        )
    for model in (LinkInspectorAssignment, LinkVisit, SupportCategorisation):
        model.objects.filter(school__urn=100001).update(updated_at=datetime(2025, 1, 1, tzinfo=UTC))

    changed = client.get(url, {"updated_since": "2026-01-01T00:00:00Z"}, headers=headers).json()

    [row] = changed["results"]
    assert row["school"] == 100002
    first = client.get(f"{url}{row['id']}/", headers=headers)
    assert first.status_code == 200 and first["Last-Modified"].endswith("GMT")
    again = client.get(f"{url}{row['id']}/", headers={**headers, "If-None-Match": first["ETag"]})
    assert again.status_code == 304
