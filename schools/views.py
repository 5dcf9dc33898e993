import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts import policy
from council_portal.forms import show_on_form
from inspections.school_page import school_sections
from partnerships.contacts import contacts_for_school
from partnerships.engagement import engagement_for_school

from . import people, selectors
from .categories import PHASES
from .filters import SchoolFilter
from .forms import EndForm, GovernorAppointmentForm, HeadshipForm
from .models import GovernorAppointment, Headship, LocalAuthority, School

PAGE_SIZES = (25, 50, 100, 200)
SORT_OPTIONS = [
    ("name", "Name (A to Z)"),
    ("-name", "Name (Z to A)"),
    ("urn", "URN"),
    ("category", "Category"),
    ("phase", "Phase"),
    ("status", "Status"),
    ("-pupils", "Most pupils"),
    ("pupils", "Fewest pupils"),
]


def _filtered_register(request):
    if not policy.can_view_register(request.user):
        raise PermissionDenied
    schools = policy.schools_visible_to(request.user, selectors.school_list())
    filterset = SchoolFilter(request.GET or None, queryset=schools)
    sort = request.GET.get("sort", "name")
    ordering = selectors.REGISTER_ORDERINGS.get(sort, selectors.REGISTER_ORDERINGS["name"])
    return filterset, filterset.qs.order_by(*ordering), sort


@login_required
def register(request):
    filterset, schools, sort = _filtered_register(request)
    try:
        per_page = int(request.GET.get("per_page", 50))
    except ValueError:
        per_page = 50
    per_page = per_page if per_page in PAGE_SIZES else 50
    page = Paginator(schools, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "schools/register.html",
        {
            "filterset": filterset,
            "page": page,
            "sort": sort,
            "query": query.urlencode(),
            "counts": selectors.category_counts(schools),
            "total": page.paginator.count,
            "phases": PHASES,
            "local_authorities": LocalAuthority.objects.order_by("name"),
            "sort_options": SORT_OPTIONS,
        },
    )


class _Echo:
    def write(self, value):
        return value


EXPORT_COLUMNS = [
    ("URN", "urn"),
    ("LA code", "local_authority.code"),
    ("Local authority", "local_authority.name"),
    ("Establishment number", "establishment_number"),
    ("Name", "name"),
    ("Category", "get_category_display"),
    ("Type of establishment", "gias_type"),
    ("Phase", "phase"),
    ("Status", "get_status_display"),
    ("Postcode", "postcode"),
    ("Pupils", "number_of_pupils"),
    ("Capacity", "capacity"),
    ("Ofsted rating", "ofsted_rating"),
]


def _cell(school, path: str):
    value = school
    for part in path.split("."):
        value = getattr(value, part)
    value = value() if callable(value) else value
    value = "" if value is None else str(value)
    # Keep spreadsheet programs from running a cell as a formula.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@login_required
def register_csv(request):
    _, schools, _ = _filtered_register(request)
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow([title for title, _ in EXPORT_COLUMNS])
        for school in schools.iterator(chunk_size=2000):
            yield writer.writerow([_cell(school, path) for _, path in EXPORT_COLUMNS])

    stamp = timezone.localdate().isoformat()
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="schools-{stamp}.csv"'
    return response


def _school_for(request, urn: int) -> School:
    schools = policy.schools_visible_to(request.user, selectors.school_with_people(School.objects))
    return get_object_or_404(schools, urn=urn)


@login_required
def detail(request, urn: int):
    school = _school_for(request, urn)
    can_see_engagement = policy.can_view_engagement(request.user, school)
    return render(
        request,
        "schools/detail.html",
        {
            "school": school,
            "can_edit_people": policy.can_edit_school_people(request.user, school),
            **school_sections(request.user, school),
            "contacts": contacts_for_school(school),
            "can_manage_contacts": policy.can_manage_contacts(request.user),
            "engagement": engagement_for_school(school) if can_see_engagement else None,
        },
    )


def _editable_school(request, urn: int) -> School:
    school = _school_for(request, urn)
    if not policy.can_edit_school_people(request.user, school):
        raise PermissionDenied
    return school


def _apply(form, action) -> bool:
    """Run a service; put its validation errors on the form. True when it succeeded."""
    try:
        # Finding or creating the person and appointing them succeed or fail together.
        with transaction.atomic():
            action()
    except ValidationError as exc:
        show_on_form(form, exc)
        return False
    return True


@login_required
def headship_add(request, urn: int):
    school = _editable_school(request, urn)
    form = HeadshipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def appoint():
            person = people.person_get_or_create(
                email=data["email"], first_name=data["first_name"], last_name=data["last_name"]
            )
            people.headship_appoint(
                school=school, person=person, kind=data["kind"],
                starts_on=data["starts_on"], ends_on=data["ends_on"],
            )  # fmt: skip

        if _apply(form, appoint):
            messages.success(request, f"Headship of {school.name} recorded.")
            return redirect(school)
    return render(
        request, "schools/person_form.html",
        {"school": school, "form": form, "title": "Add a headteacher"},
    )  # fmt: skip


@login_required
def governor_add(request, urn: int):
    school = _editable_school(request, urn)
    form = GovernorAppointmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def appoint():
            person = people.person_get_or_create(
                email=data["email"], first_name=data["first_name"], last_name=data["last_name"]
            )
            people.governor_appoint(
                school=school, person=person, role=data["role"], category=data["category"],
                starts_on=data["starts_on"], ends_on=data["ends_on"],
            )  # fmt: skip

        if _apply(form, appoint):
            messages.success(
                request, f"Appointment to the governing body of {school.name} recorded."
            )
            return redirect(school)
    return render(
        request, "schools/person_form.html",
        {"school": school, "form": form, "title": "Add a member of the governing body"},
    )  # fmt: skip


def _end(request, urn: int, model, service, noun: str, **kwargs):
    school = _editable_school(request, urn)
    record = get_object_or_404(model.objects.select_related("person"), school=school, **kwargs)
    form = EndForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(form, lambda: service(record, form.cleaned_data["ends_on"]))
    ):
        messages.success(request, f"The {noun} of {record.person} has been ended.")
        return redirect(school)
    return render(
        request, "schools/end_form.html",
        {"school": school, "form": form, "record": record, "noun": noun},
    )  # fmt: skip


@login_required
def headship_end(request, urn: int, pk: int):
    return _end(
        request, urn, Headship,
        lambda record, ends_on: people.headship_end(headship=record, ends_on=ends_on),
        "headship", pk=pk,
    )  # fmt: skip


@login_required
def governor_end(request, urn: int, pk: int):
    return _end(
        request, urn, GovernorAppointment,
        lambda record, on: people.governor_appointment_end(appointment=record, ends_on=on),
        "appointment", pk=pk,
    )  # fmt: skip
