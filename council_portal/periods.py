"""Rows that hold for a period (a headship, a term of office, a membership)."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone


class PeriodQuerySet(models.QuerySet):
    """For models with `starts_on` and an optional `ends_on` (the last day, inclusive)."""

    def current(self, on: date | None = None):
        """Rows in force on `on` (default today): what gives a person a role, and the
        access that comes with it, ends with the period."""
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gte=on))
