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
    yield page
    context.close()


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
        page.add_script_tag(path=str(AXE_SCRIPT))
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
