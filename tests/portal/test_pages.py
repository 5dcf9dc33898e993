import pytest

from accounts.models import User
from tests import factories


@pytest.mark.django_db
def test_home_page_has_the_council_layout(client, settings):
    settings.COUNCIL_NAME = "Wandsworth Council"
    html = client.get("/").content.decode()

    assert '<html lang="en-GB"' in html
    assert 'href="#main-content"' in html and "Skip to main content" in html
    assert "Wandsworth Council" in html
    assert 'href="/accessibility/"' in html
    assert 'id="main-content"' in html


@pytest.mark.django_db
def test_sign_in_page_uses_the_layout(client):
    html = client.get("/accounts/login/").content.decode()

    assert "govuk-service-navigation" in html
    assert "Skip to main content" in html


@pytest.mark.django_db
def test_anonymous_navigation_offers_sign_in_only(client):
    links = [item["text"] for item in client.get("/").context["navigation"]]
    assert links == ["Sign in"]


@pytest.mark.django_db
def test_officer_navigation_differs_from_a_headteachers(client, password):
    officer = factories.officer(email="officer@council.example")
    head = User.objects.create_user("head@school.example", password)

    client.force_login(officer)
    officer_links = [item["text"] for item in client.get("/").context["navigation"]]
    client.force_login(head)
    head_links = [item["text"] for item in client.get("/").context["navigation"]]

    assert "Sign out" in officer_links and "Sign out" in head_links
    assert "Sign in" not in officer_links
    assert set(officer_links) > set(head_links)


@pytest.mark.django_db
def test_accessibility_statement_is_public(client):
    response = client.get("/accessibility/")
    assert response.status_code == 200
    assert (
        "WCAG" in response.content.decode()
        or "Web Content Accessibility" in response.content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, current, page",
    [
        ("/schools/", "Schools", "The register"),
        ("/schools/places/", "Schools", "School places"),
        ("/schools/engagement/", "Schools", "Engagement"),
        ("/contacts/", "Schools", "Council contacts"),
        ("/inspections/", "Inspections", "The borough's picture"),
        ("/inspections/link/", "Inspections", "Link inspector coverage"),
        ("/inspections/la/", "Inspections", "Children's services inspections"),
        ("/service-areas/", "Reports", "Service areas and staffing"),
    ],
)
def test_a_sections_page_marks_its_section_in_the_menu_and_itself_below(
    client, path, current, page
):
    client.force_login(factories.officer())
    response = client.get(path)
    menu, section = response.context["navigation"], response.context["section_navigation"]
    assert [item["text"] for item in menu if item["current"]] == [current]
    assert [p["text"] for p in section["pages"] if p["current"]] == [page]
    assert f'aria-current="page">{page}</a>' in response.content.decode().replace("&#x27;", "'")


@pytest.mark.django_db
def test_a_link_inspectors_own_schools_are_their_own_menu_entry(client):
    client.force_login(factories.link_inspector())
    response = client.get("/inspections/link/mine/")
    menu = response.context["navigation"]
    assert [item["text"] for item in menu if item["current"]] == ["Your link schools"]
    assert response.context["section_navigation"] is None


@pytest.mark.django_db
def test_the_officers_menu_stays_short(client):
    client.force_login(factories.officer())
    menu = [item["text"] for item in client.get("/").context["navigation"]]
    assert menu == [
        "Your meetings", "Briefing packs", "Meetings", "Schools", "Inspections", "Reports",
        "People", "Your account", "Sign out",
    ]  # fmt: skip
