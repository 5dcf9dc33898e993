"""Officers' pages for the standing bodies and partnerships: the list, and a body
with its members and meeting series. Guarded by accounts.policy.can_manage_meetings."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from accounts import policy
from meetings import selectors

from .models import Body


@login_required
def body_list(request):
    if not policy.can_manage_meetings(request.user):
        raise PermissionDenied
    return render(request, "partnerships/body_list.html", {"bodies": selectors.body_list()})


@login_required
def body_detail(request, pk: int):
    if not policy.can_manage_meetings(request.user):
        raise PermissionDenied
    body = get_object_or_404(selectors.body_with_members(Body.objects.all()), pk=pk)
    if not policy.can_manage_meetings(request.user, body=body):
        raise PermissionDenied
    return render(
        request,
        "partnerships/body_detail.html",
        {"body": body, "members": selectors.members_of(body)},
    )
