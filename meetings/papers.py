"""Papers of a meeting: uploading, replacing, and recording downloads.

A paper's file is checked by what it contains, not by what it is called: people
rename files, and a program renamed "report.pdf" must never reach an invitee's
inbox with the council's name on it. Everything is checked before anything is
stored, so a refused upload leaves no row and no file behind. Files go through
Django's default storage (local disk, or object storage via django-storages),
under random names: the original name is kept on the version and given back in
the download's Content-Disposition, never used as a path.

The portal's size limit is the setting PORTAL_MAX_UPLOAD_MB (20 by default).
"""

import hashlib
import math
import re
import struct
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db.models import Max

from accounts.models import User
from council_portal.storage import stored_atomically

from .models import AgendaItem, BriefingPack, Meeting, Paper, PaperDownload, PaperVersion

MB = 1024 * 1024
ACCEPTED = "a PDF, Word, Excel, PowerPoint or OpenDocument file"


def max_upload_mb() -> float:
    return getattr(settings, "PORTAL_MAX_UPLOAD_MB", 20)


# --- What a file is: the table of signatures ----------------------------------------


@dataclass(frozen=True)
class FileKind:
    """A type of paper the portal accepts, with the name endings that may carry it."""

    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("a PDF", "application/pdf", (".pdf",))
DOCX = FileKind(
    "a Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileKind(
    "an Excel spreadsheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
PPTX = FileKind(
    "a PowerPoint presentation",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
)
ODT = FileKind("an OpenDocument text", "application/vnd.oasis.opendocument.text", (".odt",))
ODS = FileKind(
    "an OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet", (".ods",)
)
ODP = FileKind(
    "an OpenDocument presentation", "application/vnd.oasis.opendocument.presentation", (".odp",)
)
DOC = FileKind("a Word 97-2003 document", "application/msword", (".doc",))
XLS = FileKind("an Excel 97-2003 spreadsheet", "application/vnd.ms-excel", (".xls",))
PPT = FileKind("a PowerPoint 97-2003 presentation", "application/vnd.ms-powerpoint", (".ppt",))

# The first bytes of a file say which container it is. Containers we accept are
# looked into further below; the others are named so the refusal can say what
# the file really is.
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NOT_ACCEPTED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a Linux program"),
    (b"\xcf\xfa\xed\xfe", "a macOS program"),
    (b"\xfe\xed\xfa", "a macOS program"),
    (b"#!", "a script"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
    (b"<", "a web page or XML file"),
)
# OOXML (Office 2007 on): a ZIP whose [Content_Types].xml names the main part.
OOXML_MAIN_PART = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
# ODF: a ZIP whose first entry, "mimetype", holds the document's type.
ODF_MIMETYPE = {kind.content_type: kind for kind in (ODT, ODS, ODP)}
# Legacy Office: an OLE2 compound file whose directory holds the main stream.
OLE2_MAIN_STREAM = {
    "WordDocument": DOC,
    "Workbook": XLS,
    "Book": XLS,
    "PowerPoint Document": PPT,
}
# Macros run on the reader's machine: papers go to schools, so they are refused.
OLE2_MACRO_STORAGES = {"Macros", "_VBA_PROJECT_CUR", "VBA"}
OLE2_ENCRYPTED_STREAMS = {"EncryptedPackage", "EncryptionInfo"}

# Bounds on what a ZIP may claim, so a "ZIP bomb" is refused before anyone expands it.
ZIP_MAX_ENTRIES = 10_000
ZIP_MAX_TOTAL = 1024 * MB
ZIP_MAX_RATIO = 100  # real documents compress 3 to 20 times; bombs a thousand
ZIP_RATIO_FROM = 50 * MB
ZIP_MANIFEST_MAX = MB


class Refused(Exception):
    """Why a file cannot be a paper, in words for the person who chose it."""


@dataclass(frozen=True)
class CheckedFile:
    """What the checks learnt about an upload: everything a PaperVersion records."""

    name: str
    kind: FileKind
    size: int
    sha256: str
    page_count: int | None = None
    text: str = ""


def _clean_name(name: str) -> str:
    """The file's own name without any folder a browser sent, control characters or
    surrounding spaces; kept for the download, never used as a storage path."""
    base = PurePath(str(name).replace("\\", "/")).name
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    if len(base) > 255:
        suffix = PurePath(base).suffix[:20]
        base = base[: 255 - len(suffix)] + suffix
    return base or "paper"


def _size_text(size: int) -> str:
    # Rounded up, so a file just over the limit never reads as "20.0 MB; the limit is 20 MB".
    return f"{math.ceil(size / MB * 10) / 10:.1f} MB"


def _zip_kind(upload: File, name: str) -> FileKind:
    try:
        archive = zipfile.ZipFile(upload)
        entries = archive.infolist()
        if len(entries) > ZIP_MAX_ENTRIES:
            raise Refused(f"{name} holds {len(entries):,} files, too many for a document.")
        total = sum(e.file_size for e in entries)
        packed = sum(e.compress_size for e in entries) or 1
        if total > ZIP_MAX_TOTAL or (total > ZIP_RATIO_FROM and total / packed > ZIP_MAX_RATIO):
            raise Refused(
                f"{name} would expand to {_size_text(total)}, which no document does. "
                "It may be a ZIP bomb."
            )
        first = entries[0] if entries else None
        if first and first.filename == "mimetype" and first.file_size <= 200:
            mimetype = archive.read(first).decode("ascii", "replace").strip()
            if mimetype in ODF_MIMETYPE:
                return ODF_MIMETYPE[mimetype]
            raise Refused(f"{name} is an OpenDocument file of a kind the portal does not take.")
        try:
            manifest = archive.getinfo("[Content_Types].xml")
        except KeyError:
            raise Refused(f"{name} is a ZIP archive, not {ACCEPTED}.") from None
        if manifest.file_size > ZIP_MANIFEST_MAX:
            raise Refused(f"{name} is not a readable Office document.")
        types = re.findall(
            rb"""ContentType\s*=\s*["']([^"']+)["']""", archive.read(manifest), re.IGNORECASE
        )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError) as exc:  # fmt: skip
        # zipfile raises any of these on a damaged, encrypted or exotic archive.
        raise Refused(f"{name} is a damaged ZIP archive, not {ACCEPTED}.") from exc
    declared = {t.decode("ascii", "replace") for t in types}
    if any("macroenabled" in t.lower() or "vbaproject" in t.lower() for t in declared):
        raise Refused(
            f"{name} contains macros. Save it without macros (as .docx, .xlsx or .pptx) "
            "and upload it again."
        )
    for content_type, kind in OOXML_MAIN_PART.items():
        if content_type in declared:
            return kind
    raise Refused(f"{name} is an Office file of a kind the portal does not take.")


