"""The audit trail: one function that records an access event."""

import ipaddress

from django.conf import settings

from .models import AuditEvent, User


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address. X-Forwarded-For is trusted only behind a proxy we run
    (PORTAL_TRUSTED_PROXIES), whose last hop appends the real client."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and settings.TRUSTED_PROXY_COUNT:
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= settings.TRUSTED_PROXY_COUNT:
            return _address(hops[-settings.TRUSTED_PROXY_COUNT]) or remote
    return remote


def record(
    action: str, *, actor: User | None = None, subject: str = "", request=None, **details
) -> AuditEvent:
    """Record that `actor` did `action` to `subject` (a person, key or record, as text)."""
    if actor is not None and not getattr(actor, "pk", None):
        actor = None  # anonymous, or an API client rather than a person
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=actor.email if actor else details.pop("actor_label", ""),
        subject=subject[:300],
        ip_address=client_ip(request) if request is not None else None,
        details=details,
    )
