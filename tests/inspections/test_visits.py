"""Recording link visits: the form with its follow-up actions (no JavaScript needed),
the report through the protected-file checks, sharing, completing actions."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfWriter

from inspections import visits
from inspections.models import LinkVisit, VisitAction
from schools.categories import Category
from tests import factories

pytestmark = pytest.mark.django_db


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def inspector(client):
    person = factories.link_inspector(first_name="Ivan", last_name="Inspector")
    client.force_login(person)
    return person


@pytest.fixture
def school():
    return factories.school(name="Alder Primary School")


def form_data(inspector, **overrides) -> dict:
    data = {
        "inspector": inspector.pk, "visited_on": "2026-11-20", "purpose": "challenge",
        "focus_areas": ["safeguarding", "curriculum_and_teaching"], "notes": "Good progress.",
        "actions-TOTAL_FORMS": "2", "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0", "actions-MAX_NUM_FORMS": "20",
        "actions-0-description": "", "actions-0-owner": "", "actions-0-owner_name": "",
        "actions-0-due_on": "",
        "actions-1-description": "", "actions-1-owner": "", "actions-1-owner_name": "",
        "actions-1-due_on": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_recording_a_visit_with_actions_and_a_report(client, inspector, school):
    head = factories.person(first_name="Hannah", last_name="Head")
    factories.headship(school=school, person=head)
    report = SimpleUploadedFile("Visit note.pdf", pdf_bytes(), content_type="application/pdf")

    response = client.post(
        f"/inspections/visits/new/?school={school.urn}",
        form_data(
            inspector, report=report,
            **{"actions-0-description": "Attendance plan", "actions-0-owner": str(head.pk),
               "actions-0-due_on": "2027-01-15",
               "actions-1-description": "SEND audit", "actions-1-owner_name": "The SENCo"},
        ),
    )  # fmt: skip

    visit = LinkVisit.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/inspections/visits/{visit.pk}/"
    )
    assert visit.school == school and visit.inspector == inspector
    assert visit.focus_areas == ["curriculum_and_teaching", "safeguarding"]
    assert visit.report_name == "Visit note.pdf" and visit.report_content_type == "application/pdf"
    assert len(visit.report_sha256) == 64 and visit.shared_at is None
    actions = {a.description: a for a in visit.actions.all()}
    assert actions["Attendance plan"].owner == head
    assert actions["Attendance plan"].due_on == date(2027, 1, 15)
    assert actions["SEND audit"].owner_name == "The SENCo"


def test_add_another_action_gives_one_more_row_and_keeps_what_was_typed(client, inspector, school):
    response = client.post(
        f"/inspections/visits/new/?school={school.urn}",
        form_data(inspector, add_action="1", notes="Keep me",
                  **{"actions-0-description": "First"}),
    )  # fmt: skip

    assert response.status_code == 200
    assert 'name="actions-2-description"' in response.text
    assert "Keep me" in response.text and 'value="First"' in response.text
    assert "There is a problem" not in response.text
    assert not LinkVisit.objects.exists()


def test_a_program_renamed_pdf_is_refused_and_nothing_is_stored(
    client, inspector, school, settings
):
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\x00" * 200)

    response = client.post(
        f"/inspections/visits/new/?school={school.urn}", form_data(inspector, report=fake)
    )

    assert response.status_code == 200
    assert "report.pdf is a Windows program" in response.text
    assert not LinkVisit.objects.exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def test_a_visit_in_the_future_is_refused(client, inspector, school):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.post(
        f"/inspections/visits/new/?school={school.urn}",
        form_data(inspector, visited_on=tomorrow.isoformat()),
    )

    assert "The date of the visit cannot be in the future." in response.text
    assert not LinkVisit.objects.exists()


def test_an_action_row_without_a_description_is_an_error(client, inspector, school):
    response = client.post(
        f"/inspections/visits/new/?school={school.urn}",
        form_data(inspector, **{"actions-0-owner_name": "The SENCo"}),
    )

    assert "Action 1: Enter what is to be done" in response.text
    assert not LinkVisit.objects.exists()


def test_an_owner_from_another_school_is_refused():
    school, other = factories.school(), factories.school()
    outsider = factories.person()
    factories.headship(school=other, person=outsider)

    with pytest.raises(Exception, match="is not the head, a governor"):
        visits.visit_record(
            school=school, inspector=factories.link_inspector(), visited_on=date(2026, 11, 2),
            purpose="support", actions=[visits.ActionSpec("Plan", owner=outsider)], by=None,
        )  # fmt: skip
    assert not LinkVisit.objects.exists()


def test_contact_with_an_independent_school_may_be_recorded(client, inspector):
    school = factories.school(name="Hill House", category=Category.INDEPENDENT)

    page = client.get(f"/inspections/visits/new/?school={school.urn}")
    response = client.post(
        f"/inspections/visits/new/?school={school.urn}", form_data(inspector, purpose="other")
    )

    assert "not entitled to a link inspector" in page.text
    assert response.status_code == 302
    assert LinkVisit.objects.get().school == school


def test_an_unknown_urn_is_answered_with_the_school_chooser(client, inspector):
    response = client.get("/inspections/visits/new/?school=999999")

    assert response.status_code == 404
    assert "No school on the register has the URN 999999" in response.text


def test_editing_a_visit_replaces_the_report_and_adds_an_action(client, inspector, school):
    visit = visits.visit_record(
        school=school, inspector=inspector, visited_on=date(2026, 11, 2), purpose="support",
        report=SimpleUploadedFile("first.pdf", pdf_bytes()), by=inspector,
        actions=[visits.ActionSpec("Existing")],
    )  # fmt: skip
    old_file = visit.report.name

    response = client.post(
        f"/inspections/visits/{visit.pk}/edit/",
        form_data(inspector, purpose="support", notes="Changed",
                  report=SimpleUploadedFile("second.pdf", pdf_bytes()),
                  **{"actions-0-description": "New one"}),
    )  # fmt: skip

    visit.refresh_from_db()
    assert response.status_code == 302
    assert visit.notes == "Changed" and visit.report_name == "second.pdf"
    assert visit.report.name != old_file
    assert sorted(visit.actions.values_list("description", flat=True)) == ["Existing", "New one"]


def test_sharing_sets_the_date_once(client, inspector, school):
    visit = factories.link_visit(school=school, inspector=inspector)

    client.post(f"/inspections/visits/{visit.pk}/share/")
    visit.refresh_from_db()
    first = visit.shared_at
    client.post(f"/inspections/visits/{visit.pk}/share/")
    visit.refresh_from_db()

    assert first is not None and visit.shared_at == first


def test_completing_an_action_today_and_on_another_day(client, inspector, school):
    visit = factories.link_visit(school=school, inspector=inspector, visited_on=date(2026, 10, 6))
    today_action = visit.actions.create(description="Plan")
    earlier_action = visit.actions.create(description="Audit")

    client.post(f"/inspections/visit-actions/{today_action.pk}/done/")
    client.post(
        f"/inspections/visit-actions/{earlier_action.pk}/done/", {"completed_on": "2026-10-20"}
    )
    refused = client.post(
        f"/inspections/visit-actions/{visit.actions.create(description='x').pk}/done/",
        {"completed_on": "2026-10-01"},
    )

    assert VisitAction.objects.get(pk=today_action.pk).completed_on == timezone.localdate()
    assert VisitAction.objects.get(pk=earlier_action.pk).completed_on == date(2026, 10, 20)
    assert "before the visit" in refused.text


def test_the_report_downloads_as_a_protected_attachment(client, inspector, school):
    data = pdf_bytes()
    visit = visits.visit_record(
        school=school, inspector=inspector, visited_on=date(2026, 11, 2), purpose="support",
        report=SimpleUploadedFile("Visit – Alder.pdf", data), by=inspector,
    )  # fmt: skip

    response = client.get(f"/inspections/visits/{visit.pk}/report")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''Visit%20%E2%80%93%20Alder.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_visit_without_a_report_has_no_download(client, inspector, school):
    visit = factories.link_visit(school=school, inspector=inspector)

    assert client.get(f"/inspections/visits/{visit.pk}/report").status_code == 404


def test_the_visit_page_query_count_does_not_grow_with_actions(
    client, inspector, school, django_assert_num_queries
):
    visit = factories.link_visit(school=school, inspector=inspector)
    visit.actions.create(description="a", owner=factories.person())
    client.get(visit.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(visit.get_absolute_url())
    for n in range(8):
        visit.actions.create(description=f"a{n}", owner=factories.person())
    with django_assert_num_queries(len(few)):
        response = client.get(visit.get_absolute_url())
    assert response.text.count("govuk-tag--blue") == 9
