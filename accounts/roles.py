"""Roles held through groups. Roles that come from relations (a current headship,
a governing-body appointment, an agency membership) are added by the apps that
own those relations."""

OFFICER = "officer"
ADMINISTRATOR = "administrator"
LINK_INSPECTOR = "link inspector"

GROUP_ROLES = (OFFICER, ADMINISTRATOR, LINK_INSPECTOR)


def has_group(user, name: str) -> bool:
    if not user.is_authenticated:
        return False
    # Cached on the user object so a page asks the database once.
    if not hasattr(user, "_portal_groups"):
        user._portal_groups = set(user.groups.values_list("name", flat=True))
    return name in user._portal_groups


def is_officer(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or has_group(user, OFFICER) or has_group(user, ADMINISTRATOR)
    )
