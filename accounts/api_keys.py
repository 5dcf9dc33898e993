"""API keys: issuing, revoking, and authenticating REST calls that carry one."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.utils import timezone
from rest_framework import authentication, exceptions, throttling

from . import audit
from .models import ApiKey, AuditEvent, User

KEY_PREFIX = "cpk"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_key_create(
    *, name: str, scope: str, owner: User | None = None, expires_at: datetime | None = None,
    contact_details: bool = False, by: User | None = None,
) -> tuple[ApiKey, str]:  # fmt: skip
    """Issue a key. Returns the row and the key itself, which is never stored or shown again.
    With `contact_details`, the API gives this key people's e-mail addresses."""
    if scope not in ApiKey.Scope.values:
        raise ValueError(f"scope must be one of {', '.join(ApiKey.Scope.values)}")
    prefix = f"{KEY_PREFIX}_{secrets.token_hex(4)}"
    # Hex, so the key splits into prefix and secret at the second underscore only.
    key = f"{prefix}_{secrets.token_hex(32)}"
    api_key = ApiKey.objects.create(
        name=name, prefix=prefix, hashed_key=_hash(key), scope=scope, owner=owner,
        expires_at=expires_at, can_read_contact_details=contact_details,
    )  # fmt: skip
    extra = {"contact_details": True} if contact_details else {}
    audit.record(
        AuditEvent.Action.API_KEY_CREATED, actor=by, subject=str(api_key), scope=scope, **extra
    )
    return api_key, key


def api_key_revoke(*, api_key: ApiKey, by: User | None = None) -> None:
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
        audit.record(AuditEvent.Action.API_KEY_REVOKED, actor=by, subject=str(api_key))


def api_key_for(key: str) -> ApiKey | None:
    """The usable key matching `key`, or None."""
    prefix = "_".join(key.split("_", 2)[:2])
    api_key = ApiKey.objects.filter(prefix=prefix).select_related("owner").first()
    if api_key is None or not hmac.compare_digest(api_key.hashed_key, _hash(key)):
        return None
    if not api_key.is_usable or (api_key.owner is not None and not api_key.owner.is_active):
        return None
    return api_key


class ApiClient:
    """The caller behind an API key, standing where a signed-in person would."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None

    def __init__(self, api_key: ApiKey):
        self.api_key = api_key

    def __str__(self) -> str:
        return f"API key {self.api_key}"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>`. A bad, expired or revoked key is a 401."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _, key = header.partition(" ")
        if keyword.lower() != self.keyword.lower():  # schemes are case-insensitive
            return None
        api_key = api_key_for(key.strip())
        if api_key is None:
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked API key.")
        now = timezone.now()
        # One write a minute at most, not one per call.
        if api_key.last_used_at is None or now - api_key.last_used_at > timedelta(minutes=1):
            ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        return ApiClient(api_key), api_key

    def authenticate_header(self, request):
        return self.keyword


class ApiKeyRateThrottle(throttling.SimpleRateThrottle):
    """Calls per key (per person for session callers), from PORTAL_API_KEY_RATE."""

    scope = "api_key"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            ident = request.auth.prefix
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
