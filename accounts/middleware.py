from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect

from . import audit, policy
from .models import AuditEvent

# Where an officer without a second factor may still go: their account (to set
# it up), sign-out, and the public pages.
OPEN_PREFIXES = (
    "/accounts/",
    "/static/",
    "/healthz",
    "/accessibility/",
    "/robots.txt",
    "/public/",
    "/working-with-schools/",
)


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
                # The API's one error shape (drf-standardized-errors).
                return JsonResponse(
                    {
                        "type": "client_error",
                        "errors": [
                            {
                                "code": "mfa_required",
                                "detail": "Set up two-factor authentication before using the API.",
                                "attr": None,
                            }
                        ],
                    },
                    status=403,
                )
            messages.warning(
                request,
                "Officers must set up two-factor authentication before using the portal.",
            )
            return redirect(settings.MFA_SETUP_URL)
        return self.get_response(request)


class ApiWriteAuditMiddleware:
    """Every successful write through the REST API goes to the audit trail: which key
    (or person), what method and path, and the answer. DRF puts the caller on the
    request when it authenticates, so it is known here after the view has run."""

    WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in self.WRITES
            and request.path.startswith("/api/")
            and 200 <= response.status_code < 300
        ):
            from .api_keys import ApiClient

            caller = getattr(request, "user", None)
            key = caller.api_key if isinstance(caller, ApiClient) else None
            who = {"actor_label": f"API key {key}", "api_key": key.prefix} if key else {}
            audit.record(
                AuditEvent.Action.API_WRITE,
                actor=None if key else caller,
                subject=f"{request.method} {request.path}",
                request=request,
                status=response.status_code,
                **who,
            )
        return response
