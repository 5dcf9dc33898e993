"""Fixtures for the end-to-end tests: Debian's Chromium driven by Playwright, and axe-core.

Playwright cannot download browsers here, so the tests launch the system Chromium
(PORTAL_CHROMIUM overrides its path). axe-core comes from the repository's
node_modules (`npm ci`, which `make install` runs).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio event loop in the test thread, and Django
# refuses database calls from such a thread unless told they are safe. They are:
# the tests and the live server only ever touch the database synchronously.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.2 AA, as the public sector accessibility regulations ask, in axe's tags.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it or set PORTAL_CHROMIUM.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page in a fresh browser context: no cookies from another test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    # The Content Security Policy must never have to block anything the portal sends.
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not blocked, "the page broke its Content Security Policy:\n" + "\n".join(blocked)


def _format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    target: {node['target']}")
    return "\n".join(lines)


@pytest.fixture
def assert_no_axe_violations():
    """Run axe-core on a page against WCAG 2.2 A and AA; fail, listing each violation."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core not found at {AXE_SCRIPT}: run `npm ci` in the repository root.")

    def check(page) -> None:
        # Evaluated through the DevTools protocol, which the page's Content Security
        # Policy does not govern (a <script> tag would be refused, rightly).
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
        results = page.evaluate(
            "options => axe.run(document, options)",
            {"runOnly": {"type": "tag", "values": AXE_TAGS}},
        )
        violations = results["violations"]
        if violations:
            report = _format_violations(page.url, violations)
            print(report)
            pytest.fail(report, pytrace=False)

    return check
