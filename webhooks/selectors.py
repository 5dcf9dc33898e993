"""Reading a webhook endpoint's deliveries (who may see an endpoint: accounts.policy)."""

from django.db.models import QuerySet

from .models import WebhookDelivery, WebhookEndpoint


def deliveries_of(endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-pk")
