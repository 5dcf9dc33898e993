from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import api_keys, invitations, policy, roles, selectors
from .forms import PeopleSearchForm, SetPasswordForm
from .models import ApiKey, User
from .people import person_deactivate


@login_required
def my_account(request):
    keys = policy.api_keys_visible_to(request.user, ApiKey.objects.filter(owner=request.user))
    return render(
        request,
        "accounts/my_account.html",
        {"roles": roles.roles_of(request.user), "api_keys": keys},
    )


@login_required
@require_POST
def api_key_revoke(request, pk: int):
    api_key = get_object_or_404(policy.api_keys_visible_to(request.user, ApiKey.objects), pk=pk)
    api_keys.api_key_revoke(api_key=api_key, by=request.user)
    messages.success(request, f"The API key {api_key} has been revoked.")
    return redirect("accounts:my_account")


@login_required
def people(request):
    if not policy.can_view_people(request.user):
        raise PermissionDenied
    form = PeopleSearchForm(request.GET or None)
    people = policy.people_visible_to(request.user, selectors.people_with_roles())
    if form.is_valid() and form.cleaned_data["q"]:
        q = form.cleaned_data["q"].strip()
        people = people.filter(
            Q(email__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "accounts/people.html", {"form": form, "page": page, "query": query.urlencode()}
    )


def _person_for(request, pk: int) -> User:
    if not policy.can_view_people(request.user):
        raise PermissionDenied
    return get_object_or_404(policy.people_visible_to(request.user, User.objects), pk=pk)


@login_required
@require_POST
def invite(request, pk: int):
    person = _person_for(request, pk)
    if not policy.can_invite(request.user, person):
        raise PermissionDenied
    try:
        invitations.invitation_create(person=person, by=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"An invitation has been emailed to {person.email}.")
    return redirect("accounts:people")


@login_required
@require_POST
def deactivate(request, pk: int):
    person = _person_for(request, pk)
    if not policy.can_manage_person(request.user, person):
        raise PermissionDenied
    person_deactivate(person=person, by=request.user, request=request)
    messages.success(request, f"{person} has been deactivated and signed out everywhere.")
    return redirect("accounts:people")


def accept_invitation(request, token: str):
    invitation = invitations.invitation_for(token)
    if invitation is None or not invitation.is_open:
        return render(request, "accounts/invitation_closed.html", status=410)
    form = SetPasswordForm(request.POST or None, person=invitation.person)
    if request.method == "POST" and form.is_valid():
        try:
            person = invitations.invitation_accept(
                invitation=invitation, password=form.cleaned_data["password1"], request=request
            )
        except ValidationError:
            return render(request, "accounts/invitation_closed.html", status=410)
        if Authenticator.objects.filter(user=person).exists():
            # Someone with a second factor signs in through it, never by e-mail link alone.
            messages.success(request, "Your password is set. Sign in with it and your code.")
            return redirect("account_login")
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Your password is set and you are signed in.")
        return redirect("home")
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation}
    )
