"""Briefing packs under /packs/: a person's packs page, pack downloads, and an
officer's "publish now".

Access is decided by accounts.policy (packs_visible_to, can_manage_meeting_business);
the work is done by meetings.packs. A pack's file is only ever served from here, so
every download is checked and recorded.
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from accounts import policy

from . import packs
from .models import BriefingPack, Meeting, PaperDownload

logger = logging.getLogger(__name__)


@login_required
def my_packs(request):
    return render(
        request, "meetings/packs/my_packs.html", {"packs": packs.packs_for(person=request.user)}
    )


@login_required
def download(request, pk: int):
    visible = policy.packs_visible_to(request.user, BriefingPack.objects.select_related("meeting"))
    pack = get_object_or_404(visible, meeting_id=pk, published_at__isnull=False)
    if not pack.file:
        raise Http404("This pack has no file yet.")
    try:
        handle = pack.file.open("rb")
    except FileNotFoundError:
        logger.error("Briefing pack %s: file %s is missing from storage", pack.pk, pack.file)
        raise Http404("The pack's file is missing.") from None
    PaperDownload.objects.create(pack=pack, person=request.user)
    starts = pack.meeting.starts_at
    filename = f"briefing-pack-{slugify(pack.meeting.title)}-{starts:%Y-%m-%d}.pdf"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Packs may hold invitee-only papers: never kept by a shared cache.
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_POST
def publish(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    if not policy.can_manage_meeting_business(request.user, meeting):
        raise PermissionDenied
    if meeting.is_cancelled:
        messages.error(request, "This meeting is cancelled, so its pack cannot be published.")
        return redirect("meetings:meeting", pk=meeting.pk)
    before = BriefingPack.objects.filter(meeting=meeting).values_list("version", flat=True).first()
    pack = packs.pack_publish(meeting=meeting, by=request.user)
    if pack.version == before:
        messages.info(request, "The briefing pack is already published and up to date.")
    else:
        messages.success(
            request,
            f"Briefing pack published ({pack.page_count} pages). "
            "Invitees will be sent an e-mail with a link to it.",
        )
    return redirect("meetings:meeting", pk=meeting.pk)
