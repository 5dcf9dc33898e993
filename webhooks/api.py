"""REST endpoints for webhooks: /api/v1/webhooks/ and /api/v1/webhooks/{id}/deliveries/.

A partner system registers, lists and deletes its own endpoints with its API key
(registering and deleting need a write key). The signing secret is in the answer to
the registration only. A ValidationError from webhooks.services comes back as a 400
naming the field.

As the rest of the API: an endpoint's detail read answers with an ETag (304 to
If-None-Match); the endpoints list (a few per key) pages by number and takes
`updated_since`; the deliveries, which grow with every event, page by cursor.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend, FilterSet
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings

from accounts import policy
from council_portal.conditional import ConditionalRetrieveMixin
from council_portal.filters import UpdatedSinceFilter
from council_portal.pagination import KeysetPagination

from . import selectors, services
from .models import Event, WebhookDelivery, WebhookEndpoint


def _enum(choices) -> serializers.ChoiceField:
    """A read-only choice, documented inline (status and event names recur elsewhere)."""

    @extend_schema_field({"type": "string", "enum": [value for value, _ in choices]})
    class Choice(serializers.ChoiceField):
        pass

    return Choice(choices=choices, read_only=True)


def _as_api_error(exc: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(exc.message_dict)
    return serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.messages})


class WebhookEndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=_enum(Event.choices), read_only=True)

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id", "url", "description", "events", "active", "disabled_at", "disabled_reason",
            "consecutive_failures", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text="Signs every request (Portal-Signature). Shown this once: keep it safe.",
    )

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class WebhookEndpointCreateSerializer(serializers.Serializer):
    url = serializers.CharField(
        max_length=2000, help_text="https, on a public address; the portal POSTs events here."
    )
    events = serializers.ListField(
        child=serializers.CharField(max_length=40),
        help_text=f"Any of: {', '.join(Event.values)}.",
    )
    description = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True
    )


class WebhookDeliverySerializer(serializers.ModelSerializer):
    event = _enum(Event.choices)
    status = _enum(WebhookDelivery.Status.choices)

    class Meta:
        model = WebhookDelivery
        fields = [
            "event_id", "event", "status", "attempts", "last_status_code", "last_error",
            "last_attempt_at", "last_duration_ms", "attempt_log", "next_attempt_at",
            "delivered_at", "created_at", "payload",
        ]  # fmt: skip
        read_only_fields = fields


class WebhooksAccess(BasePermission):
    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return policy.can_read_webhooks(request.user)
        return policy.can_manage_webhooks(request.user)


class WebhookEndpointFilter(FilterSet):
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = WebhookEndpoint
        fields = ["updated_since"]


@extend_schema_view(
    list=extend_schema(summary="Your webhook endpoints"),
    retrieve=extend_schema(summary="A webhook endpoint"),
    destroy=extend_schema(summary="Remove a webhook endpoint and its deliveries"),
)
class WebhookEndpointViewSet(
    ConditionalRetrieveMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin, viewsets.GenericViewSet,
):  # fmt: skip
    """Endpoints the calling API key registered. Events are signed with the endpoint's
    secret; see the README's "Webhooks" section for verifying them."""

    serializer_class = WebhookEndpointSerializer
    permission_classes = [IsAuthenticated, WebhooksAccess]
    filter_backends = [DjangoFilterBackend]
    filterset_class = WebhookEndpointFilter

    def get_queryset(self):
        return policy.webhook_endpoints_visible_to(self.request.user, WebhookEndpoint.objects.all())

    @extend_schema(
        summary="Register a webhook endpoint",
        request=WebhookEndpointCreateSerializer,
        responses={201: WebhookEndpointCreatedSerializer},
    )
    def create(self, request, *args, **kwargs):
        given = WebhookEndpointCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            endpoint, secret = services.endpoint_register(
                **given.validated_data, owner_key=request.auth
            )
        except DjangoValidationError as exc:
            raise _as_api_error(exc) from exc
        endpoint.secret = secret
        return Response(
            WebhookEndpointCreatedSerializer(endpoint).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Enable a disabled endpoint again",
        request=None,
        responses={200: WebhookEndpointSerializer},
    )
    @action(detail=True, methods=["post"])
    def enable(self, request, pk=None):
        endpoint = services.endpoint_enable(endpoint=self.get_object())
        return Response(WebhookEndpointSerializer(endpoint).data)

    @extend_schema(
        summary="Deliveries to an endpoint, newest first",
        description="Paged by cursor: follow `next`.",
        responses={200: WebhookDeliverySerializer(many=True)},
    )
    @action(
        detail=True, methods=["get"], serializer_class=WebhookDeliverySerializer,
        pagination_class=KeysetPagination, filter_backends=[],
    )  # fmt: skip
    def deliveries(self, request, pk=None):
        deliveries = selectors.deliveries_of(self.get_object())
        page = self.paginate_queryset(deliveries)
        if page is not None:
            return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)
        return Response(WebhookDeliverySerializer(deliveries, many=True).data)
