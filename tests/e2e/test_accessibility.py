"""End-to-end checks in a real browser: WCAG 2.2 AA by axe-core, signing in, the skip link.

The live server runs in another thread against the test database, so tests that
create data use transactional_db: data saved in a test transaction would be
invisible to it.
"""

import uuid
from datetime import date

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from accounts.models import User

pytestmark = pytest.mark.e2e

SIGN_IN = "/accounts/login/"
PAGES = [
    pytest.param("/", id="home"),
    pytest.param(SIGN_IN, id="sign-in"),
    pytest.param("/working-with-schools/", id="working-with-schools"),
]


@pytest.fixture
def officer(transactional_db, password):
    # A new address each run: allauth's rate limits on failed sign-ins are kept in
    # the cache, which (with Redis) outlives the test database.
    user = User.objects.create_user(f"officer-{uuid.uuid4().hex[:12]}@demo.test", password)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(base_url + SIGN_IN)
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations(live_server, page, assert_no_axe_violations, path):
    page.goto(live_server.url + path)

    assert_no_axe_violations(page)


def test_officer_signs_in_with_email_and_password(live_server, page, officer, password):
    sign_in(page, live_server.url, officer.email, password)

    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("main")).to_contain_text(f"Signed in as {officer.email}")


def test_wrong_password_shows_error_summary(live_server, page, officer, assert_no_axe_violations):
    sign_in(page, live_server.url, officer.email, "not the password")

    expect(page).to_have_url(live_server.url + SIGN_IN)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    # The error about the whole form links to its first field.
    error_link = summary.get_by_role("link")
    expect(error_link).to_contain_text("not correct")
    expect(error_link).to_have_attribute("href", "#id_login")
    # GOV.UK Frontend's error summary takes focus, so screen readers announce it first.
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: ")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("path", PAGES)
def test_skip_link_is_first_focusable_element(live_server, page, path):
    page.goto(live_server.url + path)

    page.keyboard.press("Tab")
    focused_text = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused_text == "Skip to main content"

    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()


# Link inspection: coverage and caseloads, a visit with actions, the record-a-visit form
# and schools causing concern.
LINK_PAGES = ["/inspections/link/", "visit", "new-visit", "/inspections/support/"]


@pytest.fixture
def link_data(officer, settings):
    from datetime import date, timedelta

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts import roles
    from inspections.models import SupportCategorisation
    from tests import factories

    settings.REQUIRE_OFFICER_MFA = False  # signing in with a code is tested elsewhere
    officer.groups.add(
        *(Group.objects.get_or_create(name=n)[0] for n in (roles.OFFICER, roles.LINK_INSPECTOR))
    )
    covered = factories.school(name="Ash Primary")
    factories.school(name="Birch Secondary", phase="Secondary")  # no link inspector
    factories.link_assignment(school=covered, inspector=officer)
    visit = factories.link_visit(
        school=covered, inspector=officer, visited_on=date(2026, 10, 6), notes="Notes",
        focus_areas=["safeguarding", "achievement"],
    )  # fmt: skip
    today = timezone.localdate()
    visit.actions.create(description="Attendance plan", due_on=today - timedelta(days=3))
    visit.actions.create(description="SEND audit", owner_name="The SENCo", completed_on=today)
    for level, review in (("intensive", today - timedelta(days=1)), ("universal", None)):
        SupportCategorisation.objects.create(
            school=factories.school(), level=level, reasons="Reasons",
            decided_on=date(2026, 9, 1), review_on=review,
        )  # fmt: skip
    return {
        "visit": visit.get_absolute_url(),
        "new-visit": f"/inspections/visits/new/?school={covered.urn}",
    }


@pytest.mark.parametrize("path", LINK_PAGES)
def test_link_inspection_pages_have_no_axe_violations(
    live_server, page, officer, password, link_data, assert_no_axe_violations, path
):
    sign_in(page, live_server.url, officer.email, password)
    page.goto(live_server.url + link_data.get(path, path))

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(page)


