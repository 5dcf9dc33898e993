"""End-to-end checks in a real browser: WCAG 2.2 AA by axe-core, signing in, the skip link.

The live server runs in another thread against the test database, so tests that
create data use transactional_db: data saved in a test transaction would be
invisible to it.
"""

import uuid

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from accounts.models import User

pytestmark = pytest.mark.e2e

SIGN_IN = "/accounts/login/"
PAGES = [pytest.param("/", id="home"), pytest.param(SIGN_IN, id="sign-in")]


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
