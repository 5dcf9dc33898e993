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
    "path, current",
    [
        ("/schools/", "Schools"),
        ("/schools/places/", "School places"),
        ("/schools/engagement/", "Engagement"),
        ("/inspections/", "Inspections"),
        ("/inspections/link/", "Link inspection"),
    ],
)
def test_one_navigation_link_is_current_the_closest_section(client, path, current):
    client.force_login(factories.officer())
    navigation = client.get(path).context["navigation"]
    assert [item["text"] for item in navigation if item["current"]] == [current]