def test_recording_a_visit_with_an_error_is_accessible(
    live_server, page, officer, password, link_data, assert_no_axe_violations
):
    sign_in(page, live_server.url, officer.email, password)
    page.goto(live_server.url + link_data["new-visit"])
    page.get_by_label("Action", exact=True).first.fill("")
    page.locator("#id_actions-0-owner_name").fill("The SENCo")
    page.get_by_role("button", name="Record the visit").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Action 1: Enter what is to be done")
    assert_no_axe_violations(page)


# Council contacts, engagement and a partnership's page, with rows to show.
ENGAGEMENT_PAGES = ["/contacts/", "/schools/engagement/", "school", "school-contacts", "body"]


@pytest.fixture
def engagement_data(officer, settings):
    from datetime import date, timedelta

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts import roles
    from meetings.models import Invitation
    from partnerships.models import ContactResponsibility, ContactRule, Membership
    from tests import factories
    from tests.partnerships import body, meeting, series

    settings.REQUIRE_OFFICER_MFA = False  # signing in with a code is tested elsewhere
    officer.groups.add(Group.objects.get_or_create(name=roles.OFFICER)[0])
    ContactRule.objects.create(responsibility=ContactResponsibility.ADMISSIONS, officer=officer)
    school = factories.school(name="Ash Primary")
    head = factories.person()
    factories.headship(school=school, person=head)
    partnership = body(name="Attendance partnership", terms_of_reference="Meets termly.")
    Membership.objects.create(body=partnership, school=school, starts_on=date(2024, 9, 1))
    conference = series(body=partnership)
    today = timezone.localdate()
    for days, attendance in [(540, "present"), (541, "present"), (180, "absent"), (181, "present")]:
        m = meeting(series=conference, day=today - timedelta(days=days), emailed=False)
        Invitation.objects.create(meeting=m, person=head, attendance=attendance)
    return {
        "school": school.get_absolute_url(),
        "school-contacts": f"/contacts/schools/{school.urn}/",
        "body": f"/partnerships/{partnership.pk}/",
    }


@pytest.mark.parametrize("path", ENGAGEMENT_PAGES)
def test_contacts_and_engagement_pages_have_no_axe_violations(
    live_server, page, officer, password, engagement_data, assert_no_axe_violations, path
):
    sign_in(page, live_server.url, officer.email, password)
    page.goto(live_server.url + engagement_data.get(path, path))

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(page)


# The borough's inspection picture and the children's services timeline, with data to draw.
INSPECTION_PAGES = ["/inspections/", "/inspections/la/", "la-inspection", "/inspections/la/add/"]


@pytest.fixture
def inspection_data(officer, settings):
    from datetime import date

    from django.contrib.auth.models import Group

    from accounts import roles
    from inspections.demo_la import seed_la_inspections
    from inspections.models import LAInspection
    from tests import factories

    settings.REQUIRE_OFFICER_MFA = False  # signing in with a code is tested elsewhere
    officer.groups.add(Group.objects.get_or_create(name=roles.OFFICER)[0])
    for i, (framework, fields) in enumerate(
        [
            ("graded", {"overall_effectiveness": "outstanding"}),
            ("graded", {"overall_effectiveness": "good"}),
            ("graded", {"overall_effectiveness": "requires_improvement"}),
            ("graded", {"overall_effectiveness": "inadequate"}),
            ("graded_no_overall", {}),
            ("report_card", {"safeguarding": "met",
                             "judgements": {"inclusion": "strong_standard"}}),
        ]
    ):  # fmt: skip
        school = factories.school(phase=["Primary", "Secondary"][i % 2])
        factories.school_inspection(
            school=school, framework=framework, started_on=date(2022 + i % 4, 3, 1), **fields
        )
    factories.school(phase="Nursery")  # not yet inspected
    seed_la_inspections(owner=officer)
    return {"la-inspection": f"/inspections/la/{LAInspection.objects.first().pk}/"}


