"""The governor's journey in a real browser: sign in, open the briefing packs, download
one and check it is a PDF; axe-core finds no WCAG 2.2 A/AA violations on the way.

The live server runs in another thread, so data is saved with transactional_db.
"""

import hashlib
import uuid
from datetime import timedelta
from io import BytesIO

import pytest
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfWriter

from accounts.models import User
from meetings.models import AgendaItem, Invitation, Meeting, Paper, PaperVersion
from meetings.packs import pack_publish
from tests.e2e.test_accessibility import sign_in
from tests.meetings.test_outbox import a_meeting

pytestmark = pytest.mark.e2e


def blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def governor(transactional_db, password):
    # A new address each run: allauth's sign-in rate limits outlive the test database.
    user = User.objects.create_user(
        f"governor-{uuid.uuid4().hex[:12]}@demo.test", password, first_name="Gita"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def briefing(governor) -> Meeting:
    """A governors' briefing in five days with a two-item agenda, a 3-page paper, and its
    pack published; and another school's briefing the governor is not invited to."""
    held = a_meeting(
        starts_at=timezone.now() + timedelta(days=5), invite=[governor],
        title="Chairs of governors' briefing",
    )  # fmt: skip
    item = AgendaItem.objects.create(
        meeting=held, position=1, title="School funding", purpose=AgendaItem.Purpose.DECISION
    )
    paper = Paper.objects.create(meeting=held, agenda_item=item, title="Funding report")
    data = blank_pdf(3)
    PaperVersion.objects.create(
        paper=paper, number=1, file=ContentFile(data, name="funding.pdf"),
        original_name="funding.pdf", content_type="application/pdf", size=len(data),
        sha256=hashlib.sha256(data).hexdigest(), page_count=3,
    )  # fmt: skip
    pack_publish(meeting=held)
    other = a_meeting(starts_at=timezone.now() + timedelta(days=6), title="Another briefing")
    pack_publish(meeting=other)
    assert not Invitation.objects.filter(meeting=other).exists()
    return held


def test_a_governor_downloads_their_briefing_pack(
    live_server, page, governor, password, briefing, assert_no_axe_violations, tmp_path
):
    sign_in(page, live_server.url, governor.email, password)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Briefing packs").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Briefing packs")
    table = page.get_by_role("table", name="Your briefing packs")
    expect(table.get_by_role("row")).to_have_count(2)  # the header and the one pack
    expect(table).not_to_contain_text("Another briefing")
    assert_no_axe_violations(page)

    with page.expect_download() as info:
        table.get_by_role(
            "link", name="Download the briefing pack for Chairs of governors'"
        ).click()
    saved = tmp_path / "pack.pdf"
    info.value.save_as(saved)

    data = saved.read_bytes()
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == briefing.pack.sha256
    assert info.value.suggested_filename.startswith("briefing-pack-chairs-of-governors-briefing-")
    assert_no_axe_violations(page)


def test_another_schools_pack_is_not_found(live_server, page, governor, password, briefing):
    other = Meeting.objects.get(title="Another briefing")
    sign_in(page, live_server.url, governor.email, password)

    response = page.goto(f"{live_server.url}/packs/{other.pk}.pdf")

    assert response.status == 404
