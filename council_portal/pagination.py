"""The API's two ways of paging.

- `KeysetPagination` for the lists that grow (schools, meetings and their business):
  an opaque `cursor` that remembers the last row's sort key, so page 500 costs what
  page 1 costs and a row added meanwhile neither repeats nor skips a row. The sort
  always ends on a unique field (the primary key is added when it does not), so the
  key names exactly one row.
- `StandardPagination` (page numbers with a count) for the short lists: local
  authorities, bodies, agencies.

Both take `page_size` (default 50, at most 500).

`QueryFilterBackend` is django-filter's backend for the big lists, skipping the
FilterSet and its form on a call that names none of its filters (most calls of a sync:
follow `next`), where they would filter nothing at a cost beside a page of rows.
"""

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import date, time
from decimal import Decimal
from uuid import UUID

from django import forms
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django_filters import FilterSet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def _exact(value) -> str:
    """Sort keys as text, to the microsecond (DjangoJSONEncoder stops at milliseconds)."""
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    raise TypeError(f"cannot put {type(value).__name__} in a cursor")


# Widgets' ways of reading a form's data that read the parameter of the field's name
# alone, and a missing one as no value (not a checkbox's False, not a `name[]`).
_READS_ITS_NAME_ONLY = {
    forms.Widget.value_from_datadict,
    forms.SelectMultiple.value_from_datadict,
    forms.widgets.ChoiceWidget.value_from_datadict,
    forms.NullBooleanSelect.value_from_datadict,
}


def _query_names(filterset_class) -> frozenset[str] | None:
    """Every query parameter a FilterSet's form reads, or None when that cannot be told
    (a widget that reads a missing parameter as a value, such as a checkbox's False)."""
    if filterset_class.filter_queryset is not FilterSet.filter_queryset or (
        filterset_class.qs is not FilterSet.qs
    ):
        return None  # it may filter without being asked to
    names = set()
    for name, filter_ in filterset_class.base_filters.items():
        widget = filter_.field.widget
        parts = widget.widgets_names if isinstance(widget, forms.MultiWidget) else [""]
        subwidgets = widget.widgets if isinstance(widget, forms.MultiWidget) else [widget]
        for part, sub in zip(parts, subwidgets, strict=True):
            if type(sub).value_from_datadict not in _READS_ITS_NAME_ONLY:
                return None
            names.add(f"{name}{part}")
    return frozenset(names)


_QUERY_NAMES: dict[type, frozenset[str] | None] = {}


class QueryFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend, which builds the FilterSet (deep copies of its filters) and
    its form on every call; on a call whose query names none of the FilterSet's
    parameters, every filter would be empty and return the rows unchanged, so the rows
    are returned as they are without that work. Any of its parameters, even empty or
    invalid, takes the ordinary path (and its 400s)."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            if filterset_class not in _QUERY_NAMES:
                _QUERY_NAMES[filterset_class] = _query_names(filterset_class)
            names = _QUERY_NAMES[filterset_class]
            if names is not None and names.isdisjoint(request.query_params):
                return queryset
        return super().filter_queryset(request, queryset, view)


class StandardPagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class KeysetPagination(CursorPagination):
    """Cursor pagination on the full sort key (not an offset).

    The sort is the caller's `ordering` (when the view has an OrderingFilter) or the
    view's `ordering`, cut after its first unique field or else ended with the primary
    key. Sort fields must be the model's own non-null fields. The cursor holds the sort
    key of the last (or, going back, the first) row shown and which way to go. A cursor
    this list did not give is a 404, as with DRF's own cursor pagination.
    """

    display_page_controls = False

    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    cursor_query_param = "cursor"
    invalid_cursor_message = "Invalid cursor: start again without it."

    # --- Paging -------------------------------------------------------------------------

    def paginate_queryset(self, queryset: QuerySet, request, view=None):
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.keys = self.sort_keys(queryset, request, view)
        meta = queryset.model._meta
        self._attnames = {
            name: meta.pk.attname if name == "pk" else meta.get_field(name).attname
            for name, _ in self.keys
        }
        # .values() rows name a foreign key by the field ("meeting"), holding its id.
        self._row_keys = {
            name: meta.pk.attname if name == "pk" else meta.get_field(name).name
            for name, _ in self.keys
        }
        position, backwards = self.decode_cursor(request, queryset.model)

        order = [self._order_term(name, desc ^ backwards) for name, desc in self.keys]
        rows = queryset.order_by(*order)
        if position is not None:
            rows = rows.filter(self._beyond(position, backwards))
        page = list(rows[: self.page_size + 1])
        more = len(page) > self.page_size
        page = page[: self.page_size]
        if backwards:
            page.reverse()

        has_next = (not backwards and more) or (backwards and position is not None)
        has_previous = (backwards and more) or (not backwards and position is not None)
        self.next_position = self._key_of(page[-1]) if has_next and page else None
        self.previous_position = self._key_of(page[0]) if has_previous and page else None
        return page

    def get_page_size(self, request) -> int:
        try:
            size = int(request.query_params[self.page_size_query_param])
        except (KeyError, ValueError):
            return self.page_size
        return min(max(size, 1), self.max_page_size)

    def get_paginated_response(self, data):
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_next_link(self) -> str | None:
        if self.next_position is None:
            return None
        return self._link(self.next_position, backwards=False)

    def get_previous_link(self) -> str | None:
        if self.previous_position is None:
            return None
        return self._link(self.previous_position, backwards=True)

    # --- The sort key -------------------------------------------------------------------

    def sort_keys(self, queryset, request, view) -> list[tuple[str, bool]]:
        """[(field name, descending)], ending on a unique field."""
        wanted: Sequence[str] | None = None
        for backend in getattr(view, "filter_backends", ()):
            if issubclass(backend, OrderingFilter):
                wanted = backend().get_ordering(request, queryset, view)
                break
        if not wanted:
            wanted = getattr(view, "ordering", None) or queryset.query.order_by or ("pk",)
        if isinstance(wanted, str):
            wanted = (wanted,)

        model = queryset.model
        keys: list[tuple[str, bool]] = []
        for term in wanted:
            if not isinstance(term, str):
                raise ImproperlyConfigured(f"{view}: keyset pagination sorts by field names only")
            desc = term.startswith("-")
            name = term.lstrip("-")
            field = model._meta.pk if name == "pk" else self._field(model, name, view)
            if field.is_relation:
                # order_by("meeting") would sort by Meeting's own ordering while the
                # cursor compares ids: sort and compare by the column itself.
                name = field.attname
            keys.append((name, desc))
            if field.unique or field.primary_key:
                return keys
        return [*keys, ("pk", keys[-1][1] if keys else False)]

    @staticmethod
    def _field(model, name, view):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            raise ImproperlyConfigured(
                f"{view}: {name!r} is not a field of {model.__name__} (keyset pagination "
                "sorts by the model's own fields)"
            ) from None
        if field.null or field.is_relation and not field.concrete:
            raise ImproperlyConfigured(f"{view}: cannot page by nullable field {name!r}")
        return field

    @staticmethod
    def _order_term(name: str, desc: bool) -> str:
        return f"-{name}" if desc else name

    def _beyond(self, position: list, backwards: bool) -> Q:
        """Rows strictly after `position` in the sort (before it, going back)."""
        condition = Q()
        equal = Q()
        for (name, desc), value in zip(self.keys, position, strict=True):
            lookup = "lt" if desc ^ backwards else "gt"
            condition |= equal & Q(**{f"{name}__{lookup}": value})
            equal &= Q(**{name: value})
        if len(self.keys) > 1:
            # Implied by the rest, but a bound on the first key alone is one an index on
            # the sort key can start from (the OR above it can only filter).
            (name, desc), value = self.keys[0], position[0]
            condition &= Q(**{f"{name}__{'lte' if desc ^ backwards else 'gte'}": value})
        return condition

    def _key_of(self, row) -> list:
        # Attribute names, so a foreign key gives its id without a query.
        if isinstance(row, dict):
            return [
                row[name] if name in row else row[self._row_keys[name]] for name, _ in self.keys
            ]
        return [getattr(row, self._attnames[name]) for name, _ in self.keys]

    # --- The cursor ---------------------------------------------------------------------

    def _link(self, position: list, *, backwards: bool) -> str:
        payload = {"k": self._signature(), "p": position, "b": backwards}
        raw = json.dumps(payload, default=_exact, separators=(",", ":")).encode()
        cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        return replace_query_param(self.base_url, self.cursor_query_param, cursor)

    def _signature(self) -> list[str]:
        """The sort the cursor belongs to, directions included: a cursor from
        ordering=name is no place to start ordering=-name."""
        return [self._order_term(name, desc) for name, desc in self.keys]

    def decode_cursor(self, request, model) -> tuple[list | None, bool]:
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None, False
        try:
            raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
            payload = json.loads(raw)
            names, values, backwards = payload["k"], payload["p"], payload["b"]
            if names != self._signature() or not isinstance(backwards, bool):
                raise ValueError("another sort")
            if any(isinstance(value, str) and "\x00" in value for value in values):
                raise ValueError("a NUL character, which no stored text holds")
            position = [
                (model._meta.pk if name == "pk" else model._meta.get_field(name)).to_python(value)
                for (name, _), value in zip(self.keys, values, strict=True)
            ]
            if any(value is None for value in position):
                raise ValueError("a missing key")
        except (
            ValueError, TypeError, KeyError, AttributeError, binascii.Error, FieldDoesNotExist,
            DjangoValidationError,
        ):  # fmt: skip
            raise NotFound(self.invalid_cursor_message) from None
        return position, backwards

    # --- Documentation ------------------------------------------------------------------

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page; null on the last."},
                "previous": {**link, "description": "The page before; null on the first."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where the page starts: take it from `next` or `previous`.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page (default {DEFAULT_PAGE_SIZE}, at most "
                f"{MAX_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