@pytest.mark.parametrize("path", INSPECTION_PAGES)
def test_inspection_pages_have_no_axe_violations(
    live_server, page, officer, password, inspection_data, assert_no_axe_violations, path
):
    sign_in(page, live_server.url, officer.email, password)
    page.goto(live_server.url + inspection_data.get(path, path))

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(page)


# School places (chart, tables, trend) and service areas' staffing, with rows to show.
PLACES_PAGES = ["/schools/places/", "/service-areas/"]


@pytest.fixture
def places_data(officer, settings):
    from datetime import date
    from decimal import Decimal

    from django.contrib.auth.models import Group

    from accounts import roles
    from schools import places
    from tests import factories

    settings.REQUIRE_OFFICER_MFA = False  # signing in with a code is tested elsewhere
    officer.groups.add(Group.objects.get_or_create(name=roles.OFFICER)[0])
    la = factories.local_authority()
    schools = [
        factories.school(phase=phase, capacity=capacity, number_of_pupils=pupils, **extra)
        for phase, capacity, pupils, extra in [
            ("Primary", 420, 390, {}), ("Primary", 210, 221, {}), ("Secondary", 1200, 1100, {}),
            ("Primary", None, 180, {}),
            ("Not applicable", 80, 79, {"gias_type": "Community special school"}),
        ]
    ]  # fmt: skip
    factories.planning_area(name="Battersea", schools=schools[:2])
    for day in (date(2024, 1, 18), date(2025, 1, 16)):
        places.record_snapshot(
            file_name=f"edubasealldata{day:%Y%m%d}.csv", urns=[s.urn for s in schools],
            la_ids=[la.id], columns=["capacity", "number_of_pupils"],
        )  # fmt: skip
    send = factories.service_area("SEND")
    team = factories.team(service_area=send, name="SEND Assessment and Review")
    factories.post(team=team, title="Head of SEND", holder=officer)
    factories.post(team=team, title="EHC Plan Coordinator", fte=Decimal("0.60"))


@pytest.mark.parametrize("path", PLACES_PAGES)
def test_places_and_staffing_pages_have_no_axe_violations(
    live_server, page, officer, password, places_data, assert_no_axe_violations, path
):
    sign_in(page, live_server.url, officer.email, password)
    page.goto(live_server.url + path)

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(page)


# The report to scrutiny (a year with figures, and a bad year) and the public page with data.
SCRUTINY_PAGES = [
    "/reports/scrutiny/",
    "/reports/scrutiny/?year=nonsense",
    "/working-with-schools/",
]


@pytest.fixture
def scrutiny_data(officer, settings):
    from django.contrib.auth.models import Group

    from accounts import roles
    from meetings.calendar import academic_year_starting, ensure_academic_year
    from meetings.models import MeetingSeries
    from partnerships.models import Body, Membership, PartnerAgency
    from tests import factories

    settings.REQUIRE_OFFICER_MFA = False  # signing in with a code is tested elsewhere
    officer.groups.add(Group.objects.get_or_create(name=roles.OFFICER)[0])
    ensure_academic_year(academic_year_starting(date.today()) - 1)
    for grade in ["outstanding", "good", "requires_improvement"]:
        factories.school_inspection(school=factories.school(), overall_effectiveness=grade)
    partnership = Body.objects.create(name="Behaviour partnership", kind=Body.Kind.PARTNERSHIP)
    MeetingSeries.objects.create(body=partnership, title="Partnership", venue="Town Hall")
    police = PartnerAgency.objects.create(name="Borough Police", kind=PartnerAgency.Kind.POLICE)
    Membership.objects.create(body=partnership, agency=police)


@pytest.mark.parametrize("path", SCRUTINY_PAGES)
def test_scrutiny_report_and_public_page_have_no_axe_violations(
    live_server, page, officer, password, scrutiny_data, assert_no_axe_violations, path
):
    sign_in(page, live_server.url, officer.email, password)
    page.goto(live_server.url + path)

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(page)
