"""The council's own inspections: recording them, notices, recommendations and actions."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from inspections.models import ImprovementAction, ImprovementNotice, LAInspection, LAJudgement
from tests import factories

pytestmark = pytest.mark.django_db

TIMELINE = "/inspections/la/"
ADD = "/inspections/la/add/"


@pytest.fixture
def officer():
    return factories.officer(first_name="Olu", last_name="Officer")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def ilacs_post(**overrides) -> dict:
    data = {
        "kind": "ilacs_standard",
        "started_on": "2023-02-06",
        "ended_on": "2023-02-17",
        "published_on": "2023-03-30",
        "overall_effectiveness": "good",
        "leaders": "good",
        "help_and_protection": "good",
        "children_in_care": "requires_improvement",
        "care_leavers": "good",
        "children_in_care_and_care_leavers": "",
        "send_outcome": "",
        "summary": "Services have improved.",
        "report_url": "https://reports.ofsted.gov.uk/provider/44/80574",
    }
    return {**data, **overrides}


def error_summary(response) -> str:
    html = response.content.decode()
    start = html.index("govuk-error-summary")
    return html[start : html.index("</ul>", start)]


# --- Access ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", [TIMELINE, ADD, "/inspections/la/notices/add/"])
def test_anonymous_visitor_is_sent_to_sign_in(client, url):
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("url", [TIMELINE, ADD, "/inspections/la/notices/add/"])
def test_head_and_governor_are_refused(client, url):
    school = factories.school()
    head, governor = factories.person(), factories.person()
    factories.headship(school=school, person=head)
    factories.governor(school=school, person=governor)
    for person in (head, governor):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(url, ilacs_post()).status_code == 403
    assert not LAInspection.objects.exists()


# --- Recording an inspection ------------------------------------------------------------


def test_officer_records_an_ilacs_inspection_with_its_judgements(officer_client):
    response = officer_client.post(ADD, ilacs_post())

    inspection = LAInspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/inspections/la/{inspection.pk}/"
    assert inspection.overall_effectiveness == "good"
    assert dict(inspection.judgements.values_list("area", "grade")) == {
        "leaders": "good",
        "help_and_protection": "good",
        "children_in_care": "requires_improvement",
        "care_leavers": "good",
    }
    page = officer_client.get(response["Location"]).content.decode()
    assert "The experiences and progress of children in care" in page
    assert "Requires improvement" in page


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"ended_on": "2023-02-01"}, "ended_on", "end date must be on or after the start date"),
        ({"published_on": "2023-02-10"}, "published_on", "cannot be published before"),
        ({"kind": "focused_visit"}, "overall_effectiveness", "Only an ILACS inspection gives"),
        (
            {"kind": "focused_visit", "overall_effectiveness": ""},
            None, "Only an ILACS inspection has ILACS judgements",
        ),
        (
            {"send_outcome": "inconsistent"},
            "send_outcome", "Only an area SEND inspection has an area SEND outcome",
        ),
        ({"children_in_care_and_care_leavers": "good"}, None, "not both"),
        ({"started_on": "2999-01-01", "ended_on": "", "published_on": ""}, "started_on",
         "must be today or in the past"),
        ({"started_on": "31/02/2023"}, "started_on", "Enter a real date"),
        ({"kind": ""}, "kind", "Choose the kind of inspection"),
        ({"overall_effectiveness": "exceptional"}, "overall_effectiveness", "Select a valid"),
        ({"report_url": "not a link"}, "report_url", "Enter a web address"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_clearly_and_changes_nothing(officer_client, overrides, field,
                                                          message):  # fmt: skip
    response = officer_client.post(ADD, ilacs_post(**overrides))

    assert response.status_code == 200
    assert message in error_summary(response)
    if field:
        assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not LAInspection.objects.exists()
    assert not LAJudgement.objects.exists()


def test_area_send_inspection_with_its_outcome(officer_client):
    officer_client.post(ADD, ilacs_post(
        kind="area_send", overall_effectiveness="", leaders="", help_and_protection="",
        children_in_care="", care_leavers="", send_outcome="inconsistent",
    ))  # fmt: skip

    assert LAInspection.objects.get().send_outcome == "inconsistent"


def test_editing_replaces_the_judgements_and_bad_edit_keeps_the_old(officer_client):
    inspection = factories.la_inspection(
        started_on=date(2023, 2, 6), overall_effectiveness="good",
        judgements={"leaders": "good", "help_and_protection": "good"},
    )  # fmt: skip
    url = f"/inspections/la/{inspection.pk}/edit/"
    form = officer_client.get(url).context["form"]
    assert form.initial["leaders"] == "good"

    bad = officer_client.post(url, ilacs_post(kind="jtai"))
    assert bad.status_code == 200
    assert inspection.judgements.count() == 2

    officer_client.post(url, ilacs_post(leaders="outstanding", help_and_protection=""))
    inspection.refresh_from_db()
    assert dict(inspection.judgements.values_list("area", "grade"))["leaders"] == "outstanding"
    assert "help_and_protection" not in dict(inspection.judgements.values_list("area", "grade"))


# --- Recommendations and actions --------------------------------------------------------


def test_recommendation_becomes_an_action_with_owner_and_due_date(officer_client, officer):
    inspection = factories.la_inspection(started_on=date(2023, 2, 6))

    response = officer_client.post(
        f"/inspections/la/{inspection.pk}/actions/add/",
        {"recommendation": "Strengthen management oversight", "owner": officer.pk,
         "due_on": "2024-03-31"},
    )  # fmt: skip

    assert response.status_code == 302
    action = ImprovementAction.objects.get()
    assert (action.inspection, action.owner, action.due_on) == (
        inspection,
        officer,
        date(2024, 3, 31),
    )
    assert action.status == "open"
    assert "Strengthen management oversight" in officer_client.get(TIMELINE).content.decode()


def test_recommendation_due_before_the_inspection_is_refused(officer_client):
    inspection = factories.la_inspection(started_on=date(2023, 2, 6))

    response = officer_client.post(
        f"/inspections/la/{inspection.pk}/actions/add/",
        {"recommendation": "Too early", "due_on": "2022-01-01"},
    )

    assert "cannot be before 6 February 2023" in error_summary(response)
    assert not ImprovementAction.objects.exists()


def test_owner_must_be_an_officer(officer_client):
    inspection = factories.la_inspection()
    head = factories.person()

    response = officer_client.post(
        f"/inspections/la/{inspection.pk}/actions/add/",
        {"recommendation": "Someone else", "owner": head.pk},
    )

    assert response.status_code == 200
    assert not ImprovementAction.objects.exists()


def test_marking_an_action_done_records_the_day_and_reopening_clears_it(officer_client):
    inspection = factories.la_inspection(started_on=date(2023, 2, 6))
    action = ImprovementAction.objects.create(inspection=inspection, recommendation="Audit")
    url = f"/inspections/la/actions/{action.pk}/"

    officer_client.post(url, {"status": "done", "completed_on": ""})
    action.refresh_from_db()
    assert (action.status, action.completed_on) == ("done", timezone.localdate())

    officer_client.post(url, {"status": "in_progress", "completed_on": ""})
    action.refresh_from_db()
    assert (action.status, action.completed_on) == ("in_progress", None)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"status": "open", "completed_on": "2024-01-01"}, "Leave the date done empty"),
        ({"status": "done", "completed_on": "2020-01-01"}, "cannot be before 6 February 2023"),
        ({"status": "done", "completed_on": "2999-01-01"}, "today or earlier"),
        ({"status": "finished"}, "Select a valid choice"),
    ],
)
def test_bad_action_update_changes_nothing(officer_client, data, message):
    inspection = factories.la_inspection(started_on=date(2023, 2, 6))
    action = ImprovementAction.objects.create(inspection=inspection, recommendation="Audit")

    response = officer_client.post(f"/inspections/la/actions/{action.pk}/", data)

    assert message in error_summary(response)
    action.refresh_from_db()
    assert (action.status, action.completed_on) == ("open", None)


# --- Improvement notices ----------------------------------------------------------------


def test_notice_issued_then_lifted_shows_on_the_timeline(officer_client):
    officer_client.post("/inspections/la/notices/add/", {"issued_on": "2019-06-01"})
    notice = ImprovementNotice.objects.get()
    assert "is in force" in officer_client.get(TIMELINE).content.decode()

    response = officer_client.post(
        f"/inspections/la/notices/{notice.pk}/lift/", {"lifted_on": "2022-05-20"}
    )

    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.lifted_on == date(2022, 5, 20)
    page = officer_client.get(TIMELINE).content.decode()
    assert "Improvement notice lifted" in page
    assert "is in force" not in page


def test_second_notice_while_one_is_in_force_is_refused(officer_client):
    ImprovementNotice.objects.create(issued_on=date(2019, 6, 1))

    response = officer_client.post("/inspections/la/notices/add/", {"issued_on": "2020-01-01"})

    assert "already in force" in error_summary(response)
    assert ImprovementNotice.objects.count() == 1


@pytest.mark.parametrize(
    "lifted_on, message",
    [("2019-01-01", "cannot be lifted before it was issued"), ("", "Enter the date")],
)
def test_bad_lifting_changes_nothing(officer_client, lifted_on, message):
    notice = ImprovementNotice.objects.create(issued_on=date(2019, 6, 1))

    response = officer_client.post(
        f"/inspections/la/notices/{notice.pk}/lift/", {"lifted_on": lifted_on}
    )

    assert message in error_summary(response)
    notice.refresh_from_db()
    assert notice.lifted_on is None


def test_lifting_twice_is_refused(officer_client):
    notice = ImprovementNotice.objects.create(
        issued_on=date(2019, 6, 1), lifted_on=date(2022, 5, 1)
    )

    response = officer_client.post(
        f"/inspections/la/notices/{notice.pk}/lift/", {"lifted_on": "2022-06-01"}
    )

    assert "already lifted" in error_summary(response)
    notice.refresh_from_db()
    assert notice.lifted_on == date(2022, 5, 1)


def test_notice_recommendation_becomes_an_action(officer_client):
    notice = ImprovementNotice.objects.create(issued_on=date(2019, 6, 1))

    officer_client.post(
        f"/inspections/la/notices/{notice.pk}/actions/add/",
        {"recommendation": "Set up an improvement board",
         "due_on": (date(2019, 6, 1) + timedelta(days=90)).isoformat()},
    )  # fmt: skip

    assert ImprovementAction.objects.get().notice == notice


def test_timeline_query_count_does_not_grow(officer_client, django_assert_max_num_queries):
    def add(n):
        for i in range(n):
            inspection = factories.la_inspection(
                started_on=date(2018 + i % 6, 1, 1), judgements={"leaders": "good"}
            )
            ImprovementAction.objects.create(
                inspection=inspection, recommendation=f"R{i}", owner=factories.officer()
            )

    officer_client.get(TIMELINE)
    add(3)
    ImprovementNotice.objects.create(issued_on=date(2019, 6, 1))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        officer_client.get(TIMELINE)
    add(20)
    with django_assert_max_num_queries(len(few)):
        officer_client.get(TIMELINE)


# --- Demo data --------------------------------------------------------------------------


def test_demo_journey_loads_once_and_reads_in_order(officer_client, officer):
    from inspections.demo_la import seed_la_inspections

    first = seed_la_inspections(owner=officer)
    again = seed_la_inspections(owner=officer)

    assert first == {"inspections": 7, "notices": 1}
    assert again == {"inspections": 0, "notices": 0}
    kinds = list(LAInspection.objects.order_by("started_on").values_list("kind", "started_on"))
    assert kinds[0] == ("ilacs_standard", date(2019, 3, 4))
    assert ("area_send", date(2024, 6, 10)) in kinds
    notice = ImprovementNotice.objects.get()
    assert (notice.issued_on, notice.lifted_on) == (date(2019, 6, 3), date(2022, 5, 19))
    assert ImprovementAction.objects.filter(status="done").exists()
    assert ImprovementAction.objects.exclude(status="done").exists()
    page = officer_client.get(TIMELINE).content.decode()
    assert "Inconsistent experiences and outcomes" in page
