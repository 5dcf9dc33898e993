"""Appointing and ending the people around a school: headships and governing-body seats.

The portal's own records (GIAS's head fields stay as published). People are
found by email or created without a password; they can be invited later.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from accounts.models import User

from .models import GovernorAppointment, Headship, School

# A governing body has one chair and one vice-chair at a time.
SINGLE_SEAT_ROLES = (GovernorAppointment.Role.CHAIR, GovernorAppointment.Role.VICE_CHAIR)


def person_get_or_create(*, email: str, first_name: str = "", last_name: str = "") -> User:
    """The person with this email, created (with no usable password) if new."""
    email = email.strip().lower()
    person = User.objects.filter(email__iexact=email).first()
    if person is None:
        person = User.objects.create_user(email, first_name=first_name, last_name=last_name)
    elif not person.get_full_name() and (first_name or last_name):
        person.first_name, person.last_name = first_name, last_name
        person.save(update_fields=["first_name", "last_name"])
    return person


def _check_period(starts_on: date, ends_on: date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the start date."})


@transaction.atomic
def headship_appoint(
    *, school: School, person: User, kind: str, starts_on: date, ends_on: date | None = None
) -> Headship:
    _check_period(starts_on, ends_on)
    if Headship.objects.filter(school=school, person=person, ends_on__isnull=True).exists():
        raise ValidationError(f"{person} already leads {school.name} with no end date.")
    return Headship.objects.create(
        school=school, person=person, kind=kind, starts_on=starts_on, ends_on=ends_on
    )


def headship_end(*, headship: Headship, ends_on: date) -> Headship:
    _check_period(headship.starts_on, ends_on)
    headship.ends_on = ends_on
    headship.save(update_fields=["ends_on"])
    return headship


@transaction.atomic
def governor_appoint(
    *,
    school: School,
    person: User,
    role: str,
    category: str,
    starts_on: date,
    ends_on: date | None = None,
) -> GovernorAppointment:
    _check_period(starts_on, ends_on)
    if role in SINGLE_SEAT_ROLES:
        # Lock the school's row so two officers cannot seat two chairs at once.
        School.objects.select_for_update().filter(pk=school.pk).first()
        overlapping = Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
        if ends_on is not None:
            overlapping &= Q(starts_on__lte=ends_on)
        holder = (
            GovernorAppointment.objects.filter(overlapping, school=school, role=role)
            .select_related("person")
            .first()
        )
        if holder is not None:
            label = GovernorAppointment.Role(role).label.lower()
            until = f" until {holder.ends_on:%-d %B %Y}" if holder.ends_on else ""
            raise ValidationError(
                {"role": f"{school.name} already has a {label} for those dates: "
                 f"{holder.person}, from {holder.starts_on:%-d %B %Y}{until}. "
                 "End that appointment first, or start this one after it ends."}
            )  # fmt: skip
    return GovernorAppointment.objects.create(
        school=school,
        person=person,
        role=role,
        category=category,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def governor_appointment_end(
    *, appointment: GovernorAppointment, ends_on: date
) -> GovernorAppointment:
    _check_period(appointment.starts_on, ends_on)
    appointment.ends_on = ends_on
    appointment.save(update_fields=["ends_on"])
    return appointment
