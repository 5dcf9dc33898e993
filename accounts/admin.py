from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from . import api_keys
from .forms import PersonCreationForm
from .models import ApiKey, AuditEvent, Invitation, User
from .people import person_deactivate


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    ordering = ["last_name", "first_name", "email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("title", "first_name", "last_name")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_form = PersonCreationForm
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    actions = ["deactivate"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Unticking "Active" must end access exactly as the Deactivate action does.
        if change and "is_active" in form.changed_data and not obj.is_active:
            person_deactivate(person=obj, by=request.user, request=request)

    @admin.action(description="Deactivate: end sessions, API keys and invitations")
    def deactivate(self, request, queryset):
        people = list(queryset.filter(is_active=True).exclude(pk=request.user.pk))
        for person in people:
            person_deactivate(person=person, by=request.user, request=request)
        if queryset.filter(pk=request.user.pk).exists():
            self.message_user(request, "You cannot deactivate yourself.", messages.WARNING)
        self.message_user(request, f"{len(people)} deactivated.", messages.SUCCESS)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "scope", "owner", "last_used_at", "expires_at", "revoked_at"]
    list_filter = ["scope"]
    search_fields = ["name", "prefix"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    fields = ["name", "scope", "can_read_contact_details", "owner", "expires_at", *readonly_fields]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        if obj.expires_at is not None and obj.expires_at <= timezone.now():
            self.message_user(request, "The expiry must be in the future.", messages.ERROR)
            return None
        api_key, key = api_keys.api_key_create(
            name=obj.name, scope=obj.scope, owner=obj.owner, expires_at=obj.expires_at,
            contact_details=obj.can_read_contact_details, by=request.user,
        )  # fmt: skip
        obj.pk = api_key.pk
        obj.prefix = api_key.prefix
        # Shown once: only its hash is kept.
        self.message_user(
            request, f"The key is {key} – copy it now; it cannot be shown again.", messages.WARNING
        )

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset):
        for api_key in queryset:
            api_keys.api_key_revoke(api_key=api_key, by=request.user)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["person", "invited_by", "created_at", "expires_at", "sent_at", "accepted_at"]
    readonly_fields = [f.name for f in Invitation._meta.fields]
    list_select_related = ["person", "invited_by"]

    def has_add_permission(self, request):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor_label", "subject", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_label", "subject"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    # The trail is evidence: nobody edits or deletes it through the admin.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
