"""Who a school contacts at the council: resolution, the officers' pages, the school
page, the head's home page and the API."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.contacts import contacts_for_school, contacts_for_schools
from partnerships.models import ContactResponsibility as R
from partnerships.models import ContactRule, Post, SchoolContact, ServiceArea, Team
from schools.categories import Category
from schools.models import PlanningArea, PlanningAreaSchool
from tests import factories
from tests.partnerships import api_key, bearer

pytestmark = pytest.mark.django_db


def rule(responsibility, officer, **criteria) -> ContactRule:
    return ContactRule.objects.create(responsibility=responsibility, officer=officer, **criteria)


def named(contacts, responsibility):
    found = [c for c in contacts if c.responsibility == responsibility]
    return found[0].officer if found else None


def area(name="Tooting and Balham", la=None) -> PlanningArea:
    return PlanningArea.objects.create(local_authority=la or factories.local_authority(), name=name)


def in_area(school, planning_area):
    PlanningAreaSchool.objects.create(school=school, area=planning_area)


# --- Resolution --------------------------------------------------------------------


def test_a_general_rule_names_the_officer_for_every_school():
    officer = factories.officer()
    rule(R.ADMISSIONS, officer)
    primary, secondary = factories.school(), factories.school(phase="Secondary")

    assert named(contacts_for_school(primary), R.ADMISSIONS) == officer
    assert named(contacts_for_school(secondary), R.ADMISSIONS) == officer


def test_the_more_specific_rule_wins_over_the_general_one():
    general, primary_send = factories.officer(), factories.officer()
    rule(R.SEND, general)
    rule(R.SEND, primary_send, phase="Primary")

    assert named(contacts_for_school(factories.school(phase="Primary")), R.SEND) == primary_send
    assert named(contacts_for_school(factories.school(phase="Secondary")), R.SEND) == general


def test_a_rule_with_two_criteria_beats_one_with_one():
    by_phase, by_both = factories.officer(), factories.officer()
    rule(R.SEND, by_phase, phase="Primary")
    rule(R.SEND, by_both, phase="Primary", category=Category.ACADEMY)

    academy = factories.school(phase="Primary", category=Category.ACADEMY)
    maintained = factories.school(phase="Primary")
    assert named(contacts_for_school(academy), R.SEND) == by_both
    assert named(contacts_for_school(maintained), R.SEND) == by_phase


def test_an_override_wins_over_the_most_specific_rule():
    by_rule, own = factories.officer(), factories.officer()
    school = factories.school(phase="Primary")
    rule(R.SEND, by_rule, phase="Primary", category=Category.MAINTAINED)
    SchoolContact.objects.create(school=school, responsibility=R.SEND, officer=own)

    contact = next(c for c in contacts_for_school(school) if c.responsibility == R.SEND)
    assert (contact.officer, contact.source) == (own, "override")


def test_an_officer_who_has_left_is_no_ones_contact_and_the_next_rule_applies():
    general, left = factories.officer(), factories.officer()
    school = factories.school(phase="Primary")
    rule(R.SEND, general)
    rule(R.SEND, left, phase="Primary", publish=True)
    rule(R.ADMISSIONS, general)
    SchoolContact.objects.create(school=school, responsibility=R.ADMISSIONS, officer=left)
    left.is_active = False
    left.save()

    contacts = contacts_for_school(school)

    assert named(contacts, R.SEND) == general
    assert named(contacts, R.ADMISSIONS) == general


def test_planning_area_rule_applies_only_to_schools_in_the_area():
    tooting, putney = factories.officer(), factories.officer()
    rule(R.ATTENDANCE, tooting, planning_area=area("Tooting"))
    rule(R.ATTENDANCE, putney, planning_area=area("Putney"))
    school, elsewhere = factories.school(), factories.school()
    in_area(school, PlanningArea.objects.get(name="Putney"))

    assert named(contacts_for_school(school), R.ATTENDANCE) == putney
    assert named(contacts_for_school(elsewhere), R.ATTENDANCE) is None


def test_tie_between_equally_specific_rules_goes_to_the_planning_area_then_phase():
    by_phase, by_area, by_category = factories.officer(), factories.officer(), factories.officer()
    rule(R.ATTENDANCE, by_category, category=Category.MAINTAINED)
    rule(R.ATTENDANCE, by_phase, phase="Primary")
    tooting = area()
    rule(R.ATTENDANCE, by_area, planning_area=tooting)
    school = factories.school(phase="Primary")
    in_area(school, tooting)
    other = factories.school(phase="Primary")

    assert named(contacts_for_school(school), R.ATTENDANCE) == by_area
    assert named(contacts_for_school(other), R.ATTENDANCE) == by_phase


def test_a_rule_for_another_local_authority_does_not_apply():
    officer = factories.officer()
    rule(R.ADMISSIONS, officer, local_authority=factories.local_authority("936", "Surrey"))

    assert named(contacts_for_school(factories.school()), R.ADMISSIONS) is None


def test_link_inspector_comes_from_the_current_assignment_not_rules():
    school = factories.school()
    earlier, current = factories.link_inspector(), factories.link_inspector()
    factories.link_assignment(
        school=school, inspector=earlier, starts_on=date(2022, 9, 1), ends_on=date(2024, 8, 31)
    )
    factories.link_assignment(school=school, inspector=current, starts_on=date(2024, 9, 1))

    contact = next(c for c in contacts_for_school(school) if c.responsibility == R.LINK_INSPECTOR)
    assert (contact.officer, contact.source) == (current, "assignment")


def test_a_school_with_no_current_assignment_has_no_link_inspector():
    school = factories.school()
    factories.link_assignment(
        school=school, inspector=factories.link_inspector(),
        starts_on=date(2022, 9, 1), ends_on=date(2024, 8, 31),
    )  # fmt: skip

    assert named(contacts_for_school(school), R.LINK_INSPECTOR) is None


def test_a_rule_for_link_inspector_is_refused():
    form_rule = ContactRule(responsibility=R.LINK_INSPECTOR, officer=factories.officer())
    with pytest.raises(Exception, match="link inspector assignment"):
        form_rule.full_clean()


def test_contacts_carry_the_title_of_the_officers_current_post():
    officer = factories.officer()
    team = Team.objects.create(
        service_area=ServiceArea.objects.create(name="Access to Learning"), name="Admissions"
    )
    Post.objects.create(
        team=team, title="Admissions Manager", holder=officer, starts_on=date(2024, 1, 1)
    )
    rule(R.ADMISSIONS, officer)

    contact = contacts_for_school(factories.school())[0]
    assert contact.job_title == "Admissions Manager"


def _many_schools(n: int):
    tooting = PlanningArea.objects.first() or area()
    schools = []
    for i in range(n):
        school = factories.school(phase=["Primary", "Secondary"][i % 2])
        if i % 3 == 0:
            in_area(school, tooting)
        if i % 4 == 0:
            SchoolContact.objects.create(
                school=school, responsibility=R.SEND, officer=factories.officer()
            )
        if i % 5 == 0:
            factories.link_assignment(school=school, inspector=factories.link_inspector())
        schools.append(school)
    return schools


def test_resolution_costs_the_same_queries_for_5_and_50_schools():
    rule(R.ADMISSIONS, factories.officer())
    rule(R.SEND, factories.officer(), phase="Primary")
    rule(R.ATTENDANCE, factories.officer(), planning_area=area())
    few, many = _many_schools(5), _many_schools(50)

    with CaptureQueriesContext(connection) as small:
        contacts_for_schools(few)
    with CaptureQueriesContext(connection) as large:
        found = contacts_for_schools(many)

    assert len(small) == len(large) <= 5
    assert sum(1 for c in found.values() for x in c if x.responsibility == R.LINK_INSPECTOR) == 10


# --- Pages -------------------------------------------------------------------------


@pytest.fixture
def officer_client(client):
    client.force_login(factories.officer())
    return client


def test_officer_adds_a_rule_and_sees_it_listed(officer_client):
    officer = factories.officer(first_name="Ama", last_name="Boateng")

    response = officer_client.post(
        "/contacts/rules/add/",
        {"responsibility": R.ADMISSIONS, "officer": officer.pk, "phase": "", "category": "",
         "local_authority": "", "planning_area": "", "publish": "on"},
    )  # fmt: skip

    assert response.status_code == 302
    saved = ContactRule.objects.get()
    assert (saved.officer, saved.publish, saved.specificity) == (officer, True, 0)
    assert "Ama Boateng" in officer_client.get("/contacts/").text


def test_a_duplicate_rule_is_refused_with_a_message(officer_client):
    officer = factories.officer()
    rule(R.SEND, officer, phase="Primary")

    response = officer_client.post(
        "/contacts/rules/add/",
        {"responsibility": R.SEND, "officer": officer.pk, "phase": "Primary"},
    )

    assert response.status_code == 200
    assert "exists already" in response.text
    assert ContactRule.objects.count() == 1


def test_a_link_inspector_rule_cannot_be_posted(officer_client):
    response = officer_client.post(
        "/contacts/rules/add/",
        {"responsibility": R.LINK_INSPECTOR, "officer": factories.officer().pk},
    )

    assert response.status_code == 200
    assert ContactRule.objects.count() == 0


def test_officer_edits_and_removes_a_rule(officer_client):
    first, second = factories.officer(), factories.officer()
    existing = rule(R.ADMISSIONS, first)

    officer_client.post(
        f"/contacts/rules/{existing.pk}/",
        {"responsibility": R.ADMISSIONS, "officer": second.pk},
    )
    assert ContactRule.objects.get().officer == second

    officer_client.post(f"/contacts/rules/{existing.pk}/delete/")
    assert not ContactRule.objects.exists()


def test_officer_sets_and_removes_a_schools_own_contact(officer_client):
    school = factories.school()
    own = factories.officer()
    rule(R.SEND, factories.officer())

    response = officer_client.post(
        f"/contacts/schools/{school.urn}/", {"responsibility": R.SEND, "officer": own.pk}
    )
    assert response.status_code == 302
    assert named(contacts_for_school(school), R.SEND) == own

    officer_client.post(f"/contacts/schools/{school.urn}/remove/", {"responsibility": R.SEND})
    assert not SchoolContact.objects.exists()
    assert named(contacts_for_school(school), R.SEND) != own


def test_headteacher_cannot_reach_the_contacts_pages(client):
    school = factories.school()
    head = factories.person()
    factories.headship(school=school, person=head)
    client.force_login(head)

    assert client.get("/contacts/").status_code == 403
    assert client.get(f"/contacts/schools/{school.urn}/").status_code == 403
    response = client.post(
        f"/contacts/schools/{school.urn}/",
        {"responsibility": R.SEND, "officer": factories.officer().pk},
    )
    assert response.status_code == 403
    assert not SchoolContact.objects.exists()


def test_contacts_list_query_count_does_not_grow_with_rules(officer_client):
    rule(R.ADMISSIONS, factories.officer())
    officer_client.get("/contacts/")
    with CaptureQueriesContext(connection) as few:
        officer_client.get("/contacts/")
    for phase in ["Primary", "Secondary", "Nursery", "Special", "16 plus"]:
        rule(R.SEND, factories.officer(), phase=phase)
    SchoolContact.objects.create(
        school=factories.school(), responsibility=R.SEND, officer=factories.officer()
    )
    with CaptureQueriesContext(connection) as many:
        response = officer_client.get("/contacts/")
    assert response.status_code == 200
    assert len(many) == len(few)


def test_school_page_shows_its_contacts(officer_client):
    school = factories.school()
    rule(R.SAFEGUARDING, factories.officer(first_name="Idris", last_name="Okonjo"))

    response = officer_client.get(school.get_absolute_url())

    assert "Safeguarding lead officer" in response.text
    assert "Idris Okonjo" in response.text


def test_head_sees_your_council_contacts_on_the_home_page(client):
    school = factories.school(name="Elm Primary")
    head = factories.person()
    factories.headship(school=school, person=head)
    rule(R.ADMISSIONS, factories.officer(first_name="Ama", last_name="Boateng"))
    client.force_login(head)

    response = client.get("/")

    assert "Your council contacts" in response.text
    assert "Ama Boateng" in response.text


def test_someone_heading_no_school_sees_no_contacts_on_the_home_page(client):
    rule(R.ADMISSIONS, factories.officer())
    client.force_login(factories.person())

    assert "Your council contacts" not in client.get("/").text


# --- API ---------------------------------------------------------------------------


def test_api_gives_names_without_email_to_an_ordinary_key(client):
    school = factories.school()
    rule(R.ADMISSIONS, factories.officer(first_name="Ama", last_name="Boateng"))

    response = client.get(f"/api/v1/schools/{school.urn}/contacts/", **bearer(api_key()))

    assert response.status_code == 200
    [contact] = response.json()["contacts"]
    assert contact["responsibility"] == "admissions"
    assert contact["name"] == "Ama Boateng"
    assert contact["email"] is None


def test_api_gives_email_to_a_key_allowed_contact_details(client):
    from accounts.models import ApiKey

    school = factories.school()
    officer = factories.officer()
    rule(R.ADMISSIONS, officer)
    key = api_key()
    ApiKey.objects.filter(prefix="_".join(key.split("_", 2)[:2])).update(
        can_read_contact_details=True
    )

    response = client.get(f"/api/v1/schools/{school.urn}/contacts/", **bearer(key))

    assert response.json()["contacts"][0]["email"] == officer.email


def test_api_contacts_of_an_unknown_school_is_404(client):
    assert client.get("/api/v1/schools/999999/contacts/", **bearer(api_key())).status_code == 404


def test_api_contacts_needs_a_key(client):
    school = factories.school()
    assert client.get(f"/api/v1/schools/{school.urn}/contacts/").status_code in (401, 403)
