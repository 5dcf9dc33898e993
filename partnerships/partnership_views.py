"""A body's own page for its members and officers: /partnerships/<id>/."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts import policy, roles

from .body_page import body_page
from .models import Body


@login_required
def page(request, pk: int):
    # Someone who may not see the body learns nothing of it, not even that it exists.
    try:
        shown = body_page(policy.bodies_visible_to(request.user, Body.objects.all()), pk)
    except Body.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "partnerships/partnership.html",
        {"page": shown, "body": shown.body, "is_officer": roles.is_officer(request.user),
         "today": timezone.localdate()},
    )  # fmt: skip
