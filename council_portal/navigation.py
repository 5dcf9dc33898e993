"""The service navigation: which links each person sees, by their roles.

Each entry is (label, URL name, who sees it). Apps add entries here as they
land; the predicate takes the user and says whether the link is theirs. A
section (Schools, Inspections, Reports) keeps its pages in SECTIONS: they are
listed under the menu on each of its pages, so the menu itself stays short.
"""

from collections.abc import Callable

from django.urls import NoReverseMatch, reverse

from accounts.policy import can_view_people, can_view_scrutiny_report, can_view_staffing
from accounts.roles import is_officer

NavRule = tuple[str, str, Callable]


def can_view_places(user) -> bool:
    """The places page is an officer's page (API keys read the same figures)."""
    return is_officer(user)


def is_link_inspector(user) -> bool:
    from inspections.link import is_link_inspector

    return is_link_inspector(user)


def _officer_not_link_inspector(user) -> bool:
    return is_officer(user) and not is_link_inspector(user)


NAVIGATION: list[NavRule] = [
    ("Your meetings", "calendar:my_meetings", lambda user: user.is_authenticated),
    ("Briefing packs", "packs:my_packs", lambda user: user.is_authenticated),
    ("Meetings", "meetings:diary", is_officer),
    ("Schools", "schools:register", is_officer),
    ("Inspections", "inspections:dashboard", is_officer),
    # A link inspector's own schools are their daily work.
    ("Your link schools", "inspections:mine", is_link_inspector),
    ("Reports", "reports:scrutiny", can_view_scrutiny_report),
    ("People", "accounts:people", can_view_people),
    ("Admin", "admin:index", lambda user: user.is_staff),
    ("Your account", "accounts:my_account", lambda user: user.is_authenticated),
    ("Sign out", "account_logout", lambda user: user.is_authenticated),
    ("Sign in", "account_login", lambda user: not user.is_authenticated),
]

# A menu entry's pages, by the entry's URL name; the first is the entry itself.
SECTIONS: dict[str, list[NavRule]] = {
    "schools:register": [
        ("The register", "schools:register", is_officer),
        ("School places", "schools:places", can_view_places),
        ("Engagement", "engagement:borough", is_officer),
        ("Council contacts", "contacts:list", is_officer),
    ],
    "inspections:dashboard": [
        ("The borough's picture", "inspections:dashboard", is_officer),
        ("Link inspector coverage", "inspections:link_coverage", is_officer),
        ("Schools causing concern", "inspections:support", is_officer),
        ("Children's services inspections", "inspections:la_timeline", is_officer),
    ],
    "reports:scrutiny": [
        ("Report to scrutiny", "reports:scrutiny", can_view_scrutiny_report),
        ("Service areas and staffing", "service_areas:list", can_view_staffing),
    ],
}


def _links(rules: list[NavRule], user) -> list[dict]:
    links = []
    for text, url_name, allowed in rules:
        if not allowed(user):
            continue
        try:
            href = reverse(url_name)
        except NoReverseMatch:
            continue  # the app behind it is not installed yet
        links.append({"text": text, "href": href, "url_name": url_name, "current": False})
    return links


def _section(href: str, current_path: str) -> str:
    # "Your account" covers allauth's account pages too.
    if href == "/account/" and current_path.startswith("/accounts/"):
        return "/accounts/"
    return href


def _closest(links: list[dict], current_path: str, sections: dict[str, list[dict]]):
    """The link whose section (its own address or one of its pages') holds the page
    most closely, so on /schools/places/ it is Schools, and /inspections/link/mine/
    is a link inspector's own schools rather than the borough's inspections."""
    best, best_length = None, 0
    for link in links:
        for href in [link["href"], *(page["href"] for page in sections.get(link["url_name"], []))]:
            section = _section(href, current_path)
            holds = current_path == href or (section != "/" and current_path.startswith(section))
            if holds and len(section) > best_length:
                best, best_length = link, len(section)
    return best


def navigation_for(user, current_path: str) -> tuple[list[dict], dict | None]:
    """The menu and, on a section's page, the section's pages: (menu, section or None)."""
    menu = _links(NAVIGATION, user)
    sections = {
        link["url_name"]: _links(SECTIONS[link["url_name"]], user)
        for link in menu
        if link["url_name"] in SECTIONS
    }
    current = _closest(menu, current_path, sections)
    if current is None:
        return menu, None
    current["current"] = True
    pages = sections.get(current["url_name"], [])
    if len(pages) < 2:
        return menu, None
    page = _closest(pages, current_path, {})
    if page is not None:
        page["current"] = True
    return menu, {"label": current["text"], "pages": pages}
