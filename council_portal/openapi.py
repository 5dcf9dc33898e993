"""How the OpenAPI schema describes the API beyond what drf-spectacular infers.

Errors are drf-standardized-errors' (every operation lists the errors it can answer
with, each in the one error shape); detail views with conditional reads document
If-None-Match, the 304 answer and the ETag / Last-Modified headers.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsAutoSchema
from rest_framework import serializers

from .serializers import EnumField

IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description="An ETag from an earlier answer: 304 Not Modified, with no body, if the "
    "representation is unchanged.",
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200, 304],
    description="Weak tag of this representation; send it back in If-None-Match.",
)
LAST_MODIFIED = OpenApiParameter(
    "Last-Modified",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200, 304],
    description="When the row itself last changed (HTTP date), where it keeps that.",
)


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="What went wrong, for programs: `required`, `invalid`…")
    detail = serializers.CharField(help_text="What went wrong, for people.")
    attr = serializers.CharField(
        allow_null=True,
        help_text="The body field or query parameter at fault (nested ones joined by `.`); "
        "`non_field_errors` for the input as a whole; null for a body that could not be read.",
    )


class BadRequestResponseSerializer(serializers.Serializer):
    """A 400: the input was refused, each problem with the field it belongs to. The
    domain checks (a meeting outside any term, an agenda position past the end…) answer
    here too, so the fields and codes are not listed one by one."""

    type = EnumField(
        enum_name="BadRequestTypeEnum",
        choices=[("validation_error", "Invalid input"), ("client_error", "Unreadable body")],
    )
    errors = ErrorSerializer(many=True)


class AutoSchema(StandardizedErrorsAutoSchema):
    def _is_conditional_read(self) -> bool:
        return (
            getattr(self.view, "conditional_retrieve", False)
            and getattr(self.view, "action", None) == "retrieve"
            and self.method == "GET"
        )

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self._is_conditional_read():
            parameters = [*parameters, IF_NONE_MATCH, ETAG, LAST_MODIFIED]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction=direction)
        if direction == "response" and self._is_conditional_read():
            headers = self._get_response_headers_for_code("304", direction)
            responses["304"] = {
                "description": "Not modified: the If-None-Match tag is current.",
                **({"headers": headers} if headers else {}),
            }
        return responses
