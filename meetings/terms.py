"""Officers keep the school calendar: a term's dates and its half-term."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Term


@transaction.atomic
def term_update(
    *, term: Term, starts_on: date, ends_on: date, half_term_starts_on: date,
    half_term_ends_on: date,
) -> Term:  # fmt: skip
    """Change a term's dates. Meetings already in the diary keep theirs; the next
    scheduling run places new ones by the new dates."""
    if not starts_on < half_term_starts_on <= half_term_ends_on < ends_on:
        raise ValidationError(
            "The half-term must fall inside the term: first day, then half-term, then last day."
        )
    year = term.year
    if not (year.starts_on <= starts_on and ends_on <= year.ends_on):
        raise ValidationError(f"The term must fall within the academic year {year}.")
    clash = (
        Term.objects.filter(year=year, starts_on__lte=ends_on, ends_on__gte=starts_on)
        .exclude(pk=term.pk)
        .first()
    )
    if clash is not None:
        raise ValidationError(f"These dates overlap the {clash.get_name_display().lower()} term.")
    term.starts_on, term.ends_on = starts_on, ends_on
    term.half_term_starts_on, term.half_term_ends_on = half_term_starts_on, half_term_ends_on
    term.save()
    return term