ENDOFCHAIN = 0xFFFFFFFA  # this and above: end of chain, free or special sectors


def _ole2_names(upload: File) -> set[str]:
    """The names in an OLE2 compound file's directory (MS-CFB), read sector by sector
    so a 20 MB file is never held in memory."""
    upload.seek(0)
    header = upload.read(512)
    if len(header) < 512:
        raise ValueError("short header")
    sector_size = 1 << struct.unpack_from("<H", header, 30)[0]
    if sector_size not in (512, 4096):
        raise ValueError("sector size")
    upload.seek(0, 2)
    sectors = upload.tell() // sector_size

    def sector(number: int) -> bytes:
        if number >= sectors:
            raise ValueError("sector outside the file")
        upload.seek((number + 1) * sector_size)
        return upload.read(sector_size)

    per_sector = sector_size // 4
    fat_sectors = [s for s in struct.unpack_from("<109I", header, 76) if s < ENDOFCHAIN]
    difat, seen = struct.unpack_from("<I", header, 68)[0], set()
    # A crafted file can make the chain loop on itself: follow each sector once, and
    # read each table sector once, so a small file cannot cost gigabytes.
    while difat < ENDOFCHAIN and difat not in seen and len(seen) < sectors:
        seen.add(difat)
        entries = struct.unpack(f"<{per_sector}I", sector(difat))
        fat_sectors += [s for s in entries[:-1] if s < ENDOFCHAIN]
        difat = entries[-1]
    fat_sectors = list(dict.fromkeys(s for s in fat_sectors if s < sectors))
    fat: list[int] = []
    for number in fat_sectors:
        fat.extend(struct.unpack(f"<{per_sector}I", sector(number)))

    names: set[str] = set()
    current, visited = struct.unpack_from("<I", header, 48)[0], set()
    while current < ENDOFCHAIN and current not in visited and current < len(fat):
        visited.add(current)
        block = sector(current)
        for offset in range(0, len(block) - 127, 128):
            length, kind = struct.unpack_from("<HB", block, offset + 64)
            if kind in (1, 2) and 2 <= length <= 64:
                names.add(block[offset : offset + length - 2].decode("utf-16-le", "replace"))
        current = fat[current]
    return names


