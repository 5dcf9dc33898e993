"""Briefing packs: a meeting's papers compiled into one PDF, published and announced.

A pack is a cover and agenda page rendered from HTML with WeasyPrint, then the PDF
papers (their current versions) in agenda order, merged with pypdf, with "Page N of M"
stamped on every page and a table of contents giving each paper's first page. Papers
that are not PDF (Word, Excel, PowerPoint, ODF) are listed with a link to their
download page, which checks access as every download does; confidential papers never
go into the pack, whose readers are all the invitees, and are listed without a link.

Publishing compiles the pack and queues a PACK_PUBLISHED e-mail per invitee at the
pack's version: the e-mail carries a link to the packs page, never the file. A paper
changed after publication marks the pack stale; publishing again raises the version,
so invitees are told again, while publishing an up-to-date pack changes nothing.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Prefetch, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.errors import PyPdfError
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from accounts import policy
from webhooks.events import emit

from .models import (
    AgendaItem,
    BriefingPack,
    Invitation,
    Meeting,
    MeetingSeries,
    OutboxEmail,
    Paper,
    PaperVersion,
)
from .notifications import when_in_words
from .outbox import queue_emails

logger = logging.getLogger(__name__)

PDF = "application/pdf"
# "Page N of M" is a small strip laid over the bottom centre of each page, whatever
# its size or orientation, in 9pt Helvetica; widths per 1000 units of the font size,
# from Adobe's metrics, for the only characters the stamp uses.
STAMP_FONT_SIZE, STAMP_BOTTOM_PT = 9, 14.0
HELVETICA_WIDTHS = {
    "P": 667, "a": 556, "g": 556, "e": 556, "o": 556, "f": 278, " ": 278,
    **dict.fromkeys("0123456789", 556),
}  # fmt: skip
# Rendering the cover again is needed only when the table of contents' page numbers
# change its own length; two passes settle it in practice, the third is a safety net.
MAX_LAYOUT_PASSES = 3


class Included:
    """How a paper appears in the pack (data, not branches in the template)."""

    PDF = "pdf"  # merged into the pack; the contents give its first page
    LINK = "link"  # not a PDF (or unreadable): listed with a link to its download page
    CONFIDENTIAL = "confidential"  # never in the pack: listed without a link


@dataclass
class PackPaper:
    paper: Paper
    version: PaperVersion
    included: str
    url: str = ""
    pages: int = 0
    start_page: int | None = None
    reader: PdfReader | None = field(default=None, repr=False)


@dataclass
class PackItem:
    item: AgendaItem
    papers: list[PackPaper]


def paper_download_url(paper: Paper) -> str:
    """The paper's download page, which checks access: the pack links to it, never to a
    file, so a link forwarded outside the invitees opens nothing for its reader."""
    return f"{settings.PORTAL_BASE_URL}{reverse('papers:download', args=[paper.pk])}"


def packs_page_url() -> str:
    return f"{settings.PORTAL_BASE_URL}{reverse('packs:my_packs')}"


# --- Reading the meeting's business -------------------------------------------------


def _current_versions() -> Prefetch:
    return Prefetch("versions", queryset=PaperVersion.objects.order_by("-number"))


def _pack_paper(paper: Paper) -> PackPaper | None:
    """The paper's current version, read if it is a PDF; None if nothing is uploaded."""
    versions = list(paper.versions.all())
    if not versions:
        return None
    version = versions[0]
    if paper.access == Paper.Access.CONFIDENTIAL:
        return PackPaper(paper=paper, version=version, included=Included.CONFIDENTIAL)
    linked = PackPaper(
        paper=paper, version=version, included=Included.LINK, url=paper_download_url(paper)
    )
    if version.content_type != PDF:
        return linked
    try:
        with version.file.open("rb") as handle:
            reader = PdfReader(BytesIO(handle.read()))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PyPdfError("the PDF is password-protected")
        pages = len(reader.pages)
    except (PyPdfError, OSError, ValueError) as error:
        # One broken upload must not stop the whole pack: its readers get the link.
        logger.warning("Paper %s not merged into its pack: %s", paper.pk, error)
        return linked
    return PackPaper(
        paper=paper, version=version, included=Included.PDF, pages=pages, reader=reader
    )


def _contents(meeting: Meeting) -> tuple[list[PackItem], list[PackPaper]]:
    """The agenda items with their papers, and papers on no item, in agenda order."""
    papers = Paper.objects.filter(meeting=meeting).prefetch_related(_current_versions())
    items = AgendaItem.objects.filter(meeting=meeting).order_by("position")
    by_item: dict[int | None, list[PackPaper]] = {}
    for paper in papers.order_by("title", "pk"):
        entry = _pack_paper(paper)
        if entry is not None:
            by_item.setdefault(paper.agenda_item_id, []).append(entry)
    agenda = [PackItem(item=item, papers=by_item.get(item.pk, [])) for item in items]
    return agenda, by_item.get(None, [])


