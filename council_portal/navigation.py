"""The service navigation: which links each person sees, by their roles.

Each entry is (label, URL name, who sees it). Apps add entries here as they
land; the predicate takes the user and says whether the link is theirs.
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
    ("School places", "schools:places", can_view_places),
    ("Service areas", "service_areas:list", can_view_staffing),
    # A link inspector's home is their own schools; other officers start at coverage.
    ("Link inspection", "inspections:mine", is_link_inspector),
    ("Link inspection", "inspections:link_coverage", _officer_not_link_inspector),
    ("Engagement", "engagement:borough", is_officer),
    ("Contacts", "contacts:list", is_officer),
    ("Reports", "reports:scrutiny", can_view_scrutiny_report),
    ("People", "accounts:people", can_view_people),
    ("Admin", "admin:index", lambda user: user.is_staff),
    ("Your account", "accounts:my_account", lambda user: user.is_authenticated),
    ("Sign out", "account_logout", lambda user: user.is_authenticated),
    ("Sign in", "account_login", lambda user: not user.is_authenticated),
]


def _section(href: str, current_path: str) -> str:
    # "Your account" covers allauth's account pages too.
    if href == "/account/" and current_path.startswith("/accounts/"):
        return "/accounts/"
    return href


def navigation_for(user, current_path: str) -> list[dict]:
    """The links a person sees; the one whose section holds the page most closely is
    current (on /schools/places/ that is "School places", not also "Schools")."""
    items = []
    for text, url_name, allowed in NAVIGATION:
        if not allowed(user):
            continue
        try:
            href = reverse(url_name)
        except NoReverseMatch:
            continue  # the app behind it is not installed yet
        items.append({"text": text, "href": href, "current": False})
    matches = []
    for item in items:
        section = _section(item["href"], current_path)
        if current_path == item["href"] or (section != "/" and current_path.startswith(section)):
            matches.append((len(section), item))
    if matches:
        max(matches, key=lambda match: match[0])[1]["current"] = True
    return items
