"""Every list endpoint of the router costs the same number of queries whatever its page
size: a page of 12 rows costs no more than a page of 2.

The test walks the router's registry, so an endpoint registered without a data builder
here fails with a message naming it: add a builder below that makes `n` rows of it
(with their nested data, so a missing prefetch shows)."""

import itertools
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiKey
from council_portal.api import router
from meetings.models import Action, AgendaItem, Decision, Invitation
from partnerships.models import Membership, PartnerAgency
from tests import factories
from tests.meetings.test_public_page import paper
from tests.partnerships import api_key, bearer, body, meeting, series

pytestmark = pytest.mark.django_db


_serial = itertools.count(300)


def _local_authorities(n):
    for _ in range(n):
        factories.local_authority(str(next(_serial)), "Somewhere")


def _agencies(n):
    for _ in range(n):
        PartnerAgency.objects.create(name=f"Agency {next(_serial)}", kind="police")


def _meeting():
    return meeting(series=series(body=body()))


def _schools(n):
    for _ in range(n):
        school = factories.school()
        factories.headship(school=school, person=factories.person())


def _bodies(n):
    for _ in range(n):
        made = body()
        Membership.objects.create(body=made, person=factories.person())
        Membership.objects.create(body=made, school=factories.school())


def _agenda_items(n):
    held = _meeting()
    for position in range(1, n + 1):
        AgendaItem.objects.create(
            meeting=held, position=position, title=f"Item {position}", owner=factories.person()
        )


def _decisions(n):
    held = _meeting()
    for position in range(1, n + 1):
        item = AgendaItem.objects.create(meeting=held, position=position, title="Item")
        Decision.objects.create(agenda_item=item, resolution="Agreed.", decided_on=date.today())


def _actions(n):
    held = _meeting()
    for _ in range(n):
        Action.objects.create(
            meeting=held, description="Follow up", owner=factories.person(),
            due_on=date.today() + timedelta(days=7),
        )  # fmt: skip


def _attendance(n):
    held = _meeting()
    for _ in range(n):
        Invitation.objects.create(meeting=held, person=factories.person(), attendance="present")


def _papers(n):
    held = _meeting()
    for i in range(n):
        paper(held, f"Paper {i}")


def _school_inspections(n):
    for _ in range(n):
        factories.school_inspection(school=factories.school(), judgements={"achievement": "good"})


def _la_inspections(n):
    for i in range(n):
        factories.la_inspection(started_on=date(2024, 1, 1) + timedelta(days=i))


def _improvement_notices(n):
    from inspections.models import ImprovementNotice

    for i in range(n):
        ImprovementNotice.objects.create(issued_on=date(2024, 1, 1) + timedelta(days=i))


def _link_assignments(n):
    for _ in range(n):
        factories.link_assignment(school=factories.school(), inspector=factories.link_inspector())


def _link_visits(n):
    for _ in range(n):
        factories.link_visit(school=factories.school(), inspector=factories.link_inspector())


def _support_categorisations(n):
    from inspections.models import SupportCategorisation

    for _ in range(n):
        SupportCategorisation.objects.create(
            school=factories.school(), level="targeted", reasons="Falling results",
            decided_on=date(2026, 9, 1),
        )  # fmt: skip


def _webhooks(n, key):
    for i in range(n):
        factories.webhook_endpoint(url=f"https://hooks.example/{i}", owner_key=key)


# basename -> (builder of n rows, scope of the key that lists them)
BUILDERS = {
    "local-authority": (_local_authorities, "read"),
    "school": (_schools, "read"),
    "agency": (_agencies, "read"),
    "body": (_bodies, "read"),
    "meeting-series": (lambda n: [series(body=body()) for _ in range(n)], "read"),
    "meeting": (lambda n: [_meeting() for _ in range(n)], "read"),
    "agenda-item": (_agenda_items, "read"),
    "decision": (_decisions, "read"),
    "action": (_actions, "read"),
    "attendance": (_attendance, "read"),
    "paper": (_papers, "read"),
    "school-inspection": (_school_inspections, "read"),
    "la-inspection": (_la_inspections, "read"),
    "improvement-notice": (_improvement_notices, "read"),
    "link-assignment": (_link_assignments, "read"),
    "link-visit": (_link_visits, "read"),
    "support-categorisation": (_support_categorisations, "read"),
    "webhook": (_webhooks, "write"),
}  # fmt: skip
# One answer rather than pages of rows; its query count is tested against the number of
# schools in tests/schools/test_places_pages.py.
NOT_PAGED = {"places"}


def _lists():
    return [
        pytest.param(prefix, basename, id=basename)
        for prefix, viewset, basename in router.registry
        if hasattr(viewset, "list") and basename not in NOT_PAGED
    ]


@pytest.mark.parametrize(("prefix", "basename"), _lists())
def test_list_query_count_does_not_grow_with_the_page(client, prefix, basename):
    if basename not in BUILDERS:
        pytest.fail(
            f"/api/v1/{prefix}/ ({basename}) has no data builder in "
            "tests/api/test_query_counts.py: add one to BUILDERS that makes n rows of it."
        )
    build, scope = BUILDERS[basename]
    key = api_key(scope)
    row = ApiKey.objects.get(prefix="_".join(key.split("_")[:2]))
    extra = {"key": row} if basename == "webhook" else {}
    url = f"/api/v1/{prefix}/"

    build(2, **extra)
    client.get(url, {"page_size": 2}, **bearer(key))  # warm per-process caches
    with CaptureQueriesContext(connection) as small:
        response = client.get(url, {"page_size": 2}, **bearer(key))
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == 2

    build(10, **extra)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url, {"page_size": 12}, **bearer(key))
    assert len(response.json()["results"]) == 12
    assert len(large) <= len(small), "\n".join(q["sql"] for q in large.captured_queries)
