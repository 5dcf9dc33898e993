"""A person's roles. Officer, administrator and link inspector are groups; headteacher
and governing-body roles come from current appointments, so they end when the
appointment ends. Answers are cached on the user object for one request."""

OFFICER = "officer"
ADMINISTRATOR = "administrator"
LINK_INSPECTOR = "link inspector"
HEADTEACHER = "headteacher"
GOVERNOR = "governor"

GROUP_ROLES = (OFFICER, ADMINISTRATOR, LINK_INSPECTOR)


def _is_person(user) -> bool:
    return bool(user and user.is_authenticated and getattr(user, "pk", None))


def group_names(user) -> set[str]:
    if not _is_person(user):
        return set()
    if not hasattr(user, "_portal_groups"):
        user._portal_groups = set(user.groups.values_list("name", flat=True))
    return user._portal_groups


def has_group(user, name: str) -> bool:
    return name in group_names(user)


def is_officer(user) -> bool:
    """Council officers and administrators: the people who run the portal."""
    return _is_person(user) and (
        user.is_superuser or bool(group_names(user) & {OFFICER, ADMINISTRATOR})
    )


def is_administrator(user) -> bool:
    return _is_person(user) and (user.is_superuser or has_group(user, ADMINISTRATOR))


def is_headteacher(user) -> bool:
    return bool(headed_school_ids(user))


def is_governor(user) -> bool:
    return bool(governed_school_ids(user))


def headed_school_ids(user) -> frozenset[int]:
    """Schools the person leads today."""
    if not _is_person(user):
        return frozenset()
    if not hasattr(user, "_portal_headed"):
        from schools.models import Headship

        user._portal_headed = frozenset(
            Headship.objects.current().filter(person=user).values_list("school_id", flat=True)
        )
    return user._portal_headed


def governed_school_ids(user) -> frozenset[int]:
    """Schools on whose governing body the person sits today (clerks included)."""
    if not _is_person(user):
        return frozenset()
    if not hasattr(user, "_portal_governed"):
        from schools.models import GovernorAppointment

        user._portal_governed = frozenset(
            GovernorAppointment.objects.current()
            .filter(person=user)
            .values_list("school_id", flat=True)
        )
    return user._portal_governed


def roles_of(user) -> list[str]:
    """Every role the person holds today, for display."""
    roles = sorted(group_names(user))
    if is_headteacher(user):
        roles.append(HEADTEACHER)
    if is_governor(user):
        roles.append(GOVERNOR)
    return roles
