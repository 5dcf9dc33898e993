"""Officers' view of webhooks: add an endpoint (its secret shown once), enable one that
was disabled, and send deliveries again."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from . import services
from .models import Event, WebhookDelivery, WebhookEndpoint


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(label="URL", max_length=2000, assume_scheme="https")
    events = forms.MultipleChoiceField(choices=Event.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events"]

    def clean(self):
        cleaned = super().clean()
        if "url" in cleaned and "events" in cleaned:
            problems = services.endpoint_problems(url=cleaned["url"], events=cleaned["events"])
            if problems:
                raise ValidationError(problems)
        return cleaned


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = [
        "url", "description", "owner_key", "active", "consecutive_failures", "disabled_at",
    ]  # fmt: skip
    list_filter = ["active"]
    list_select_related = ["owner_key"]
    search_fields = ["url", "description"]
    readonly_fields = [
        "owner_key", "created_by", "active", "disabled_at", "disabled_reason",
        "consecutive_failures", "created_at",
    ]  # fmt: skip
    actions = ["enable"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        endpoint, secret = services.endpoint_register(
            url=obj.url, events=obj.events, description=obj.description, by=request.user
        )
        obj.pk = endpoint.pk
        # Give it to the partner now: the admin never shows it again.
        self.message_user(
            request,
            f"The signing secret is {secret} – give it to the receiver's owner now; "
            "it is not shown again.",
            messages.WARNING,
        )
        return None

    @admin.action(description="Enable the selected endpoints again")
    def enable(self, request, queryset):
        disabled = list(queryset.filter(active=False))
        for endpoint in disabled:
            services.endpoint_enable(endpoint=endpoint, by=request.user)
        self.message_user(request, f"{len(disabled)} enabled.", messages.SUCCESS)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "event", "event_id", "endpoint", "status", "attempts", "last_status_code",
        "next_attempt_at", "created_at",
    ]  # fmt: skip
    list_filter = ["status", "event"]
    list_select_related = ["endpoint"]
    search_fields = ["event_id", "endpoint__url"]
    date_hierarchy = "created_at"
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Send the selected deliveries again")
    def resend(self, request, queryset):
        deliveries = list(queryset.select_related("endpoint").filter(endpoint__active=True))
        for delivery in deliveries:
            services.delivery_resend(delivery=delivery)
        skipped = queryset.count() - len(deliveries)
        self.message_user(request, f"{len(deliveries)} queued to be sent again.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} not sent: their endpoint is disabled (enable it first).",
                messages.WARNING,
            )