def _ole2_kind(upload: File, name: str) -> FileKind:
    try:
        names = _ole2_names(upload)
    except (ValueError, struct.error, OSError) as exc:
        raise Refused(f"{name} is a damaged Office 97-2003 file.") from exc
    if names & OLE2_ENCRYPTED_STREAMS:
        raise Refused(f"{name} is protected by a password. Upload a copy without a password.")
    if names & OLE2_MACRO_STORAGES:
        raise Refused(f"{name} contains macros. Save it without macros and upload it again.")
    for stream, kind in OLE2_MAIN_STREAM.items():
        if stream in names:
            return kind
    raise Refused(
        f"{name} is an Office 97-2003 container but not a Word, Excel or PowerPoint file "
        "(it may be an installer or an Outlook message)."
    )


def _detect(upload: File, name: str) -> FileKind:
    upload.seek(0)
    head = upload.read(16)
    if head.startswith(PDF_MAGIC):
        return PDF
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(upload, name)
    if head.startswith(OLE2_MAGIC):
        return _ole2_kind(upload, name)
    found = next((label for magic, label in NOT_ACCEPTED_MAGIC if head.startswith(magic)), None)
    if found:
        raise Refused(f"{name} is {found}, not {ACCEPTED}.")
    raise Refused(f"{name} is not {ACCEPTED}: its content is not one the portal recognises.")


def _read_pdf(upload: File, name: str) -> tuple[int, str]:
    """Page count and text (for search) of a PDF; a PDF that pypdf cannot read would
    also break the briefing pack, so it is refused here rather than there."""
    from pypdf import PdfReader

    upload.seek(0)
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Refused(f"{name} is protected by a password. Upload a copy without one.")
        texts = [page.extract_text() or "" for page in reader.pages]
    except Refused:
        raise
    except Exception as exc:  # noqa: BLE001
        # pypdf signals a broken file with many exception types (PdfReadError,
        # KeyError, ValueError, RecursionError...); to the officer they all mean this.
        raise Refused(
            f"{name} is not a readable PDF. Open it, save it as a PDF again and retry."
        ) from exc
    if not texts:
        raise Refused(f"{name} is a PDF with no pages.")
    # PostgreSQL text cannot hold NUL characters, which some PDFs' text contains.
    return len(texts), "\n\n".join(texts).replace("\x00", "")


def paper_file_check(*, uploaded_file: File) -> CheckedFile:
    """Check an upload against the portal's rules and learn what it is.

    Raises ValidationError({"file": ...}) with a message that names the file and
    says what was found: empty, over the size limit, not an accepted type by its
    content, or a name whose ending disagrees with the content.
    """
    name = _clean_name(getattr(uploaded_file, "name", "") or "")
    size = uploaded_file.size
    limit = max_upload_mb()
    try:
        if not size:
            raise Refused(f"{name} is empty.")
        if size > limit * MB:
            raise Refused(f"{name} is {_size_text(size)}; the limit is {limit:g} MB.")
        kind = _detect(uploaded_file, name)
        ending = PurePath(name).suffix.lower()
        if ending not in kind.extensions:
            named = f"ends {ending}" if ending else "has no ending"
            raise Refused(
                f"{name} is {kind.label}, but its name {named}. Rename it to end "
                f"{kind.extensions[0]}, or choose the right file."
            )
        page_count, text = _read_pdf(uploaded_file, name) if kind is PDF else (None, "")
    except Refused as refusal:
        raise ValidationError({"file": str(refusal)}) from None
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    return CheckedFile(
        name=name, kind=kind, size=size, sha256=digest.hexdigest(),
        page_count=page_count, text=text,
    )  # fmt: skip


# --- Writing papers ------------------------------------------------------------------


def _resolve_named(named_people: Iterable[User | str]) -> tuple[list[User], str | None]:
    """The people named on a confidential paper, given as people or email addresses.

    Only people with an active account can be named: a confidential paper for an
    address nobody signs in with is a paper nobody outside the council can open.
    """
    people = [p for p in named_people if isinstance(p, User)]
    emails = [p.strip().lower() for p in named_people if isinstance(p, str) and p.strip()]
    found = {u.email: u for u in User.objects.filter(email__in=emails)}
    unknown = [e for e in dict.fromkeys(emails) if e not in found]
    if unknown:
        return [], (
            f"No one is registered with {', '.join(unknown)}. Check the address, "
            "or invite them to the portal first."
        )
    people += [found[e] for e in emails]
    inactive = [u.email for u in people if not u.is_active]
    if inactive:
        return [], f"The account of {', '.join(dict.fromkeys(inactive))} is deactivated."
    return list({u.pk: u for u in people}.values()), None


