"""Officers' pages for the council's named contacts: the rules, and a school's own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import policy
from council_portal.forms import show_on_form
from schools.models import School

from . import contacts
from .contacts_forms import ContactRuleForm, SchoolContactForm
from .models import ContactResponsibility, ContactRule, SchoolContact


def _guard(request):
    if not policy.can_manage_contacts(request.user):
        raise PermissionDenied


@login_required
def contact_list(request):
    _guard(request)
    rules = contacts.rules_in_order()
    groups = [
        {"label": label, "rules": [r for r in rules if r.responsibility == value]}
        for value, label in ContactResponsibility.choices
        if value not in contacts.NOT_BY_RULE
    ]
    overrides = SchoolContact.objects.select_related("school", "officer").order_by(
        "school__name", "responsibility"
    )
    return render(
        request, "partnerships/contacts/list.html", {"groups": groups, "overrides": overrides}
    )


def _rule_form(request, rule: ContactRule | None):
    _guard(request)
    form = ContactRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"Contact rule saved: {saved}.")
        return redirect("contacts:list")
    return render(request, "partnerships/contacts/rule_form.html", {"form": form, "rule": rule})


@login_required
def rule_add(request):
    return _rule_form(request, None)


@login_required
def rule_edit(request, pk: int):
    _guard(request)
    return _rule_form(request, get_object_or_404(ContactRule, pk=pk))


@login_required
@require_POST
def rule_delete(request, pk: int):
    _guard(request)
    rule = get_object_or_404(ContactRule, pk=pk)
    rule.delete()
    messages.success(request, f"Contact rule removed: {rule}.")
    return redirect("contacts:list")


def _school(request, urn: int) -> School:
    _guard(request)
    return get_object_or_404(School.objects.select_related("local_authority"), urn=urn)


@login_required
def school_contacts(request, urn: int):
    school = _school(request, urn)
    form = SchoolContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contacts.school_contact_set(school=school, **form.cleaned_data)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            label = ContactResponsibility(form.cleaned_data["responsibility"]).label
            messages.success(request, f"{label} contact for {school.name} saved.")
            return redirect("contacts:school", urn=school.urn)
    return render(
        request,
        "partnerships/contacts/school.html",
        {"school": school, "contacts": contacts.contacts_for_school(school), "form": form},
    )


@login_required
@require_POST
def school_contact_remove(request, urn: int):
    school = _school(request, urn)
    responsibility = request.POST.get("responsibility", "")
    if contacts.school_contact_remove(school=school, responsibility=responsibility):
        label = dict(ContactResponsibility.choices).get(responsibility, responsibility)
        messages.success(request, f"{school.name} now follows the rules for {label.lower()}.")
    return redirect("contacts:school", urn=school.urn)
