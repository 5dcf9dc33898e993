"""Operations on a person's access as a whole."""

from allauth.usersessions.models import UserSession
from django.db import transaction
from django.utils import timezone

from . import audit
from .models import ApiKey, AuditEvent, Invitation, User


@transaction.atomic
def person_deactivate(*, person: User, by: User | None, request=None) -> None:
    """End a person's access at once: sign-in, every session, their API keys and invitations.

    Calendar feeds are tied to an active person, so they stop answering too.
    """
    now = timezone.now()
    person.is_active = False
    person.save(update_fields=["is_active"])
    sessions = list(UserSession.objects.filter(user=person))
    for session in sessions:
        session.end()
    revoked = ApiKey.objects.filter(owner=person, revoked_at=None).update(revoked_at=now)
    Invitation.objects.filter(person=person, accepted_at=None, revoked_at=None).update(
        revoked_at=now
    )
    audit.record(
        AuditEvent.Action.DEACTIVATED, actor=by, subject=person.email, request=request,
        sessions_ended=len(sessions), api_keys_revoked=revoked,
    )  # fmt: skip
