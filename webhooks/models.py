"""Webhooks: partner systems' endpoints, and each event's delivery to each endpoint."""

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import ApiKey


class Event(models.TextChoices):
    """What a partner can subscribe to (see webhooks.payloads for each one's data)."""

    MEETING_CREATED = "meeting.created", "A meeting was added to the diary"
    MEETING_UPDATED = "meeting.updated", "A meeting was moved (time or place)"
    MEETING_CANCELLED = "meeting.cancelled", "A meeting was cancelled"
    PACK_PUBLISHED = "pack.published", "A briefing pack was published (or a new version)"
    SCHOOL_UPDATED = "school.updated", "A school's register entry was added or changed"


class WebhookEndpoint(models.Model):
    """A URL a partner system asked the portal to POST events to.

    The secret signs every request; it is kept as given (the portal must use it to
    sign) and shown to the partner once, when the endpoint is registered. An
    endpoint belongs to the API key that registered it, or to the officer who added
    it in the admin; endpoints of a revoked or expired key receive nothing."""

    url = models.URLField("URL", max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list, help_text="The events this endpoint receives.")
    secret = models.CharField(max_length=100, editable=False)
    owner_key = models.ForeignKey(
        ApiKey, on_delete=models.CASCADE, null=True, blank=True,
        related_name="webhook_endpoints", help_text="The API key that registered it.",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", help_text="The officer who added it in the admin.",
    )  # fmt: skip
    active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.TextField(blank=True)
    # Deliveries in a row that failed every attempt; a success sets it back to 0.
    consecutive_failures = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "webhook endpoint"

    def __str__(self) -> str:
        return self.url

    def receives(self, event: str) -> bool:
        return event in self.events

    @property
    def is_receiving(self) -> bool:
        """Active, and its key (if it has one) neither revoked nor expired."""
        return self.active and (self.owner_key is None or self.owner_key.is_usable)


class WebhookDelivery(models.Model):
    """One event for one endpoint: the JSON body sent (the same on every attempt) and
    how its attempts went.

    `event_id` is the event's id, the same for every endpoint and every attempt and
    sent as the Portal-Delivery header, so a receiver can ignore a repeat."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for its first attempt"
        FAILED = "failed", "Failed; tried again at next_attempt_at"
        SUCCEEDED = "succeeded", "Succeeded"
        ABANDONED = "abandoned", "Abandoned: every attempt failed, or the endpoint is disabled"

    DUE_STATUSES = (Status.PENDING, Status.FAILED)

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40, choices=Event.choices)
    event_id = models.UUIDField(default=uuid.uuid4, editable=False)
    payload = models.JSONField(encoder=DjangoJSONEncoder)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField(null=True, blank=True)
    # Every attempt: {"at", "status_code", "error", "duration_ms"} (a handful at most).
    attempt_log = models.JSONField(default=list, encoder=DjangoJSONEncoder)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            # An event reaches an endpoint once; emitting it again creates nothing.
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="webhook_event_once"),
        ]
        indexes = [
            # The sweep: due deliveries, oldest first.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "failed"]),
                name="webhook_delivery_due",
            ),
            # An endpoint's deliveries, newest first (API and admin).
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.event_id} to {self.endpoint_id}"

    @property
    def is_due(self) -> bool:
        return self.status in self.DUE_STATUSES
