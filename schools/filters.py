"""The register's filters, shared by the page, the CSV export and the API."""

import django_filters
from django.db.models import Q, Value
from django.db.models.functions import Replace

from council_portal.filters import UpdatedSinceFilter

from .categories import Category, Status
from .models import School


class SchoolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name, URN or postcode")
    category = django_filters.MultipleChoiceFilter(choices=Category.choices)
    status = django_filters.MultipleChoiceFilter(choices=Status.choices)
    phase = django_filters.CharFilter(field_name="phase", lookup_expr="iexact")
    la = django_filters.CharFilter(field_name="local_authority__code", label="LA code")
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = School
        fields = ["q", "category", "status", "phase", "la", "updated_since"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q(name__icontains=value)
        if value.isascii() and value.isdigit():
            condition |= Q(urn=int(value))
        # Postcodes are typed with or without their space: compare both without it.
        compact = value.replace(" ", "").upper()
        if 2 <= len(compact) <= 7:
            queryset = queryset.alias(compact_postcode=Replace("postcode", Value(" "), Value("")))
            condition |= Q(compact_postcode__istartswith=compact)
        return queryset.filter(condition)