def _check_details(
    *, meeting: Meeting, title: str, access: str, agenda_item: AgendaItem | None,
    named_people: Iterable[User | str],
) -> tuple[dict[str, str], list[User]]:  # fmt: skip
    errors = {}
    people, named_error = _resolve_named(named_people)
    if named_error:
        errors["named_people"] = named_error
    if not title.strip():
        errors["title"] = "Enter the title of the paper."
    elif len(title.strip()) > 300:
        errors["title"] = "The title must be 300 characters or fewer."
    if access not in Paper.Access.values:
        errors["access"] = "Select who can open the paper."
    elif people and access != Paper.Access.CONFIDENTIAL:
        errors["named_people"] = (
            "Name people only for a confidential paper: the others are opened by "
            "everyone invited, or by anyone."
        )
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        errors["agenda_item"] = "Select an item of this meeting's agenda."
    return errors, people


def _add_version(
    *, paper: Paper, checked: CheckedFile, uploaded_file: File, by: User | None, stored: list
) -> PaperVersion:
    latest = paper.versions.aggregate(last=Max("number"))["last"] or 0
    version = PaperVersion(
        paper=paper, number=latest + 1, original_name=checked.name,
        content_type=checked.kind.content_type, size=checked.size, sha256=checked.sha256,
        page_count=checked.page_count, text=checked.text, uploaded_by=by,
    )  # fmt: skip
    uploaded_file.seek(0)
    # A random name: guessing or listing storage paths reveals nothing, and two
    # papers called "report.pdf" never meet.
    version.file.save(f"{uuid.uuid4().hex}{checked.kind.extensions[0]}", uploaded_file, save=False)
    stored.append(version.file.name)
    version.save()
    return version


def paper_upload(
    *, meeting: Meeting, title: str, access: str, uploaded_file: File,
    agenda_item: AgendaItem | None = None, named_people: Iterable[User | str] = (),
    by: User | None,
) -> Paper:  # fmt: skip
    """Add a paper to a meeting with its first version.

    `named_people` (people, or their email addresses) may open a confidential
    paper. Every problem is reported at once, keyed by field, in a
    ValidationError; then nothing is stored. Adding a paper after the meeting's
    pack was published marks the pack stale.
    """
    errors, people = _check_details(
        meeting=meeting, title=title, access=access, agenda_item=agenda_item,
        named_people=list(named_people),
    )  # fmt: skip
    try:
        checked = paper_file_check(uploaded_file=uploaded_file)
    except ValidationError as exc:
        errors.update({field: e[0].message for field, e in exc.error_dict.items()})
    if errors:
        raise ValidationError(errors)

    with stored_atomically() as stored:
        paper = Paper.objects.create(
            meeting=meeting, agenda_item=agenda_item, title=title.strip(), access=access
        )
        if access == Paper.Access.CONFIDENTIAL:
            paper.named_people.set(people)
        _add_version(
            paper=paper, checked=checked, uploaded_file=uploaded_file, by=by, stored=stored
        )
        BriefingPack.mark_stale(meeting_id=meeting.pk)
    return paper


def paper_replace(*, paper: Paper, uploaded_file: File, by: User | None) -> PaperVersion:
    """Add a new version of a paper; earlier versions stay, for the record and for
    anyone who downloaded one. Marks a published pack stale."""
    checked = paper_file_check(uploaded_file=uploaded_file)

    with stored_atomically() as stored:
        # The paper's row lock numbers concurrent replacements one after the other.
        locked = Paper.objects.select_for_update().get(pk=paper.pk)
        version = _add_version(
            paper=locked, checked=checked, uploaded_file=uploaded_file, by=by, stored=stored
        )
        locked.save(update_fields=["updated_at"])
        BriefingPack.mark_stale(meeting_id=locked.meeting_id)
    return version


def paper_download_record(*, version: PaperVersion, by: User) -> PaperDownload:
    """Who downloaded which version when, for information governance. The caller
    has already asked accounts.policy.can_view_paper."""
    return PaperDownload.objects.create(version=version, person=by)
