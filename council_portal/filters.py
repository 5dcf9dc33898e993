"""Filters the API's resources share."""

from datetime import UTC

import django_filters
from django import forms
from django_filters.fields import IsoDateTimeField


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 time with any offset ISO allows, compared in UTC: PostgreSQL takes
    offsets up to ±15:59 only, and a time near year 1 or 9999 may not convert."""

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return None
        try:
            return value.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError(
                "Give a time between the years 1 and 9999.", code="invalid"
            ) from None


class UpdatedSinceFilter(django_filters.IsoDateTimeFilter):
    """`updated_since`: rows changed at or after this time, for incremental sync."""

    field_class = UtcIsoDateTimeField

    def __init__(self, **kwargs):
        kwargs.setdefault("field_name", "updated_at")
        kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault(
            "label", "Changed at or after this time (ISO 8601 with its offset, e.g. "
            "2026-09-01T00:00:00Z)"
        )  # fmt: skip
        super().__init__(**kwargs)
