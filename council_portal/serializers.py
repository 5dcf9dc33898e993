"""Serializer pieces the API's resources share."""

from datetime import date, datetime
from functools import cached_property

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from accounts import policy

# Fields whose value from `.values()` is already what JSON carries (exact classes:
# subclasses such as URLField may change the value).
_AS_IS = {
    serializers.CharField, serializers.IntegerField, serializers.BooleanField,
    serializers.FloatField, serializers.PrimaryKeyRelatedField,
}  # fmt: skip


def _stored_choice_is_shown(field) -> bool:
    """A text choice shows as the stored value itself, so it needs no conversion (an
    EnumField that shows a blank as null still does)."""
    return (
        isinstance(field, serializers.ChoiceField)
        and not isinstance(field, serializers.MultipleChoiceField)
        and all(isinstance(value, str) for value in field.choices)
        and not (isinstance(field, EnumField) and field.allow_null)
    )


def _fast_conversion(field):
    """A plain function for the common conversions, where the field's own
    to_representation would pay for its generality on every value; None otherwise.
    Each gives exactly what the field gives (see DRF's fields)."""
    if type(field) is serializers.DateTimeField and not hasattr(field, "timezone"):
        if getattr(field, "format", api_settings.DATETIME_FORMAT) != ISO_8601:
            return None
        return "datetime"  # needs the request's time zone: bound per serializer
    if type(field) is serializers.DateField:
        if getattr(field, "format", api_settings.DATE_FORMAT) != ISO_8601:
            return None
        return lambda value: value.isoformat() if isinstance(value, date) else value
    if type(field) is serializers.UUIDField and field.uuid_format == "hex_verbose":
        return str
    return None


def _iso_datetime(zone, field):
    """DateTimeField.to_representation for an aware datetime, in `zone` (the request's
    time zone, looked up once); anything else goes to the field itself."""

    def convert(value):
        if type(value) is not datetime or value.tzinfo is None:
            return field.to_representation(value)
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return convert


class ValuesRowsMixin:
    """Represent rows of a `.values()` queryset without building model instances.

    The queryset names its columns after the serializer's fields (annotating related
    ones); each value is passed on as it is, or converted as its field would (dates,
    times, UUIDs, choices). What to do with each column is worked out once per
    serializer class, not per call (a ModelSerializer builds its fields anew for every
    instance, which costs more than the rows of a page). Model instances still go
    through the ordinary path, so one serializer serves a list of rows and a detail
    instance alike; the fields, and so the OpenAPI schema, are the serializer's own.
    """

    # Field name -> column name, where `.values()` cannot use the field's name (an
    # annotation may not take the name of a model field).
    row_keys: dict[str, str] = {}

    @classmethod
    def _class_row_plan(cls) -> list:
        """[(name, column, field, conversion)], conversion None (the value as it is),
        "datetime" or a function of the value. Fields from a serializer of this class
        without context, so the plan, kept on the class, holds on to no request."""
        plan = cls.__dict__.get("_values_row_plan")
        if plan is None:
            plan = []
            for field in cls()._readable_fields:
                key = cls.row_keys.get(field.field_name, field.field_name)
                if type(field) in _AS_IS or _stored_choice_is_shown(field):
                    convert = None
                else:
                    convert = _fast_conversion(field) or field.to_representation
                plan.append((field.field_name, key, field, convert))
            cls._values_row_plan = plan
        return plan

    @cached_property
    def _row_plan(self) -> list:
        """[(name, column, conversion)]: the class's plan, date-times in this request's
        time zone (looked up once, not per value)."""
        zone = timezone.get_current_timezone()
        plan = []
        for name, key, field, convert in self._class_row_plan():
            if convert == "datetime":
                convert = _iso_datetime(zone, field)
            plan.append((name, key, convert))
        return plan

    def to_representation(self, instance):
        if not isinstance(instance, dict):
            return super().to_representation(instance)
        row = {}
        for name, key, convert in self._row_plan:
            value = instance[key]
            row[name] = value if convert is None or value is None else convert(value)
        return row


def shows_contact_details(serializer) -> bool:
    """Whether this answer may carry people's e-mail addresses (decided once per request)."""
    request = serializer.context.get("request")
    if request is None:
        return False
    if not hasattr(request, "_portal_contact_details"):
        request._portal_contact_details = policy.can_read_contact_details(request.user)
    return request._portal_contact_details


@extend_schema_field(
    {"type": "string", "format": "email", "nullable": True, "readOnly": True,
     "description": "null unless the caller may read contact details."}
)  # fmt: skip
class ContactEmailField(serializers.Field):
    """A person's e-mail address, or null when the caller may not read contact details.
    `person` is the dotted path from the row to the person."""

    def __init__(self, *, person: str = "person", **kwargs):
        self.person_path = person.split(".")
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        if not shows_contact_details(self.parent):
            return None
        person = instance
        for part in self.person_path:
            person = getattr(person, part, None)
        return getattr(person, "email", None)


class EnumField(serializers.ChoiceField):
    """A choice field documented as a named enum of its own.

    Several resources have fields called "status", "kind" or "role" with different
    choices; a name per choice set keeps the schema free of enum-name collisions.
    With allow_null, a blank stored value reads as null rather than "".
    """

    def __init__(self, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(**kwargs)

    def to_representation(self, value):
        if value in ("", None) and self.allow_null:
            return None
        return super().to_representation(value)


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumField

    def get_name(self):
        return self.target.enum_name

    def map_serializer_field(self, auto_schema, direction):
        choices = self.target.choices
        values = list(choices)
        kind = "integer" if all(isinstance(v, int) for v in values) else "string"
        return {
            "type": kind,
            "enum": values,
            "description": "\n".join(f"* `{value}` - {label}" for value, label in choices.items()),
        }


def as_api_error(exc: DjangoValidationError) -> serializers.ValidationError:
    """A domain ValidationError as the API's 400, field by field."""
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(exc.message_dict)
    return serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.messages})


class OptionalURLField(serializers.URLField):
    """A link that may be absent: a blank one reads as null, not as an empty string."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


@extend_schema_field(
    {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$", "example": "16:00:00",
     "description": "Local time (Europe/London), HH:MM:SS."}
)  # fmt: skip
class LocalTimeField(serializers.TimeField):
    """A clock time as HH:MM:SS (OpenAPI's `time` format wants an offset a clock time lacks)."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M:%S", read_only=True, **kwargs)
