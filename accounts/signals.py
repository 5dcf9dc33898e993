"""Sign-ins, failed sign-ins, sign-outs and group changes go to the audit trail.

Django and allauth announce these only through signals, so the audit listens here.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from . import audit
from .models import AuditEvent, User


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    audit.record(AuditEvent.Action.SIGNED_IN, actor=user, subject=user.email, request=request)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(AuditEvent.Action.SIGNED_OUT, actor=user, subject=user.email, request=request)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # Never the password: only the address that was tried.
    tried = credentials.get("email") or credentials.get("username") or credentials.get("login", "")
    audit.record(AuditEvent.Action.SIGN_IN_FAILED, subject=str(tried), request=request)


@receiver(m2m_changed, sender=User.groups.through)
def _groups_changed(sender, instance, action, pk_set, reverse, **kwargs):
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    from django.contrib.auth.models import Group

    granted = action == "post_add"
    event = AuditEvent.Action.ROLE_GRANTED if granted else AuditEvent.Action.ROLE_REMOVED
    if reverse:  # group.user_set.add(...): instance is the group, pk_set the people
        for person in User.objects.filter(pk__in=pk_set):
            audit.record(event, subject=person.email, roles=[instance.name])
        return
    names = sorted(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
    event = (
        AuditEvent.Action.ROLE_GRANTED if action == "post_add" else AuditEvent.Action.ROLE_REMOVED
    )
    audit.record(event, subject=instance.email, roles=names)
