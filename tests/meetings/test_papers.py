"""Papers: checked by content on upload, kept in versions, downloaded only by those
allowed, every download recorded."""

import hashlib
import html
import re
import struct
import zipfile
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from meetings import papers
from meetings.models import AgendaItem, BriefingPack, Paper, PaperDownload, PaperVersion
from tests import factories
from tests.partnerships import body, meeting, series

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


# --- Real sample files, built small ----------------------------------------------------


def pdf_bytes(pages: int = 1, text: str = "Attendance report") -> bytes:
    """A PDF with a line of Helvetica text on each page, so text extraction has work."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    for n in range(1, pages + 1):
        page = writer.add_blank_page(595, 842)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        content = DecodedStreamObject()
        content.set_data(f"BT /F1 12 Tf 72 760 Td ({text} page {n}) Tj ET".encode())
        page.replace_contents(content)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


OOXML = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}


def ooxml_bytes(kind: str, main_type: str | None = None) -> bytes:
    """An Office Open XML package: [Content_Types].xml naming the main part, as Office writes."""
    part, suffix = OOXML[kind]
    main_type = main_type or f"application/vnd.openxmlformats-officedocument.{suffix}"
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{part}" ContentType="{main_type}"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="' + part + '" Type="http://schemas.openxmlformats'
            '.org/officeDocument/2006/relationships/officeDocument"/></Relationships>',
        )
        archive.writestr(part, '<?xml version="1.0" encoding="UTF-8"?><document/>')
    return out.getvalue()


def odf_bytes(kind: str) -> bytes:
    """An OpenDocument package: "mimetype" first and stored, as the ODF standard says."""
    mimetype = {
        "odt": "application/vnd.oasis.opendocument.text",
        "ods": "application/vnd.oasis.opendocument.spreadsheet",
        "odp": "application/vnd.oasis.opendocument.presentation",
    }[kind]
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "content.xml", "<office:document-content/>", compress_type=zipfile.ZIP_DEFLATED
        )
        archive.writestr(
            "META-INF/manifest.xml", "<manifest:manifest/>", compress_type=zipfile.ZIP_DEFLATED
        )
    return out.getvalue()


def ole2_bytes(*streams: str) -> bytes:
    """A minimal OLE2 compound file (MS-CFB version 3) whose root holds empty streams
    of these names, as a Word 97 file holds "WordDocument"."""
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end)
    struct.pack_into("<I", header, 72, 0)
    struct.pack_into("<109I", header, 76, 0, *([free] * 108))
    fat = struct.pack("<128I", fat_sector, end, *([free] * 126))

    def entry(name: str, kind: int, child: int = no_stream, right: int = no_stream) -> bytes:
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        raw = bytearray(128)
        raw[: len(encoded)] = encoded
        struct.pack_into("<HBBIII", raw, 64, len(encoded), kind, 1, no_stream, right, child)
        struct.pack_into("<IQ", raw, 116, end, 0)
        return bytes(raw)

    entries = [entry("Root Entry", 5, child=1 if streams else no_stream)]
    for n, name in enumerate(streams, start=1):
        entries.append(entry(name, 2, right=n + 1 if n < len(streams) else no_stream))
    directory = b"".join(entries).ljust(512, b"\x00")
    return bytes(header) + fat + directory


SAMPLES = {
    "pdf": (pdf_bytes, "application/pdf"),
    "docx": (
        lambda: ooxml_bytes("docx"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        lambda: ooxml_bytes("xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "pptx": (
        lambda: ooxml_bytes("pptx"),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "odt": (lambda: odf_bytes("odt"), "application/vnd.oasis.opendocument.text"),
    "ods": (lambda: odf_bytes("ods"), "application/vnd.oasis.opendocument.spreadsheet"),
    "odp": (lambda: odf_bytes("odp"), "application/vnd.oasis.opendocument.presentation"),
    "doc": (lambda: ole2_bytes("WordDocument", "1Table"), "application/msword"),
    "xls": (lambda: ole2_bytes("Workbook"), "application/vnd.ms-excel"),
    "ppt": (lambda: ole2_bytes("PowerPoint Document"), "application/vnd.ms-powerpoint"),
}

WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(120) + b"This program cannot be run in DOS"


def upload_of(name: str, data: bytes, content_type: str = "application/octet-stream"):
    # Browsers send whatever type the name suggests; the portal ignores it.
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- Fixtures --------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.fixture
def officer():
    return factories.officer()


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def meeting_a():
    return meeting(series=series(body=body(name="Primary headteachers' conference")))


def upload(meeting_, name="report.pdf", data=None, *, access=Paper.Access.INVITEES, **kwargs):
    return papers.paper_upload(
        meeting=meeting_, title=kwargs.pop("title", "Attendance report"), access=access,
        uploaded_file=upload_of(name, pdf_bytes() if data is None else data),
        by=kwargs.pop("by", None), **kwargs,
    )  # fmt: skip


def file_error(excinfo) -> str:
    return excinfo.value.message_dict["file"][0]


def error_summary(response) -> list[str]:
    block = re.search(
        r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', response.text, re.S
    )
    assert block, "no error summary on the page"
    return [
        html.unescape(re.sub(r"<[^>]+>", "", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)
    ]


# --- What is accepted --------------------------------------------------------------------


@pytest.mark.parametrize("extension", SAMPLES)
def test_each_accepted_type_is_stored_with_the_type_its_content_shows(meeting_a, extension):
    build, content_type = SAMPLES[extension]
    data = build()

    paper = upload(meeting_a, f"Paper.{extension.upper()}", data)

    version = paper.versions.get()
    assert version.content_type == content_type
    assert version.original_name == f"Paper.{extension.upper()}"
    assert version.size == len(data)
    with version.file.open("rb") as stored:
        assert stored.read() == data


def test_a_pdf_keeps_its_sha256_page_count_and_text(meeting_a, officer):
    data = pdf_bytes(pages=3, text="Exclusions in the autumn term")

    version = upload(meeting_a, "exclusions.pdf", data, by=officer).versions.get()

    assert version.sha256 == hashlib.sha256(data).hexdigest()
    assert version.page_count == 3
    assert "Exclusions in the autumn term page 2" in version.text
    assert version.uploaded_by == officer
    assert version.number == 1


def test_the_stored_file_has_a_random_name_not_the_uploaded_one(meeting_a, media):
    version = upload(meeting_a, "../../Confidential SEND report.pdf").versions.get()

    assert version.original_name == "Confidential SEND report.pdf"
    assert "SEND" not in version.file.name
    assert re.fullmatch(r"papers/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", version.file.name)
    assert [p.relative_to(media).as_posix() for p in stored_files(media)] == [version.file.name]


# --- What is refused, and that nothing is stored then ------------------------------------


REFUSALS = [
    ("report.pdf", WINDOWS_PROGRAM, "report.pdf is a Windows program, not a PDF, Word"),
    ("notes.docx", bytes(range(256)) * 8, "notes.docx is not a PDF, Word, Excel, PowerPoint"),
    ("minutes.pdf", ooxml_bytes("docx"), "minutes.pdf is a Word document, but its name ends .pdf"),
    ("budget.docx", ole2_bytes("Workbook"), "budget.docx is an Excel 97-2003 spreadsheet, but"),
    ("agenda", pdf_bytes(), "agenda is a PDF, but its name has no ending"),
    ("broken.pdf", b"%PDF-1.7\nnot really a PDF\n", "broken.pdf is not a readable PDF"),
    ("empty.pdf", b"", "empty.pdf is empty."),
    ("setup.doc", ole2_bytes("\x05SummaryInformation"), "setup.doc is an Office 97-2003 con"),
    ("locked.docx", ole2_bytes("EncryptionInfo", "EncryptedPackage"), "protected by a password"),
    ("macros.doc", ole2_bytes("WordDocument", "Macros"), "macros.doc contains macros"),
    (
        "macros.docx",
        ooxml_bytes("docx", "application/vnd.ms-word.document.macroEnabled.main+xml"),
        "macros.docx contains macros",
    ),
    ("photo.pdf", b"\x89PNG\r\n\x1a\n" + bytes(64), "photo.pdf is a PNG image, not a PDF"),
]


@pytest.mark.parametrize(("name", "data", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_stored(
    meeting_a, media, name, data, message
):
    with pytest.raises(ValidationError) as excinfo:
        upload(meeting_a, name, data)

    assert message in file_error(excinfo)
    assert not Paper.objects.exists()
    assert not PaperVersion.objects.exists()
    assert stored_files(media) == []


def test_a_zip_bomb_named_docx_is_refused(meeting_a, media):
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", bytes(60 * MB))

    with pytest.raises(ValidationError) as excinfo:
        upload(meeting_a, "report.docx", out.getvalue())

    assert "report.docx would expand to 60.0 MB" in file_error(excinfo)
    assert "ZIP bomb" in file_error(excinfo)
    assert stored_files(media) == []


def test_a_file_over_the_limit_is_refused_with_its_size_and_the_limit(meeting_a, media):
    too_big = b"%PDF-1.7\n" + bytes(round(31.2 * MB) - 9)

    with pytest.raises(ValidationError) as excinfo:
        upload(meeting_a, "big.pdf", too_big)

    assert file_error(excinfo) == "big.pdf is 31.2 MB; the limit is 20 MB."
    assert stored_files(media) == []


def test_the_limit_comes_from_the_setting(meeting_a, settings):
    settings.PORTAL_MAX_UPLOAD_MB = 1

    with pytest.raises(ValidationError) as excinfo:
        upload(meeting_a, "slides.pptx", ooxml_bytes("pptx") + bytes(MB))

    assert "the limit is 1 MB" in file_error(excinfo)


def test_a_refused_replacement_keeps_the_paper_as_it_was(meeting_a, media):
    paper = upload(meeting_a)
    before = stored_files(media)

    with pytest.raises(ValidationError):
        papers.paper_replace(
            paper=paper, uploaded_file=upload_of("report.pdf", WINDOWS_PROGRAM), by=None
        )

    assert list(paper.versions.values_list("number", flat=True)) == [1]
    assert stored_files(media) == before


def test_details_and_file_are_all_reported_at_once(meeting_a):
    other_item = AgendaItem.objects.create(
        meeting=meeting(series=meeting_a.series), position=1, title="Elsewhere"
    )

    with pytest.raises(ValidationError) as excinfo:
        papers.paper_upload(
            meeting=meeting_a, title=" ", access="secret", agenda_item=other_item,
            uploaded_file=upload_of("report.pdf", WINDOWS_PROGRAM), by=None,
        )  # fmt: skip

    assert set(excinfo.value.message_dict) == {"title", "access", "agenda_item", "file"}


def test_named_people_must_have_an_account(meeting_a):
    with pytest.raises(ValidationError) as excinfo:
        upload(meeting_a, access=Paper.Access.CONFIDENTIAL, named_people=["nobody@example.test"])

    assert (
        "No one is registered with nobody@example.test"
        in (excinfo.value.message_dict["named_people"][0])
    )


def test_named_people_are_only_for_confidential_papers(meeting_a):
    with pytest.raises(ValidationError) as excinfo:
        upload(meeting_a, access=Paper.Access.INVITEES, named_people=[factories.person()])

    assert "only for a confidential paper" in excinfo.value.message_dict["named_people"][0]


# --- Versions and the briefing pack --------------------------------------------------------


def test_replacing_adds_a_version_and_keeps_the_earlier_file(meeting_a, officer):
    first = pdf_bytes(text="Draft")
    second = ooxml_bytes("docx")
    paper = upload(meeting_a, "report.pdf", first)

    version = papers.paper_replace(
        paper=paper, uploaded_file=upload_of("report v2.docx", second), by=officer
    )

    assert version.number == 2
    assert [(v.number, v.original_name) for v in paper.versions.all()] == [
        (2, "report v2.docx"), (1, "report.pdf"),
    ]  # fmt: skip
    old = paper.versions.get(number=1)
    with old.file.open("rb") as stored:
        assert stored.read() == first
    assert old.sha256 == hashlib.sha256(first).hexdigest()
    assert version.sha256 == hashlib.sha256(second).hexdigest()


def publish(meeting_) -> BriefingPack:
    return BriefingPack.objects.create(meeting=meeting_, published_at=timezone.now(), version=1)


def test_replacing_a_paper_after_the_pack_is_published_marks_the_pack_stale(meeting_a):
    paper = upload(meeting_a)
    pack = publish(meeting_a)

    papers.paper_replace(paper=paper, uploaded_file=upload_of("report.pdf", pdf_bytes(2)), by=None)

    pack.refresh_from_db()
    assert pack.is_stale


def test_adding_a_paper_after_the_pack_is_published_marks_the_pack_stale(meeting_a):
    pack = publish(meeting_a)

    upload(meeting_a, "late.pdf")

    pack.refresh_from_db()
    assert pack.is_stale


def test_papers_before_publication_leave_the_pack_alone(meeting_a):
    pack = BriefingPack.objects.create(meeting=meeting_a, publish_at=timezone.now())

    paper = upload(meeting_a)
    papers.paper_replace(paper=paper, uploaded_file=upload_of("report.pdf", pdf_bytes()), by=None)

    pack.refresh_from_db()
    assert not pack.is_stale


def test_a_refused_replacement_leaves_a_published_pack_current(meeting_a):
    paper = upload(meeting_a)
    pack = publish(meeting_a)

    with pytest.raises(ValidationError):
        papers.paper_replace(paper=paper, uploaded_file=upload_of("x.pdf", b"nope"), by=None)

    pack.refresh_from_db()
    assert not pack.is_stale


# --- Downloads ---------------------------------------------------------------------------------


@pytest.fixture
def school_a_governor():
    person = factories.person()
    factories.governor(school=factories.school(name="School A"), person=person)
    return person


@pytest.fixture
def two_meetings(school_a_governor):
    """Meeting A, to which the governor is invited, and meeting B, to which they are not."""
    briefing = series(body=body(name="Governors' briefing"))
    a = meeting(series=briefing, invite=[school_a_governor])
    b = meeting(series=briefing, invite=[factories.person()])
    return a, b


def test_a_governor_downloads_the_invitee_papers_of_their_meeting(
    client, school_a_governor, two_meetings
):
    data = pdf_bytes(text="Governors' briefing")
    paper = upload(two_meetings[0], "Briefing note.pdf", data)
    client.force_login(school_a_governor)

    response = client.get(f"/papers/{paper.pk}/download")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Briefing note.pdf\"; filename*=UTF-8''Briefing%20note.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Length"] == str(len(data))


def test_a_governor_gets_404_for_papers_they_may_not_open_by_guessed_url(
    client, school_a_governor, two_meetings
):
    a, b = two_meetings
    confidential = upload(a, "exclusion.pdf", access=Paper.Access.CONFIDENTIAL)
    other_meeting = upload(b, "school B.pdf")
    client.force_login(school_a_governor)

    for paper in (confidential, other_meeting):
        assert client.get(f"/papers/{paper.pk}/download").status_code == 404
        assert client.get(f"/papers/{paper.pk}/versions/1/download").status_code == 404
    assert client.get("/papers/999999/download").status_code == 404
    assert not PaperDownload.objects.exists()


def test_a_named_person_downloads_a_confidential_paper(client, two_meetings):
    named = factories.person()
    paper = upload(two_meetings[0], access=Paper.Access.CONFIDENTIAL, named_people=[named.email])
    client.force_login(named)

    assert client.get(f"/papers/{paper.pk}/download").status_code == 200


def test_anyone_signed_in_downloads_a_public_paper(client, two_meetings):
    paper = upload(two_meetings[1], access=Paper.Access.PUBLIC)
    client.force_login(factories.person())

    assert client.get(f"/papers/{paper.pk}/download").status_code == 200


def test_every_download_is_recorded_with_who_and_which_version(
    client, school_a_governor, two_meetings
):
    paper = upload(two_meetings[0])
    papers.paper_replace(paper=paper, uploaded_file=upload_of("report.pdf", pdf_bytes(2)), by=None)
    client.force_login(school_a_governor)

    client.get(f"/papers/{paper.pk}/download")
    client.get(f"/papers/{paper.pk}/download")
    client.get(f"/papers/{paper.pk}/versions/1/download")

    downloads = PaperDownload.objects.order_by("pk")
    assert [(d.person, d.version.number) for d in downloads] == [
        (school_a_governor, 2), (school_a_governor, 2), (school_a_governor, 1),
    ]  # fmt: skip
    assert all(d.at is not None and d.pack is None for d in downloads)


def test_an_earlier_version_downloads_as_it_was(client, officer_client, meeting_a):
    first = pdf_bytes(text="First")
    paper = upload(meeting_a, "report.pdf", first)
    papers.paper_replace(
        paper=paper, uploaded_file=upload_of("report.odt", odf_bytes("odt")), by=None
    )

    old = officer_client.get(f"/papers/{paper.pk}/versions/1/download")
    current = officer_client.get(f"/papers/{paper.pk}/download")

    assert b"".join(old.streaming_content) == first
    assert current["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert officer_client.get(f"/papers/{paper.pk}/versions/3/download").status_code == 404


def test_a_name_beyond_ascii_is_given_back_exactly(officer_client, meeting_a):
    paper = upload(meeting_a, "Rapport d’école.pdf")

    response = officer_client.get(f"/papers/{paper.pk}/download")

    assert response["Content-Disposition"] == (
        'attachment; filename="Rapport d__cole.pdf"; '
        "filename*=UTF-8''Rapport%20d%E2%80%99%C3%A9cole.pdf"
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, meeting_a):
    paper = upload(meeting_a, access=Paper.Access.INVITEES)

    response = client.get(f"/papers/{paper.pk}/download")

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/papers/{paper.pk}/download"
    assert not PaperDownload.objects.exists()


def test_media_files_have_no_public_url(client, meeting_a):
    version = upload(meeting_a, access=Paper.Access.PUBLIC).versions.get()

    assert client.get(f"/media/{version.file.name}").status_code == 404
    assert client.get(version.file.url).status_code == 404


# --- Officers' pages -----------------------------------------------------------------------


def test_an_officer_uploads_a_paper_for_an_agenda_item(officer_client, officer, meeting_a):
    item = AgendaItem.objects.create(meeting=meeting_a, position=3, title="Attendance")
    named = factories.person(email="clerk@school-a.example")

    response = officer_client.post(
        f"/papers/meetings/{meeting_a.pk}/upload/",
        {
            "title": "Attendance report", "access": "confidential", "agenda_item": item.pk,
            "named_people": "Clerk@School-A.example, ", "file": upload_of("att.pdf", pdf_bytes()),
        },
    )  # fmt: skip

    paper = Paper.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/papers/{paper.pk}/"
    assert (paper.title, paper.access, paper.agenda_item) == (
        "Attendance report",
        "confidential",
        item,
    )
    assert list(paper.named_people.all()) == [named]
    assert paper.versions.get().uploaded_by == officer
    page = officer_client.get(response["Location"])
    assert "Attendance report has been uploaded." in page.text
    assert "att.pdf" in page.text
    assert paper.versions.get().sha256 in page.text


def test_the_upload_form_shows_a_refusal_in_the_error_summary(officer_client, meeting_a, media):
    response = officer_client.post(
        f"/papers/meetings/{meeting_a.pk}/upload/",
        {"title": "Budget", "access": "invitees", "file": upload_of("report.pdf", WINDOWS_PROGRAM)},
    )

    assert response.status_code == 200
    assert response.text.count("report.pdf is a Windows program, not a PDF") == 2
    assert error_summary(response)[0].startswith("report.pdf is a Windows program")
    assert "<title>Error: Upload a paper" in response.text
    assert not Paper.objects.exists()
    assert stored_files(media) == []


def test_the_upload_form_asks_for_what_is_missing(officer_client, meeting_a):
    response = officer_client.post(f"/papers/meetings/{meeting_a.pk}/upload/", {})

    assert response.status_code == 200
    assert error_summary(response) == [
        "Enter the title of the paper.", "Select who can open the paper.",
        "Select a file to upload.",
    ]  # fmt: skip
    assert 'href="#id_access_0"' in response.text


def test_the_upload_form_reports_an_oversized_file(officer_client, meeting_a, settings):
    settings.PORTAL_MAX_UPLOAD_MB = 1
    sheet = ooxml_bytes("xlsx")
    big = sheet + bytes(MB + MB // 2 - len(sheet))

    response = officer_client.post(
        f"/papers/meetings/{meeting_a.pk}/upload/",
        {"title": "Data", "access": "public", "file": upload_of("data.xlsx", big)},
    )

    assert error_summary(response) == ["data.xlsx is 1.5 MB; the limit is 1 MB."]
    assert "up to 1 MB" in response.text


def test_the_upload_form_reports_unknown_named_people(officer_client, meeting_a):
    response = officer_client.post(
        f"/papers/meetings/{meeting_a.pk}/upload/",
        {
            "title": "Case", "access": "confidential", "named_people": "who@nowhere.example",
            "file": upload_of("case.pdf", pdf_bytes()),
        },
    )  # fmt: skip

    assert response.status_code == 200
    assert error_summary(response)[0].startswith("No one is registered with who@nowhere.example")
    assert not Paper.objects.exists()


def test_an_officer_replaces_a_paper_through_the_page(officer_client, meeting_a):
    paper = upload(meeting_a)

    response = officer_client.post(
        f"/papers/{paper.pk}/replace/", {"file": upload_of("report.pdf", pdf_bytes(4))}
    )

    assert response.status_code == 302
    page = officer_client.get(f"/papers/{paper.pk}/")
    assert "This is version 2." in page.text
    assert "4 pages" in page.text
    assert list(paper.versions.values_list("number", flat=True)) == [2, 1]


def test_the_replace_form_asks_for_a_file(officer_client, meeting_a):
    paper = upload(meeting_a)

    response = officer_client.post(f"/papers/{paper.pk}/replace/", {})

    assert response.status_code == 200
    assert error_summary(response) == ["Select a file to upload."]


def test_the_replace_form_shows_a_refusal(officer_client, meeting_a):
    paper = upload(meeting_a)

    response = officer_client.post(
        f"/papers/{paper.pk}/replace/", {"file": upload_of("new.docx", pdf_bytes())}
    )

    assert response.status_code == 200
    assert error_summary(response) == [
        "new.docx is a PDF, but its name ends .docx. Rename it to end .pdf, "
        "or choose the right file."
    ]


def test_the_meeting_papers_page_lists_papers_in_a_constant_number_of_queries(
    officer_client, meeting_a, django_assert_max_num_queries
):
    for n in range(3):
        upload(meeting_a, f"paper {n}.pdf", title=f"Paper {n}")
    officer_client.get(f"/papers/meetings/{meeting_a.pk}/")  # warm the session and roles
    with django_assert_max_num_queries(100) as few:
        officer_client.get(f"/papers/meetings/{meeting_a.pk}/")
    for n in range(3, 9):
        upload(meeting_a, f"paper {n}.pdf", title=f"Paper {n}", access=Paper.Access.CONFIDENTIAL)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = officer_client.get(f"/papers/meetings/{meeting_a.pk}/")

    assert response.text.count('href="/papers/') >= 9 * 2


@pytest.mark.parametrize(
    "path",
    [
        "/papers/meetings/{meeting}/",
        "/papers/meetings/{meeting}/upload/",
        "/papers/{paper}/",
        "/papers/{paper}/replace/",
    ],
)
def test_officer_pages_are_refused_to_invitees(client, school_a_governor, two_meetings, path):
    a, _ = two_meetings
    paper = upload(a)
    client.force_login(school_a_governor)

    response = client.get(path.format(meeting=a.pk, paper=paper.pk))

    assert response.status_code == 403