def _in_order(agenda: list[PackItem], others: list[PackPaper]) -> list[PackPaper]:
    return [paper for entry in agenda for paper in entry.papers] + others


# --- Rendering -----------------------------------------------------------------------


def _render_front(meeting: Meeting, agenda: list[PackItem], others: list[PackPaper]) -> bytes:
    """The cover and agenda, laid out until the contents' page numbers agree with the
    number of pages the cover itself takes."""
    from weasyprint import HTML

    ordered = [paper for paper in _in_order(agenda, others) if paper.included == Included.PDF]
    front_pages = 1
    for _ in range(MAX_LAYOUT_PASSES):
        start = front_pages + 1
        for paper in ordered:
            paper.start_page, start = start, start + paper.pages
        html = render_to_string(
            "meetings/packs/cover.html",
            {
                "meeting": meeting,
                "when": when_in_words(meeting),
                "agenda": agenda,
                "others": others,
                "contents": ordered,
                "Included": Included,
                "council_name": settings.COUNCIL_NAME,
                "service_name": settings.SERVICE_NAME,
                "packs_url": packs_page_url(),
            },
        )
        document = HTML(string=html, base_url=settings.PORTAL_BASE_URL).render()
        if len(document.pages) == front_pages:
            break
        front_pages = len(document.pages)
    else:
        # Page numbers only ever lengthen the cover, so this has never been seen; if it
        # is, the contents are a page out rather than the pack not being published.
        logger.warning("Cover of meeting %s did not settle at %s pages", meeting.pk, front_pages)
    return document.write_pdf()


def _stamp(text: str) -> PageObject:
    """A page just big enough for `text` in 9pt Helvetica, to lay over a pack page.

    Helvetica is one of the standard fonts every PDF reader has, so the stamp embeds
    nothing, and its published widths centre the text without a layout engine: laying
    out hundreds of one-line pages with WeasyPrint took longer than the merge itself."""
    width = sum(HELVETICA_WIDTHS[char] for char in text) * STAMP_FONT_SIZE / 1000
    page = PageObject.create_blank_page(width=width, height=STAMP_FONT_SIZE * 2)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/PackPageNumber"): font})}
    )
    content = DecodedStreamObject()
    # GOV.UK text colour (#0b0c0c), the baseline a little above the strip's foot.
    baseline = STAMP_FONT_SIZE * 0.6
    content.set_data(
        f"BT /PackPageNumber {STAMP_FONT_SIZE} Tf 0.043 0.047 0.047 rg 0 {baseline:.2f} Td "
        f"({text}) Tj ET".encode("ascii")
    )
    page.replace_contents(content)
    return page


def _number_pages(writer: PdfWriter) -> None:
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, 1):
        if page.rotation:
            # Landscape papers are often portrait pages turned by /Rotate; turning the
            # content instead puts the number at the bottom of the page as it is read.
            page.transfer_rotation_to_content()
        stamp = _stamp(f"Page {number} of {total}")
        box = page.cropbox  # the visible area (the media box unless the paper crops it)
        x = float(box.left) + (float(box.width) - float(stamp.mediabox.width)) / 2
        y = float(box.bottom) + STAMP_BOTTOM_PT
        page.merge_transformed_page(stamp, Transformation().translate(x, y))


def _compile_pdf(meeting: Meeting) -> tuple[bytes, int]:
    """The pack's bytes and page count; nothing is saved."""
    agenda, others = _contents(meeting)
    writer = PdfWriter()
    writer.append(PdfReader(BytesIO(_render_front(meeting, agenda, others))))
    for paper in _in_order(agenda, others):
        if paper.included == Included.PDF:
            writer.append(paper.reader, import_outline=False)
            # Bookmarks let a reader's sidebar jump from paper to paper.
            writer.add_outline_item(title=paper.paper.title, page_number=paper.start_page - 1)
    _number_pages(writer)
    writer.add_metadata(
        {"/Title": f"Briefing pack: {meeting.title}", "/Author": settings.COUNCIL_NAME}
    )
    out = BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


# --- Compiling and publishing --------------------------------------------------------


def _locked_pack(meeting: Meeting) -> BriefingPack:
    """The meeting's pack row, created if needed and locked until the transaction ends,
    so two compiles or publishes of one meeting run one after the other."""
    pack, _ = BriefingPack.objects.select_for_update().get_or_create(meeting=meeting)
    return pack


