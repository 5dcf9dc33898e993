from django.db.models import Prefetch, QuerySet

from schools.models import GovernorAppointment, Headship

from .models import User


def people_with_roles() -> QuerySet[User]:
    """People with their groups and current appointments, in a fixed number of queries."""
    return User.objects.prefetch_related(
        "groups",
        Prefetch(
            "headships",
            queryset=Headship.objects.current().select_related("school"),
            to_attr="current_headships",
        ),
        Prefetch(
            "governor_appointments",
            queryset=GovernorAppointment.objects.current().select_related("school"),
            to_attr="current_governor_appointments",
        ),
    ).order_by("last_name", "first_name", "email")
