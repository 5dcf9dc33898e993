"""The audit trail: one function that records an access event."""

from .models import AuditEvent, User


def client_ip(request) -> str | None:
    # Behind the load balancer REMOTE_ADDR is the balancer; it appends the client.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return (forwarded.split(",")[-1].strip() if forwarded else None) or request.META.get(
        "REMOTE_ADDR"
    )


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
