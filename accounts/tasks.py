from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Invitation


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(self, invitation_id: int, token: str) -> None:
    """Email the invitation link. Idempotent: a sent or closed invitation is not sent again."""
    invitation = Invitation.objects.select_related("person", "invited_by").get(pk=invitation_id)
    if invitation.sent_at is not None or not invitation.is_open:
        return
    context = {
        "invitation": invitation,
        "url": f"{settings.PORTAL_BASE_URL}/accounts/invitation/{token}/",
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
    }
    send_mail(
        subject=f"You are invited to the {settings.SERVICE_NAME}",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.person.email],
    )
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
