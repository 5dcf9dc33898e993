from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect

from . import policy

# Where an officer without a second factor may still go: their account (to set
# it up), sign-out, and the public pages.
OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/accessibility/", "/robots.txt")


class OfficerMfaRequiredMiddleware:
    """Officers and administrators reach no officer page until they have set up TOTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and policy.needs_mfa_setup(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Set up two-factor authentication before using the API."},
                    status=403,
                )
            messages.warning(
                request,
                "Officers must set up two-factor authentication before using the portal.",
            )
            return redirect(settings.MFA_SETUP_URL)
        return self.get_response(request)