def pack_compile(*, meeting: Meeting) -> BriefingPack:
    """Compile the meeting's pack into a new version: store the PDF through the default
    storage, record its SHA-256 and page count, raise the version and clear `is_stale`.

    The previous file is deleted once the new one is committed, so a download that
    started before keeps reading the file it opened. This does not announce anything:
    once a pack is published, compile it through `pack_publish` (mark it stale first)
    so invitees hear of the new version."""
    with transaction.atomic():
        pack = _locked_pack(meeting)
        data, pages = _compile_pdf(meeting)
        old_name = pack.file.name
        pack.version += 1
        pack.file.save(f"meeting-{meeting.pk}-v{pack.version}.pdf", ContentFile(data), save=False)
        pack.sha256 = hashlib.sha256(data).hexdigest()
        pack.page_count = pages
        pack.is_stale = False
        pack.save(update_fields=["version", "file", "sha256", "page_count", "is_stale"])
        if old_name and old_name != pack.file.name:
            storage = pack.file.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return pack


def _notify_invitees(pack: BriefingPack) -> int:
    """Queue a PACK_PUBLISHED e-mail for each current invitee at the pack's version:
    a new version tells everyone again, the same one tells only invitees who have not
    been told (people invited since)."""
    return queue_emails(
        meeting=pack.meeting, kind=OutboxEmail.Kind.PACK_PUBLISHED, version=pack.version
    )


def _publish(*, meeting: Meeting, by=None) -> tuple[BriefingPack, int]:
    with transaction.atomic():
        pack = _locked_pack(meeting)
        if not pack.is_published or pack.is_stale or not pack.file:
            pack = pack_compile(meeting=meeting)
            pack.published_at = timezone.now()
            pack.save(update_fields=["published_at"])
            emit("pack.published", [pack])
            logger.info(
                "Briefing pack of meeting %s published at version %s by %s",
                meeting.pk, pack.version, getattr(by, "pk", "the schedule"),
            )  # fmt: skip
        pack.meeting = meeting
        return pack, _notify_invitees(pack)


def pack_publish(*, meeting: Meeting, by=None) -> BriefingPack:
    """Publish the meeting's pack: compile it unless it is published and up to date,
    set `published_at`, and queue the invitees' e-mails at its version.

    Idempotent: publishing an up-to-date pack again compiles nothing and queues no
    second e-mail, so a redelivered task or a double click is harmless. A stale pack
    (a paper changed since) is compiled into a new version and announced again."""
    pack, _ = _publish(meeting=meeting, by=by)
    return pack


def packs_due(*, now: datetime) -> list[Meeting]:
    """Upcoming meetings whose pack should be published or re-published now.

    Due: the pack's own `publish_at`, or else `series.pack_days` before the meeting,
    has passed and the pack is unpublished or stale. Published packs that are up to
    date are included too, so people invited since publication are told (publishing
    them queues only the missing e-mails). Past, held and cancelled meetings are left
    alone: a change to a past meeting's papers is for an officer to announce."""
    longest = MeetingSeries.objects.aggregate(longest=Max("pack_days"))["longest"] or 0
    upcoming = (
        Meeting.objects.filter(starts_at__gt=now)
        .exclude(status__in=[Meeting.Status.CANCELLED, Meeting.Status.HELD])
        .filter(
            Q(starts_at__lte=now + timedelta(days=longest))
            | Q(pack__publish_at__lte=now)
            | Q(pack__published_at__isnull=False)
        )
        .select_related("series", "body", "pack")
        .order_by("starts_at")
    )
    due = []
    for meeting in upcoming:
        pack = getattr(meeting, "pack", None)
        if pack is not None and pack.is_published:
            due.append(meeting)
            continue
        publish_at = (pack.publish_at if pack else None) or (
            meeting.starts_at - timedelta(days=meeting.series.pack_days)
        )
        if publish_at <= now:
            due.append(meeting)
    return due


def publish_due_packs(*, now: datetime | None = None) -> int:
    """Publish every pack that is due (see `packs_due`), each in its own transaction so
    one broken meeting cannot hold up the rest. Returns how many e-mails were queued."""
    now = now or timezone.now()
    queued = 0
    for meeting in packs_due(now=now):
        try:
            _, added = _publish(meeting=meeting)
        except Exception:
            logger.exception("Briefing pack of meeting %s not published", meeting.pk)
            continue
        queued += added
    return queued


# --- Reading packs ------------------------------------------------------------------


def packs_for(*, person) -> QuerySet[BriefingPack]:
    """The published packs of the meetings a person is invited to, newest meeting first,
    with what the packs page shows loaded in the same query."""
    invited = Invitation.objects.filter(person=person, withdrawn_at=None).values("meeting_id")
    packs = BriefingPack.objects.filter(meeting_id__in=invited, published_at__isnull=False)
    return (
        policy.packs_visible_to(person, packs)
        .select_related("meeting__body")
        .order_by("-meeting__starts_at", "-pk")
    )
