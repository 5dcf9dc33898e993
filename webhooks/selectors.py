"""Which endpoints and deliveries a caller may see."""

from django.db.models import QuerySet

from accounts.api_keys import ApiClient

from .models import WebhookDelivery, WebhookEndpoint


def endpoints_visible_to(actor, endpoints: QuerySet[WebhookEndpoint]) -> QuerySet:
    """An API key sees the endpoints it registered; officers use the admin for the rest."""
    if isinstance(actor, ApiClient):
        return endpoints.filter(owner_key=actor.api_key)
    return endpoints.none()


def deliveries_of(endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-pk")


def can_read_webhooks(actor) -> bool:
    """Webhooks are for partner systems: API keys only."""
    return isinstance(actor, ApiClient)


def can_manage_webhooks(actor) -> bool:
    """Registering, enabling and deleting endpoints takes a write key."""
    return isinstance(actor, ApiClient) and actor.api_key.can_write
