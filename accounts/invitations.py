"""Inviting a person: an emailed link that expires, and accepting it."""

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import audit
from .models import AuditEvent, Invitation, User


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(*, person: User, by: User | None, request=None) -> tuple[Invitation, str]:
    """Invite `person`: earlier open invitations are revoked; the email is sent on commit.

    Returns the invitation and its token (only ever in the email).
    """
    if not person.is_active:
        raise ValidationError(f"{person} is deactivated; reactivate them before inviting.")
    now = timezone.now()
    Invitation.objects.filter(person=person, accepted_at=None, revoked_at=None).update(
        revoked_at=now
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        person=person,
        invited_by=by,
        token_hash=_hash(token),
        expires_at=now + timedelta(days=settings.INVITATION_DAYS),
    )
    audit.record(AuditEvent.Action.INVITED, actor=by, subject=person.email, request=request)
    from .tasks import send_invitation

    transaction.on_commit(lambda: send_invitation.delay(invitation.pk, token))
    return invitation, token


def invitation_for(token: str) -> Invitation | None:
    """The invitation this token belongs to, open or not; None when there is none."""
    return Invitation.objects.select_related("person").filter(token_hash=_hash(token)).first()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str, request=None) -> User:
    """Set the person's password and verify their email. The invitation can be used once."""
    invitation = (
        Invitation.objects.select_for_update().select_related("person").get(pk=invitation.pk)
    )
    if not invitation.is_open:
        raise ValidationError("This invitation has expired or has already been used.")
    person = invitation.person
    person.set_password(password)
    person.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=person, email=person.email, defaults={"verified": True, "primary": True}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit.record(
        AuditEvent.Action.INVITATION_ACCEPTED, actor=person, subject=person.email, request=request
    )
    return person
