"""Papers under /papers/: officers upload and replace them; everyone allowed
downloads them.

Uploading and replacing are for whoever accounts.policy lets manage a meeting's
business; the rules on files live in meetings.papers, whose ValidationErrors come
back onto the form. Downloads are the only way a paper's bytes leave the portal:
each asks policy.papers_visible_to (a paper someone may not open is a 404, as if it
did not exist), is recorded, and is sent as an attachment that no browser renders
in the portal's origin or keeps in a shared cache.
"""

import logging
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts import policy
from council_portal.forms import show_on_form

from . import papers
from .models import Meeting, Paper, PaperVersion

logger = logging.getLogger(__name__)


# --- Forms: they shape what the officer sent; the rules are in meetings.papers --------


def _file_field() -> forms.FileField:
    return forms.FileField(
        label="Upload a file",
        help_text=f"PDF, Word, Excel, PowerPoint or OpenDocument, up to "
        f"{papers.max_upload_mb():g} MB.",
        # Empty files are refused by meetings.papers, with the file's name.
        allow_empty_file=True,
        error_messages={"required": "Select a file to upload.", "invalid": "Select a file."},
    )


class Radios(forms.RadioSelect):
    """Radios whose field id is the first radio's, so the error summary's link lands
    on it, as the GOV.UK radios pattern asks (Django's RadioSelect gives no id)."""

    def id_for_label(self, id_, index="0"):
        return f"{id_}_{index}" if id_ else id_


class PaperUploadForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=300,
        error_messages={
            "required": "Enter the title of the paper.",
            "max_length": "The title must be 300 characters or fewer.",
        },
    )  # fmt: skip
    access = forms.ChoiceField(
        label="Who can open it", choices=Paper.Access.choices, widget=Radios,
        initial=Paper.Access.INVITEES,
        error_messages={"required": "Select who can open the paper."},
    )  # fmt: skip
    named_people = forms.CharField(
        label="Named people", required=False,
        help_text="Email addresses, separated by commas. Officers can always open it.",
    )  # fmt: skip
    agenda_item = forms.TypedChoiceField(
        label="Agenda item (optional)", required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": "Select an item of this meeting's agenda."},
    )  # fmt: skip

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in meeting.agenda_items.all()}
        self.fields["agenda_item"].choices = [("", "Not on the agenda")] + [
            (pk, str(item)) for pk, item in self.items.items()
        ]
        # Made per form, so its hint states the size limit in force now.
        self.fields["file"] = _file_field()

    def clean_named_people(self) -> list[str]:
        text = self.cleaned_data["named_people"]
        return [email.strip() for email in text.replace(";", ",").split(",") if email.strip()]


class PaperReplaceForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field()


# --- Officers' pages ---------------------------------------------------------------------


def _managed_meeting(request, pk: int) -> Meeting:
    if not policy.can_manage_meeting_business(request.user):
        raise PermissionDenied
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if not policy.can_manage_meeting_business(request.user, meeting):
        raise PermissionDenied
    return meeting


def _managed_paper(request, pk: int, papers_qs=None) -> Paper:
    if not policy.can_manage_meeting_business(request.user):
        raise PermissionDenied
    queryset = papers_qs if papers_qs is not None else Paper.objects.all()
    paper = get_object_or_404(queryset.select_related("meeting__body", "agenda_item"), pk=pk)
    if not policy.can_manage_meeting_business(request.user, paper.meeting):
        raise PermissionDenied
    return paper


@login_required
def meeting_papers(request, meeting_pk: int):
    """A meeting's papers, with who may open each and its current version."""
    meeting = _managed_meeting(request, meeting_pk)
    listed = (
        meeting.papers.select_related("agenda_item")
        .prefetch_related("named_people", Prefetch("versions", to_attr="all_versions"))
        .order_by("agenda_item__position", "title", "pk")
    )
    return render(
        request, "meetings/papers/meeting_papers.html", {"meeting": meeting, "papers": listed}
    )


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, meeting_pk: int):
    meeting = _managed_meeting(request, meeting_pk)
    # Bound on every POST, even an empty one, so it is answered with errors, not a blank form.
    posted = request.method == "POST"
    form = PaperUploadForm(
        request.POST if posted else None, request.FILES if posted else None, meeting=meeting
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            paper = papers.paper_upload(
                meeting=meeting, title=data["title"], access=data["access"],
                agenda_item=form.items.get(data["agenda_item"]),
                named_people=data["named_people"], uploaded_file=data["file"], by=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"{paper.title} has been uploaded.")
            return redirect("papers:paper", pk=paper.pk)
    return render(request, "meetings/papers/upload.html", {"meeting": meeting, "form": form})


@login_required
def paper_detail(request, pk: int):
    """A paper, who may open it, and every version uploaded, newest first."""
    paper = _managed_paper(
        request,
        pk,
        Paper.objects.prefetch_related(
            "named_people",
            Prefetch(
                "versions",
                PaperVersion.objects.select_related("uploaded_by").annotate(
                    download_count=Count("downloads")
                ),
                to_attr="all_versions",
            ),
        ),
    )
    return render(request, "meetings/papers/paper.html", {"paper": paper})


@login_required
@require_http_methods(["GET", "POST"])
def replace(request, pk: int):
    paper = _managed_paper(request, pk)
    posted = request.method == "POST"
    form = PaperReplaceForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            version = papers.paper_replace(
                paper=paper, uploaded_file=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(
                request, f"{paper.title} has been replaced. This is version {version.number}."
            )
            return redirect("papers:paper", pk=paper.pk)
    return render(request, "meetings/papers/replace.html", {"paper": paper, "form": form})


# --- Downloads ---------------------------------------------------------------------------


def attachment_disposition(name: str) -> str:
    """Content-Disposition for a download under its original name: an ASCII fallback
    for old clients, and the exact name (RFC 5987/6266) for every current browser."""
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\%' else "_" for c in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _visible_paper(request, pk: int) -> Paper:
    paper = policy.papers_visible_to(request.user, Paper.objects.all()).filter(pk=pk).first()
    if paper is None:
        if not request.user.is_authenticated:
            raise _SignInFirst
        raise Http404("No such paper, or not yours to open.")
    return paper


class _SignInFirst(Exception):
    """A visitor asked for a paper that is not public: send them to sign in."""


def _send(request, version: PaperVersion) -> FileResponse:
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        logger.error("Paper version %s: file %s is missing from storage", version.pk, version.file)
        raise Http404("The file is missing.") from None
    by = request.user if request.user.is_authenticated else None
    papers.paper_download_record(version=version, by=by)
    response = FileResponse(handle, content_type=version.content_type)
    response["Content-Disposition"] = attachment_disposition(version.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def download(request, pk: int):
    """The current version of a paper: public papers for anyone, the rest for those
    the policy lets open them. Earlier versions stay behind sign-in (the record)."""
    try:
        paper = _visible_paper(request, pk)
    except _SignInFirst:
        return redirect_to_login(request.get_full_path())
    version = paper.versions.order_by("-number").first()
    if version is None:
        raise Http404("This paper has no file.")
    return _send(request, version)


@login_required
@require_GET
def version_download(request, pk: int, number: int):
    """An earlier (or the current) version, for the record of what was sent when."""
    paper = _visible_paper(request, pk)
    return _send(request, get_object_or_404(paper.versions, number=number))
