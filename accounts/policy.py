"""Who may see and change what: the one place pages, the API and downloads ask.

Each question is a function of the person (and the thing); "which of these may
they see" answers with a queryset, so lists stay one query.
"""

from django.db.models import Q, QuerySet

from .roles import is_officer


def can_view_register(user) -> bool:
    """The whole register of schools, with filters and exports, is for officers."""
    return is_officer(user)


def schools_visible_to(user, schools: QuerySet) -> QuerySet:
    """Officers see every school; a head or governor sees the schools they serve now."""
    if is_officer(user):
        return schools
    if not user.is_authenticated:
        return schools.none()
    from schools.models import GovernorAppointment, Headship

    headed = Headship.objects.current().filter(person=user).values("school_id")
    governed = GovernorAppointment.objects.current().filter(person=user).values("school_id")
    return schools.filter(Q(id__in=headed) | Q(id__in=governed))


def can_edit_school_people(user, school) -> bool:
    """Headships and governing-body appointments are kept by officers."""
    return is_officer(user)
