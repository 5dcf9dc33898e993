"""Who may reach what: one table of (role, method, resource, expected answer).

A new page or endpoint is one entry in RESOURCES and one row per role in MATRIX.
Expected answers are a status code, or a redirect named below (a 302 whose
Location is checked exactly).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from accounts import roles
from accounts.api_keys import api_key_create, api_key_revoke
from accounts.invitations import invitation_create
from accounts.models import Invitation
from accounts.people import person_deactivate
from meetings import feeds
from meetings.models import BriefingPack, Paper
from meetings.papers import paper_upload
from partnerships.models import Membership
from schools.models import GovernorAppointment
from schools.people import headship_end
from tests import factories
from tests.partnerships import body, meeting, series

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Redirect:
    name: str
    location: str  # "{url}" stands for the URL asked for

    def __str__(self) -> str:
        return self.name


SIGN_IN = Redirect("sign-in", "/accounts/login/?next={url}")
ADMIN_SIGN_IN = Redirect("admin-sign-in", "/admin/login/?next={url}")
MFA_SETUP = Redirect("mfa-setup", "/accounts/2fa/totp/activate/")
PEOPLE = Redirect("people", "/people/")

RESOURCES = {
    "home": lambda w: "/",
    "school A": lambda w: f"/schools/{w.school_a.urn}/",
    "school B": lambda w: f"/schools/{w.school_b.urn}/",
    "register": lambda w: "/schools/",
    "register CSV": lambda w: "/schools/export.csv",
    "add head to A": lambda w: f"/schools/{w.school_a.urn}/headships/add/",
    "add governor to A": lambda w: f"/schools/{w.school_a.urn}/governors/add/",
    "end headship at A": lambda w: f"/schools/{w.school_a.urn}/headships/{w.headship_a.pk}/end/",
    "end seat at A": lambda w: f"/schools/{w.school_a.urn}/governors/{w.chair_seat_a.pk}/end/",
    "people": lambda w: "/people/",
    "invite a person": lambda w: f"/people/{w.people['no_role'].pk}/invite/",
    "invite an officer": lambda w: f"/people/{w.people['officer_no_mfa'].pk}/invite/",
    "deactivate a person": lambda w: f"/people/{w.people['no_role'].pk}/deactivate/",
    "deactivate oneself": lambda w: f"/people/{w.people['admin'].pk}/deactivate/",
    "my account": lambda w: "/account/",
    "admin": lambda w: "/admin/",
    "API schools": lambda w: "/api/v1/schools/",
    "API school A": lambda w: f"/api/v1/schools/{w.school_a.urn}/",
    "API school B": lambda w: f"/api/v1/schools/{w.school_b.urn}/",
    "API local authorities": lambda w: "/api/v1/local-authorities/",
    "API schema": lambda w: "/api/schema/",
    "expired invitation": lambda w: f"/accounts/invitation/{w.expired_invitation_token}/",
    # Meetings: A is of school A's body (head and chair of A invited), B of school B's.
    "diary": lambda w: "/meetings/",
    "meeting A page": lambda w: f"/meetings/{w.meeting_a.pk}/",
    "agenda of A": lambda w: f"/meetings/{w.meeting_a.pk}/agenda/",
    "papers page of A": lambda w: f"/papers/meetings/{w.meeting_a.pk}/",
    "paper page of A's paper": lambda w: f"/papers/{w.paper_a.pk}/",
    "invitee paper of A": lambda w: f"/papers/{w.paper_a.pk}/download",
    "confidential paper of A": lambda w: f"/papers/{w.confidential_a.pk}/download",
    "invitee paper of B": lambda w: f"/papers/{w.paper_b.pk}/download",
    "invitee paper of B, version 1": lambda w: f"/papers/{w.paper_b.pk}/versions/1/download",
    "public paper of B": lambda w: f"/papers/{w.public_b.pk}/download",
    "public paper of B, version 1": lambda w: f"/papers/{w.public_b.pk}/versions/1/download",
    "upload a paper to A": lambda w: f"/papers/meetings/{w.meeting_a.pk}/upload/",
    "publish A's pack": lambda w: f"/packs/{w.meeting_a.pk}/publish/",
    "reply to B": lambda w: f"/calendar/meetings/{w.meeting_b.uid}/reply",
    "pack of A": lambda w: f"/packs/{w.meeting_a.pk}.pdf",
    "pack of B": lambda w: f"/packs/{w.meeting_b.pk}.pdf",
    "packs page": lambda w: "/packs/",
    "calendar": lambda w: "/calendar/",
    "ics of A": lambda w: f"/calendar/meetings/{w.meeting_a.uid}.ics",
    "ics of B": lambda w: f"/calendar/meetings/{w.meeting_b.uid}.ics",
    "head's calendar feed": lambda w: w.head_feed_url,
    "head's feed, wrong token": lambda w: w.head_feed_url.rsplit("/", 1)[0] + "/wrong.ics",
    "API meetings": lambda w: "/api/v1/meetings/",
    "API meeting A": lambda w: f"/api/v1/meetings/{w.meeting_a.pk}/",
    "API meeting B": lambda w: f"/api/v1/meetings/{w.meeting_b.pk}/",
    "API bodies": lambda w: "/api/v1/bodies/",
    "API papers": lambda w: "/api/v1/papers/",
    "API paper of A": lambda w: f"/api/v1/papers/{w.paper_a.pk}/",
    "API agenda items": lambda w: "/api/v1/agenda-items/",
    # Link inspection: A's visits (one shared with the school, one not), B's shared visit.
    "link coverage": lambda w: "/inspections/link/",
    "my link schools": lambda w: "/inspections/link/mine/",
    "schools causing concern": lambda w: "/inspections/support/",
    "assign a link inspector to A": lambda w: f"/inspections/link/schools/{w.school_a.urn}/assign/",
    "shared visit of A": lambda w: f"/inspections/visits/{w.link_visits['shared_a'].pk}/",
    "unshared visit of A": lambda w: f"/inspections/visits/{w.link_visits['unshared_a'].pk}/",
    "shared visit of B": lambda w: f"/inspections/visits/{w.link_visits['shared_b'].pk}/",
    "report of A's shared visit": lambda w: (
        f"/inspections/visits/{w.link_visits['shared_a'].pk}/report"
    ),
    "report of A's unshared visit": lambda w: (
        f"/inspections/visits/{w.link_visits['unshared_a'].pk}/report"
    ),
    "edit A's shared visit": lambda w: f"/inspections/visits/{w.link_visits['shared_a'].pk}/edit/",
    "share A's unshared visit": lambda w: (
        f"/inspections/visits/{w.link_visits['unshared_a'].pk}/share/"
    ),
    "API link visits": lambda w: "/api/v1/link-visits/",
    "API link assignments": lambda w: "/api/v1/link-assignments/",
    "API support categorisations": lambda w: "/api/v1/support-categorisations/",
}

# fmt: off
MATRIX = [
    # The home page is public, but an officer without a second factor goes to set one up.
    ("anonymous", "GET", "home", 200),
    ("officer", "GET", "home", 200),
    ("officer_no_mfa", "GET", "home", MFA_SETUP),
    ("head_a", "GET", "home", 200),
    ("no_role", "GET", "home", 200),

    ("anonymous", "GET", "school A", SIGN_IN),
    ("officer", "GET", "school A", 200),
    ("officer_no_mfa", "GET", "school A", MFA_SETUP),
    ("admin", "GET", "school A", 200),
    ("admin_no_mfa", "GET", "school A", MFA_SETUP),
    ("inspector", "GET", "school A", 200),
    ("head_a", "GET", "school A", 200),
    ("former_head_a", "GET", "school A", 404),
    ("chair_a", "GET", "school A", 200),
    ("governor_b", "GET", "school A", 404),
    ("no_role", "GET", "school A", 404),
    ("read_key", "GET", "school A", SIGN_IN),  # keys open the API, not pages

    ("anonymous", "GET", "school B", SIGN_IN),
    ("officer", "GET", "school B", 200),
    ("officer_no_mfa", "GET", "school B", MFA_SETUP),
    ("admin", "GET", "school B", 200),
    ("inspector", "GET", "school B", 200),
    ("head_a", "GET", "school B", 404),  # guessing another school's URN
    ("former_head_a", "GET", "school B", 404),
    ("chair_a", "GET", "school B", 404),
    ("governor_b", "GET", "school B", 200),
    ("no_role", "GET", "school B", 404),

    ("anonymous", "GET", "register", SIGN_IN),
    ("officer", "GET", "register", 200),
    ("officer_no_mfa", "GET", "register", MFA_SETUP),
    ("admin", "GET", "register", 200),
    ("admin_no_mfa", "GET", "register", MFA_SETUP),
    ("inspector", "GET", "register", 200),
    ("head_a", "GET", "register", 403),
    ("former_head_a", "GET", "register", 403),
    ("chair_a", "GET", "register", 403),
    ("governor_b", "GET", "register", 403),
    ("no_role", "GET", "register", 403),
    ("read_key", "GET", "register", SIGN_IN),

    ("anonymous", "GET", "register CSV", SIGN_IN),
    ("officer", "GET", "register CSV", 200),
    ("officer_no_mfa", "GET", "register CSV", MFA_SETUP),
    ("admin", "GET", "register CSV", 200),
    ("inspector", "GET", "register CSV", 200),
    ("head_a", "GET", "register CSV", 403),
    ("chair_a", "GET", "register CSV", 403),
    ("governor_b", "GET", "register CSV", 403),
    ("no_role", "GET", "register CSV", 403),
    ("read_key", "GET", "register CSV", SIGN_IN),

    # Officers keep the people of a school; its head and governors see the school but
    # may not edit; everybody else does not learn that the school exists.
    ("anonymous", "GET", "add head to A", SIGN_IN),
    ("officer", "GET", "add head to A", 200),
    ("officer_no_mfa", "GET", "add head to A", MFA_SETUP),
    ("admin", "GET", "add head to A", 200),
    ("inspector", "GET", "add head to A", 200),
    ("head_a", "GET", "add head to A", 403),
    ("former_head_a", "GET", "add head to A", 404),
    ("chair_a", "GET", "add head to A", 403),
    ("governor_b", "GET", "add head to A", 404),
    ("no_role", "GET", "add head to A", 404),

    ("anonymous", "GET", "add governor to A", SIGN_IN),
    ("officer", "GET", "add governor to A", 200),
    ("officer_no_mfa", "GET", "add governor to A", MFA_SETUP),
    ("admin", "GET", "add governor to A", 200),
    ("inspector", "GET", "add governor to A", 200),
    ("head_a", "GET", "add governor to A", 403),
    ("former_head_a", "GET", "add governor to A", 404),
    ("chair_a", "GET", "add governor to A", 403),
    ("governor_b", "GET", "add governor to A", 404),
    ("no_role", "GET", "add governor to A", 404),

    ("anonymous", "GET", "end headship at A", SIGN_IN),
    ("officer", "GET", "end headship at A", 200),
    ("officer_no_mfa", "GET", "end headship at A", MFA_SETUP),
    ("admin", "GET", "end headship at A", 200),
    ("inspector", "GET", "end headship at A", 200),
    ("head_a", "GET", "end headship at A", 403),
    ("former_head_a", "GET", "end headship at A", 404),
    ("chair_a", "GET", "end headship at A", 403),
    ("governor_b", "GET", "end headship at A", 404),
    ("no_role", "GET", "end headship at A", 404),

    ("anonymous", "GET", "end seat at A", SIGN_IN),
    ("officer", "GET", "end seat at A", 200),
    ("officer_no_mfa", "GET", "end seat at A", MFA_SETUP),
    ("admin", "GET", "end seat at A", 200),
    ("inspector", "GET", "end seat at A", 200),
    ("head_a", "GET", "end seat at A", 403),
    ("former_head_a", "GET", "end seat at A", 404),
    ("chair_a", "GET", "end seat at A", 403),
    ("governor_b", "GET", "end seat at A", 404),
    ("no_role", "GET", "end seat at A", 404),

    ("anonymous", "GET", "people", SIGN_IN),
    ("officer", "GET", "people", 200),
    ("officer_no_mfa", "GET", "people", MFA_SETUP),
    ("admin", "GET", "people", 200),
    ("inspector", "GET", "people", 200),
    ("head_a", "GET", "people", 403),
    ("former_head_a", "GET", "people", 403),
    ("chair_a", "GET", "people", 403),
    ("governor_b", "GET", "people", 403),
    ("no_role", "GET", "people", 403),

    ("anonymous", "POST", "invite a person", SIGN_IN),
    ("officer", "POST", "invite a person", PEOPLE),
    ("officer", "GET", "invite a person", 405),
    ("officer_no_mfa", "POST", "invite a person", MFA_SETUP),
    ("admin", "POST", "invite a person", PEOPLE),
    ("inspector", "POST", "invite a person", PEOPLE),
    ("head_a", "POST", "invite a person", 403),
    ("chair_a", "POST", "invite a person", 403),
    ("governor_b", "POST", "invite a person", 403),
    ("no_role", "POST", "invite a person", 403),
    # Only administrators invite officers.
    ("officer", "POST", "invite an officer", 403),
    ("inspector", "POST", "invite an officer", 403),
    ("admin", "POST", "invite an officer", PEOPLE),

    ("anonymous", "POST", "deactivate a person", SIGN_IN),
    ("officer", "POST", "deactivate a person", 403),
    ("officer_no_mfa", "POST", "deactivate a person", MFA_SETUP),
    ("admin", "POST", "deactivate a person", PEOPLE),
    ("admin", "GET", "deactivate a person", 405),
    ("admin_no_mfa", "POST", "deactivate a person", MFA_SETUP),
    ("inspector", "POST", "deactivate a person", 403),
    ("head_a", "POST", "deactivate a person", 403),
    ("no_role", "POST", "deactivate a person", 403),
    ("admin", "POST", "deactivate oneself", 403),

    ("anonymous", "GET", "my account", SIGN_IN),
    ("officer", "GET", "my account", 200),
    ("officer_no_mfa", "GET", "my account", MFA_SETUP),
    ("admin", "GET", "my account", 200),
    ("inspector", "GET", "my account", 200),
    ("head_a", "GET", "my account", 200),
    ("former_head_a", "GET", "my account", 200),
    ("chair_a", "GET", "my account", 200),
    ("governor_b", "GET", "my account", 200),
    ("no_role", "GET", "my account", 200),

    # The Django admin is for staff; it answers everyone else with its own sign-in page.
    ("anonymous", "GET", "admin", ADMIN_SIGN_IN),
    ("officer", "GET", "admin", ADMIN_SIGN_IN),
    ("officer_no_mfa", "GET", "admin", MFA_SETUP),
    ("admin", "GET", "admin", 200),
    ("admin_no_mfa", "GET", "admin", MFA_SETUP),
    ("inspector", "GET", "admin", ADMIN_SIGN_IN),
    ("head_a", "GET", "admin", ADMIN_SIGN_IN),
    ("no_role", "GET", "admin", ADMIN_SIGN_IN),

    # The API: officers (by session) and keys read the whole register; nobody else.
    ("anonymous", "GET", "API schools", 401),
    ("officer", "GET", "API schools", 200),
    ("officer_no_mfa", "GET", "API schools", 403),
    ("admin", "GET", "API schools", 200),
    ("admin_no_mfa", "GET", "API schools", 403),
    ("inspector", "GET", "API schools", 200),
    ("head_a", "GET", "API schools", 403),
    ("former_head_a", "GET", "API schools", 403),
    ("chair_a", "GET", "API schools", 403),
    ("governor_b", "GET", "API schools", 403),
    ("no_role", "GET", "API schools", 403),
    ("read_key", "GET", "API schools", 200),
    ("write_key", "GET", "API schools", 200),
    ("revoked_key", "GET", "API schools", 401),
    ("expired_key", "GET", "API schools", 401),
    ("key_of_deactivated_owner", "GET", "API schools", 401),
    ("unknown_key", "GET", "API schools", 401),

    ("anonymous", "GET", "API school A", 401),
    ("officer", "GET", "API school A", 200),
    ("officer_no_mfa", "GET", "API school A", 403),
    ("head_a", "GET", "API school A", 403),
    ("chair_a", "GET", "API school A", 403),
    ("read_key", "GET", "API school A", 200),
    ("write_key", "GET", "API school A", 200),
    ("revoked_key", "GET", "API school A", 401),
    ("expired_key", "GET", "API school A", 401),
    ("unknown_key", "GET", "API school A", 401),

    ("anonymous", "GET", "API school B", 401),
    ("officer", "GET", "API school B", 200),
    ("officer_no_mfa", "GET", "API school B", 403),
    ("head_a", "GET", "API school B", 403),
    ("governor_b", "GET", "API school B", 403),
    ("read_key", "GET", "API school B", 200),
    ("write_key", "GET", "API school B", 200),
    ("revoked_key", "GET", "API school B", 401),
    ("expired_key", "GET", "API school B", 401),
    ("unknown_key", "GET", "API school B", 401),

    ("anonymous", "GET", "API local authorities", 401),
    ("officer", "GET", "API local authorities", 200),
    ("officer_no_mfa", "GET", "API local authorities", 403),
    ("head_a", "GET", "API local authorities", 403),
    ("no_role", "GET", "API local authorities", 403),
    ("read_key", "GET", "API local authorities", 200),
    ("write_key", "GET", "API local authorities", 200),
    ("revoked_key", "GET", "API local authorities", 401),
    ("expired_key", "GET", "API local authorities", 401),
    ("unknown_key", "GET", "API local authorities", 401),

    # The schema describes the API and is public; a bad key is still refused.
    ("anonymous", "GET", "API schema", 200),
    ("officer", "GET", "API schema", 200),
    ("officer_no_mfa", "GET", "API schema", 403),
    ("read_key", "GET", "API schema", 200),
    ("revoked_key", "GET", "API schema", 401),

    ("anonymous", "GET", "expired invitation", 410),
    ("officer_no_mfa", "GET", "expired invitation", 410),
    ("no_role", "GET", "expired invitation", 410),
    ("anonymous", "POST", "expired invitation", 410),

    # --- Meetings ---------------------------------------------------------------------
    # Officers' pages: the diary, a meeting, its agenda and papers. Officers only; a
    # head or governor is refused before the meeting is looked up.
    ("anonymous", "GET", "diary", SIGN_IN),
    ("officer", "GET", "diary", 200),
    ("officer_no_mfa", "GET", "diary", MFA_SETUP),
    ("admin", "GET", "diary", 200),
    ("inspector", "GET", "diary", 200),
    ("head_a", "GET", "diary", 403),
    ("chair_a", "GET", "diary", 403),
    ("governor_b", "GET", "diary", 403),
    ("no_role", "GET", "diary", 403),
    ("read_key", "GET", "diary", SIGN_IN),

    ("anonymous", "GET", "meeting A page", SIGN_IN),
    ("officer", "GET", "meeting A page", 200),
    ("officer_no_mfa", "GET", "meeting A page", MFA_SETUP),
    ("admin", "GET", "meeting A page", 200),
    ("inspector", "GET", "meeting A page", 200),
    ("head_a", "GET", "meeting A page", 403),  # invited, but this is the officers' page
    ("former_head_a", "GET", "meeting A page", 403),
    ("chair_a", "GET", "meeting A page", 403),
    ("governor_b", "GET", "meeting A page", 403),
    ("no_role", "GET", "meeting A page", 403),
    ("read_key", "GET", "meeting A page", SIGN_IN),

    ("anonymous", "GET", "agenda of A", SIGN_IN),
    ("officer", "GET", "agenda of A", 200),
    ("officer_no_mfa", "GET", "agenda of A", MFA_SETUP),
    ("admin", "GET", "agenda of A", 200),
    ("inspector", "GET", "agenda of A", 200),
    ("head_a", "GET", "agenda of A", 403),
    ("chair_a", "GET", "agenda of A", 403),
    ("governor_b", "GET", "agenda of A", 403),
    ("no_role", "GET", "agenda of A", 403),
    ("read_key", "GET", "agenda of A", SIGN_IN),

    ("anonymous", "GET", "papers page of A", SIGN_IN),
    ("officer", "GET", "papers page of A", 200),
    ("officer_no_mfa", "GET", "papers page of A", MFA_SETUP),
    ("head_a", "GET", "papers page of A", 403),
    ("chair_a", "GET", "papers page of A", 403),
    ("no_role", "GET", "papers page of A", 403),

    ("anonymous", "GET", "paper page of A's paper", SIGN_IN),
    ("officer", "GET", "paper page of A's paper", 200),
    ("officer_no_mfa", "GET", "paper page of A's paper", MFA_SETUP),
    ("head_a", "GET", "paper page of A's paper", 403),
    ("chair_a", "GET", "paper page of A's paper", 403),
    ("no_role", "GET", "paper page of A's paper", 403),

    # Paper downloads: officers all; invitees the invitee papers of their meetings;
    # confidential papers only the people named; anyone else 404, as if none existed.
    ("anonymous", "GET", "invitee paper of A", SIGN_IN),
    ("officer", "GET", "invitee paper of A", 200),
    ("officer_no_mfa", "GET", "invitee paper of A", MFA_SETUP),
    ("admin", "GET", "invitee paper of A", 200),
    ("inspector", "GET", "invitee paper of A", 200),
    ("head_a", "GET", "invitee paper of A", 200),
    ("former_head_a", "GET", "invitee paper of A", 404),
    ("chair_a", "GET", "invitee paper of A", 200),
    ("governor_b", "GET", "invitee paper of A", 404),
    ("no_role", "GET", "invitee paper of A", 404),
    ("read_key", "GET", "invitee paper of A", SIGN_IN),

    ("anonymous", "GET", "confidential paper of A", SIGN_IN),
    ("officer", "GET", "confidential paper of A", 200),
    ("officer_no_mfa", "GET", "confidential paper of A", MFA_SETUP),
    ("admin", "GET", "confidential paper of A", 200),
    ("inspector", "GET", "confidential paper of A", 200),
    ("head_a", "GET", "confidential paper of A", 404),  # invited, but not named
    ("former_head_a", "GET", "confidential paper of A", 404),
    ("chair_a", "GET", "confidential paper of A", 200),  # named
    ("governor_b", "GET", "confidential paper of A", 404),
    ("no_role", "GET", "confidential paper of A", 404),
    ("read_key", "GET", "confidential paper of A", SIGN_IN),

    ("anonymous", "GET", "invitee paper of B", SIGN_IN),
    ("officer", "GET", "invitee paper of B", 200),
    ("officer_no_mfa", "GET", "invitee paper of B", MFA_SETUP),
    ("admin", "GET", "invitee paper of B", 200),
    ("inspector", "GET", "invitee paper of B", 200),
    ("head_a", "GET", "invitee paper of B", 404),  # a guessed id of another meeting
    ("former_head_a", "GET", "invitee paper of B", 404),
    ("chair_a", "GET", "invitee paper of B", 404),
    ("governor_b", "GET", "invitee paper of B", 200),
    ("no_role", "GET", "invitee paper of B", 404),
    ("read_key", "GET", "invitee paper of B", SIGN_IN),

    ("anonymous", "GET", "invitee paper of B, version 1", SIGN_IN),
    ("officer", "GET", "invitee paper of B, version 1", 200),
    ("head_a", "GET", "invitee paper of B, version 1", 404),
    ("chair_a", "GET", "invitee paper of B, version 1", 404),
    ("governor_b", "GET", "invitee paper of B, version 1", 200),
    ("no_role", "GET", "invitee paper of B, version 1", 404),

    # Public papers are public: no sign-in needed.
    ("anonymous", "GET", "public paper of B", 200),
    ("officer", "GET", "public paper of B", 200),
    ("officer_no_mfa", "GET", "public paper of B", MFA_SETUP),
    ("head_a", "GET", "public paper of B", 200),
    ("governor_b", "GET", "public paper of B", 200),
    ("no_role", "GET", "public paper of B", 200),
    ("read_key", "GET", "public paper of B", 200),
    # Earlier versions are kept for the record, for people signed in.
    ("anonymous", "GET", "public paper of B, version 1", SIGN_IN),
    ("no_role", "GET", "public paper of B, version 1", 200),

    ("anonymous", "GET", "upload a paper to A", SIGN_IN),
    ("officer", "GET", "upload a paper to A", 200),
    ("officer_no_mfa", "GET", "upload a paper to A", MFA_SETUP),
    ("head_a", "GET", "upload a paper to A", 403),
    ("chair_a", "POST", "upload a paper to A", 403),
    ("no_role", "POST", "upload a paper to A", 403),

    ("anonymous", "POST", "publish A's pack", SIGN_IN),
    ("officer_no_mfa", "POST", "publish A's pack", MFA_SETUP),
    ("head_a", "POST", "publish A's pack", 403),
    ("chair_a", "POST", "publish A's pack", 403),
    ("officer", "GET", "publish A's pack", 405),

    # Published briefing packs: officers all; invitees their meetings' packs; others 404.
    ("anonymous", "GET", "pack of A", SIGN_IN),
    ("officer", "GET", "pack of A", 200),
    ("officer_no_mfa", "GET", "pack of A", MFA_SETUP),
    ("admin", "GET", "pack of A", 200),
    ("inspector", "GET", "pack of A", 200),
    ("head_a", "GET", "pack of A", 200),
    ("former_head_a", "GET", "pack of A", 404),
    ("chair_a", "GET", "pack of A", 200),
    ("governor_b", "GET", "pack of A", 404),
    ("no_role", "GET", "pack of A", 404),
    ("read_key", "GET", "pack of A", SIGN_IN),

    ("anonymous", "GET", "pack of B", SIGN_IN),
    ("officer", "GET", "pack of B", 200),
    ("officer_no_mfa", "GET", "pack of B", MFA_SETUP),
    ("admin", "GET", "pack of B", 200),
    ("inspector", "GET", "pack of B", 200),
    ("head_a", "GET", "pack of B", 404),  # a guessed meeting number
    ("former_head_a", "GET", "pack of B", 404),
    ("chair_a", "GET", "pack of B", 404),
    ("governor_b", "GET", "pack of B", 200),
    ("no_role", "GET", "pack of B", 404),
    ("read_key", "GET", "pack of B", SIGN_IN),

    # Everyone signed in has a packs page and a calendar (their own).
    ("anonymous", "GET", "packs page", SIGN_IN),
    ("officer", "GET", "packs page", 200),
    ("officer_no_mfa", "GET", "packs page", MFA_SETUP),
    ("admin", "GET", "packs page", 200),
    ("inspector", "GET", "packs page", 200),
    ("head_a", "GET", "packs page", 200),
    ("former_head_a", "GET", "packs page", 200),
    ("chair_a", "GET", "packs page", 200),
    ("governor_b", "GET", "packs page", 200),
    ("no_role", "GET", "packs page", 200),
    ("read_key", "GET", "packs page", SIGN_IN),

    ("anonymous", "GET", "calendar", SIGN_IN),
    ("officer", "GET", "calendar", 200),
    ("officer_no_mfa", "GET", "calendar", MFA_SETUP),
    ("admin", "GET", "calendar", 200),
    ("inspector", "GET", "calendar", 200),
    ("head_a", "GET", "calendar", 200),
    ("former_head_a", "GET", "calendar", 200),
    ("chair_a", "GET", "calendar", 200),
    ("governor_b", "GET", "calendar", 200),
    ("no_role", "GET", "calendar", 200),
    ("read_key", "GET", "calendar", SIGN_IN),

    # A meeting's .ics: whoever may see the meeting.
    ("anonymous", "GET", "ics of A", SIGN_IN),
    ("officer", "GET", "ics of A", 200),
    ("officer_no_mfa", "GET", "ics of A", MFA_SETUP),
    ("admin", "GET", "ics of A", 200),
    ("inspector", "GET", "ics of A", 200),
    ("head_a", "GET", "ics of A", 200),
    ("former_head_a", "GET", "ics of A", 404),
    ("chair_a", "GET", "ics of A", 200),
    ("governor_b", "GET", "ics of A", 404),
    ("no_role", "GET", "ics of A", 404),
    ("read_key", "GET", "ics of A", SIGN_IN),

    ("anonymous", "GET", "ics of B", SIGN_IN),
    ("officer", "GET", "ics of B", 200),
    ("officer_no_mfa", "GET", "ics of B", MFA_SETUP),
    ("admin", "GET", "ics of B", 200),
    ("inspector", "GET", "ics of B", 200),
    ("head_a", "GET", "ics of B", 404),
    ("former_head_a", "GET", "ics of B", 404),
    ("chair_a", "GET", "ics of B", 404),
    ("governor_b", "GET", "ics of B", 200),
    ("no_role", "GET", "ics of B", 404),
    ("read_key", "GET", "ics of B", SIGN_IN),

    # The feed's URL is its key: calendar apps fetch it without signing in.
    # Only an invitee replies to a meeting.
    ("anonymous", "POST", "reply to B", SIGN_IN),
    ("head_a", "POST", "reply to B", 404),
    ("no_role", "POST", "reply to B", 404),
    ("officer", "POST", "reply to B", 404),  # officers see every meeting, but are not invited

    ("anonymous", "GET", "head's calendar feed", 200),
    ("head_a", "GET", "head's calendar feed", 200),
    ("no_role", "GET", "head's calendar feed", 200),
    ("anonymous", "GET", "head's feed, wrong token", 404),

    # The meetings API: any session or key reads the meetings it may see (a head:
    # those they are invited to); writing needs a write key.
    ("anonymous", "GET", "API meetings", 401),
    ("officer", "GET", "API meetings", 200),
    ("officer_no_mfa", "GET", "API meetings", 403),
    ("admin", "GET", "API meetings", 200),
    ("head_a", "GET", "API meetings", 200),
    ("chair_a", "GET", "API meetings", 200),
    ("no_role", "GET", "API meetings", 200),
    ("read_key", "GET", "API meetings", 200),
    ("write_key", "GET", "API meetings", 200),
    ("revoked_key", "GET", "API meetings", 401),
    ("expired_key", "GET", "API meetings", 401),
    ("key_of_deactivated_owner", "GET", "API meetings", 401),
    ("unknown_key", "GET", "API meetings", 401),
    ("anonymous", "POST", "API meetings", 401),
    ("officer", "POST", "API meetings", 403),
    ("head_a", "POST", "API meetings", 403),
    ("read_key", "POST", "API meetings", 403),
    ("write_key", "POST", "API meetings", 400),  # allowed; the empty body is refused
    ("revoked_key", "POST", "API meetings", 401),
    ("expired_key", "POST", "API meetings", 401),

    ("head_a", "GET", "API meeting A", 200),
    ("chair_a", "GET", "API meeting A", 200),
    ("former_head_a", "GET", "API meeting A", 404),
    ("governor_b", "GET", "API meeting A", 404),
    ("no_role", "GET", "API meeting A", 404),
    ("read_key", "GET", "API meeting A", 200),
    ("head_a", "GET", "API meeting B", 404),  # a guessed id
    ("chair_a", "GET", "API meeting B", 404),
    ("governor_b", "GET", "API meeting B", 200),
    ("officer", "GET", "API meeting B", 200),
    ("read_key", "GET", "API meeting B", 200),
    ("expired_key", "GET", "API meeting B", 401),

    # Bodies, papers and agenda items: officers' sessions and keys; not heads.
    ("anonymous", "GET", "API bodies", 401),
    ("officer", "GET", "API bodies", 200),
    ("officer_no_mfa", "GET", "API bodies", 403),
    ("head_a", "GET", "API bodies", 403),
    ("chair_a", "GET", "API bodies", 403),
    ("no_role", "GET", "API bodies", 403),
    ("read_key", "GET", "API bodies", 200),
    ("write_key", "GET", "API bodies", 200),
    ("revoked_key", "GET", "API bodies", 401),
    ("expired_key", "GET", "API bodies", 401),

    ("anonymous", "GET", "API papers", 401),
    ("officer", "GET", "API papers", 200),
    ("officer_no_mfa", "GET", "API papers", 403),
    ("head_a", "GET", "API papers", 403),
    ("chair_a", "GET", "API papers", 403),
    ("no_role", "GET", "API papers", 403),
    ("read_key", "GET", "API papers", 200),
    ("write_key", "GET", "API papers", 200),
    ("revoked_key", "GET", "API papers", 401),
    ("expired_key", "GET", "API papers", 401),
    ("read_key", "POST", "API papers", 403),
    ("write_key", "POST", "API papers", 405),  # metadata only: nothing is written here
    # Keys see public papers only: an invitee paper is not found.
    ("officer", "GET", "API paper of A", 200),
    ("head_a", "GET", "API paper of A", 403),
    ("read_key", "GET", "API paper of A", 404),
    ("write_key", "GET", "API paper of A", 404),

    ("anonymous", "GET", "API agenda items", 401),
    ("officer", "GET", "API agenda items", 200),
    ("officer_no_mfa", "GET", "API agenda items", 403),
    ("head_a", "GET", "API agenda items", 403),
    ("chair_a", "GET", "API agenda items", 403),
    ("no_role", "GET", "API agenda items", 403),
    ("read_key", "GET", "API agenda items", 200),
    ("write_key", "GET", "API agenda items", 200),
    ("revoked_key", "GET", "API agenda items", 401),
    ("expired_key", "GET", "API agenda items", 401),
    ("head_a", "POST", "API agenda items", 403),
    ("read_key", "POST", "API agenda items", 403),
    ("write_key", "POST", "API agenda items", 400),  # allowed; the empty body is refused
    ("revoked_key", "POST", "API agenda items", 401),

    # --- Link inspection --------------------------------------------------------------
    # Coverage, caseloads and schools causing concern: officers only.
    ("anonymous", "GET", "link coverage", SIGN_IN),
    ("officer", "GET", "link coverage", 200),
    ("officer_no_mfa", "GET", "link coverage", MFA_SETUP),
    ("inspector", "GET", "link coverage", 200),
    ("head_a", "GET", "link coverage", 403),
    ("chair_a", "GET", "link coverage", 403),
    ("no_role", "GET", "link coverage", 403),
    ("read_key", "GET", "link coverage", SIGN_IN),
    ("inspector", "GET", "my link schools", 200),
    ("head_a", "GET", "my link schools", 403),
    ("anonymous", "GET", "schools causing concern", SIGN_IN),
    ("officer", "GET", "schools causing concern", 200),
    ("head_a", "GET", "schools causing concern", 403),
    ("chair_a", "GET", "schools causing concern", 403),
    ("officer", "GET", "assign a link inspector to A", 200),
    ("head_a", "GET", "assign a link inspector to A", 403),

    # Visits: officers all; the head of A and its chair of governors A's shared visits;
    # nobody at a school sees an unshared visit or another school's, as if none existed.
    ("anonymous", "GET", "shared visit of A", SIGN_IN),
    ("officer", "GET", "shared visit of A", 200),
    ("officer_no_mfa", "GET", "shared visit of A", MFA_SETUP),
    ("inspector", "GET", "shared visit of A", 200),
    ("head_a", "GET", "shared visit of A", 200),
    ("former_head_a", "GET", "shared visit of A", 404),
    ("chair_a", "GET", "shared visit of A", 200),
    ("governor_b", "GET", "shared visit of A", 404),
    ("no_role", "GET", "shared visit of A", 404),
    ("read_key", "GET", "shared visit of A", SIGN_IN),
    ("anonymous", "GET", "unshared visit of A", SIGN_IN),
    ("officer", "GET", "unshared visit of A", 200),
    ("inspector", "GET", "unshared visit of A", 200),
    ("head_a", "GET", "unshared visit of A", 404),
    ("chair_a", "GET", "unshared visit of A", 404),
    ("officer", "GET", "shared visit of B", 200),
    ("head_a", "GET", "shared visit of B", 404),
    ("chair_a", "GET", "shared visit of B", 404),
    ("governor_b", "GET", "shared visit of B", 404),  # a governor who is not the chair
    ("anonymous", "GET", "report of A's shared visit", SIGN_IN),
    ("officer", "GET", "report of A's shared visit", 200),
    ("head_a", "GET", "report of A's shared visit", 200),
    ("chair_a", "GET", "report of A's shared visit", 200),
    ("governor_b", "GET", "report of A's shared visit", 404),
    ("no_role", "GET", "report of A's shared visit", 404),
    ("officer", "GET", "report of A's unshared visit", 200),
    ("head_a", "GET", "report of A's unshared visit", 404),
    ("officer", "GET", "edit A's shared visit", 200),
    ("head_a", "GET", "edit A's shared visit", 403),
    ("chair_a", "GET", "edit A's shared visit", 403),
    ("head_a", "POST", "share A's unshared visit", 403),
    ("anonymous", "POST", "share A's unshared visit", SIGN_IN),

    # The API: officers and keys read metadata; only a write key records a visit.
    ("anonymous", "GET", "API link visits", 401),
    ("officer", "GET", "API link visits", 200),
    ("head_a", "GET", "API link visits", 403),
    ("chair_a", "GET", "API link visits", 403),
    ("read_key", "GET", "API link visits", 200),
    ("revoked_key", "GET", "API link visits", 401),
    ("read_key", "POST", "API link visits", 403),
    ("head_a", "POST", "API link visits", 403),
    ("write_key", "POST", "API link visits", 400),  # allowed; the empty body is refused
    ("officer", "GET", "API link assignments", 200),
    ("read_key", "GET", "API link assignments", 200),
    ("head_a", "GET", "API link assignments", 403),
    ("anonymous", "GET", "API link assignments", 401),
    ("read_key", "GET", "API support categorisations", 200),
    ("head_a", "GET", "API support categorisations", 403),
]
# fmt: on


def _pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _paper(held, title: str, access=Paper.Access.INVITEES, **kwargs) -> Paper:
    upload = SimpleUploadedFile(f"{title}.pdf", _pdf_bytes(), content_type="application/pdf")
    return paper_upload(
        meeting=held, title=title, access=access, uploaded_file=upload, by=None, **kwargs
    )


def _published_pack(held) -> BriefingPack:
    """A published pack with its file stored, not compiled: the world is built for every
    row, and downloads read the row and the file, never how the file was made."""
    pack = BriefingPack(meeting=held, version=1, published_at=timezone.now())
    pack.file.save(f"meeting-{held.pk}-v1.pdf", ContentFile(_pdf_bytes()))
    return pack


def _link_visits(school_a, school_b, inspector) -> dict:
    """A's visits (shared, and not), each with a report; B's shared visit."""
    from inspections.visits import visit_record, visit_share

    def visit(school, shared: bool):
        report = SimpleUploadedFile("visit.pdf", _pdf_bytes(), content_type="application/pdf")
        recorded = visit_record(
            school=school, inspector=inspector, visited_on=timezone.localdate(),
            purpose="support", notes="Notes", report=report, by=inspector,
        )  # fmt: skip
        return visit_share(visit=recorded) if shared else recorded

    return {
        "shared_a": visit(school_a, True),
        "unshared_a": visit(school_a, False),
        "shared_b": visit(school_b, True),
    }


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    school_a = factories.school(name="Alder Primary School")
    school_b = factories.school(name="Birch Primary School")
    people = {
        "officer": factories.officer(),
        "officer_no_mfa": factories.officer(mfa=False),
        "admin": factories.officer(groups=(roles.ADMINISTRATOR,), is_staff=True),
        "admin_no_mfa": factories.officer(mfa=False, groups=(roles.ADMINISTRATOR,), is_staff=True),
        "inspector": factories.officer(groups=(roles.OFFICER, roles.LINK_INSPECTOR)),
        "head_a": factories.person(),
        "former_head_a": factories.person(),
        "chair_a": factories.person(),
        "governor_b": factories.person(),
        "no_role": factories.person(),
    }
    factories.headship(
        school=school_a, person=people["former_head_a"], starts_on=date(2015, 9, 1),
        ends_on=today - timedelta(days=1),
    )  # fmt: skip
    headship_a = factories.headship(school=school_a, person=people["head_a"], starts_on=today)
    chair_seat_a = factories.governor(
        school=school_a, person=people["chair_a"], role=GovernorAppointment.Role.CHAIR
    )
    factories.governor(school=school_b, person=people["governor_b"])

    body_a, body_b = body(name="Alder governing body"), body(name="Birch governing body")
    Membership.objects.create(body=body_a, school=school_a)
    Membership.objects.create(body=body_b, school=school_b)
    meeting_a = meeting(series=series(body=body_a), invite=[people["head_a"], people["chair_a"]])
    meeting_b = meeting(series=series(body=body_b), invite=[people["governor_b"]])
    paper_a = _paper(meeting_a, "Attendance report")
    confidential_a = _paper(
        meeting_a, "Exclusion appeal", Paper.Access.CONFIDENTIAL, named_people=[people["chair_a"]]
    )
    paper_b = _paper(meeting_b, "Birch budget")
    public_b = _paper(meeting_b, "Birch admissions policy", Paper.Access.PUBLIC)
    _published_pack(meeting_a)
    _published_pack(meeting_b)
    head_feed_url = feeds.feed_url(feed=feeds.feed_for(person=people["head_a"]))
    link_visits = _link_visits(school_a, school_b, people["inspector"])

    _, read_key = api_key_create(name="Data warehouse", scope="read")
    _, write_key = api_key_create(name="MIS", scope="write")
    revoked, revoked_key = api_key_create(name="Old website", scope="read")
    api_key_revoke(api_key=revoked)
    _, expired_key = api_key_create(
        name="Pilot", scope="read", expires_at=timezone.now() - timedelta(minutes=1)
    )
    _, orphan_key = api_key_create(
        name="Leaver's script", scope="read", owner=factories.person(is_active=False)
    )
    keys = {
        "read_key": read_key,
        "write_key": write_key,
        "revoked_key": revoked_key,
        "expired_key": expired_key,
        "key_of_deactivated_owner": orphan_key,
        "unknown_key": "cpk_00000000_NotAKeyTheCouncilEverIssuedXXXXXXXXXXXXXXXXXXX",
    }

    invitation, token = invitation_create(person=people["no_role"], by=people["admin"])
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    return SimpleNamespace(
        school_a=school_a, school_b=school_b, people=people, keys=keys,
        headship_a=headship_a, chair_seat_a=chair_seat_a, expired_invitation_token=token,
        meeting_a=meeting_a, meeting_b=meeting_b, paper_a=paper_a, confidential_a=confidential_a,
        paper_b=paper_b, public_b=public_b, head_feed_url=head_feed_url,
        link_visits=link_visits,
    )  # fmt: skip


def _act_as(client, world, role: str) -> dict:
    """Sign the client in as `role`; return the headers its requests carry."""
    if role in world.keys:
        return {"Authorization": f"Bearer {world.keys[role]}"}
    if role != "anonymous":
        client.force_login(world.people[role])
    return {}


def test_every_row_names_a_known_role_and_resource(world):
    known = {"anonymous", *world.people, *world.keys}
    assert {role for role, _, _, _ in MATRIX} <= known
    assert {resource for _, _, resource, _ in MATRIX} <= set(RESOURCES)


@pytest.mark.parametrize(("role", "method", "resource", "expected"), MATRIX, ids=str)
def test_access(client, world, role, method, resource, expected):
    url = RESOURCES[resource](world)
    headers = _act_as(client, world, role)

    response = client.generic(method, url, headers=headers)

    if isinstance(expected, Redirect):
        assert (response.status_code, response["Location"]) == (
            302,
            expected.location.format(url=url),
        )
    else:
        assert response.status_code == expected
    if response.status_code == 401:
        assert response["WWW-Authenticate"] == "Bearer"


def test_a_headteacher_loses_the_school_page_when_the_headship_ends(client):
    school = factories.school()
    head = factories.person()
    tenure = factories.headship(school=school, person=head)
    client.force_login(head)
    assert client.get(f"/schools/{school.urn}/").status_code == 200

    headship_end(headship=tenure, ends_on=timezone.localdate() - timedelta(days=1))

    assert client.get(f"/schools/{school.urn}/").status_code == 404


def test_a_headteacher_keeps_the_school_page_on_the_last_day_of_the_headship(client):
    school = factories.school()
    head = factories.person()
    factories.headship(school=school, person=head, ends_on=timezone.localdate())
    client.force_login(head)

    assert client.get(f"/schools/{school.urn}/").status_code == 200


def test_a_headteacher_appointed_from_tomorrow_does_not_see_the_school_yet(client):
    school = factories.school()
    head = factories.person()
    factories.headship(
        school=school, person=head, starts_on=timezone.localdate() + timedelta(days=1)
    )
    client.force_login(head)

    assert client.get(f"/schools/{school.urn}/").status_code == 404


def test_a_chair_whose_term_ended_yesterday_loses_the_school_page(client):
    school = factories.school()
    chair = factories.person()
    factories.governor(
        school=school, person=chair, role=GovernorAppointment.Role.CHAIR,
        ends_on=timezone.localdate() - timedelta(days=1),
    )  # fmt: skip
    client.force_login(chair)

    assert client.get(f"/schools/{school.urn}/").status_code == 404


def test_a_key_with_an_underscore_in_its_secret_is_accepted(client):
    factories.school()
    # About half of all keys have one: the secret is URL-safe base64.
    for _ in range(200):
        api_key, key = api_key_create(name="Data warehouse", scope="read")
        if "_" in key.removeprefix(f"{api_key.prefix}_"):
            break

    response = client.get("/api/v1/schools/", headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 200


def test_a_headteachers_calendar_feed_stops_when_they_are_deactivated(client):
    head = factories.person()
    held = meeting(series=series(body=body()), invite=[head])
    url = feeds.feed_url(feed=feeds.feed_for(person=head))

    response = client.get(url)  # anonymously, as a calendar app fetches it
    assert response.status_code == 200
    assert str(held.uid) in response.text

    person_deactivate(person=head, by=None)

    assert client.get(url).status_code == 404


def test_the_api_lists_a_head_only_the_meetings_they_are_invited_to(client, world):
    client.force_login(world.people["head_a"])

    listed = client.get("/api/v1/meetings/").json()["results"]

    assert [m["id"] for m in listed] == [world.meeting_a.pk]


def test_a_key_lists_only_public_papers(client, world):
    headers = {"Authorization": f"Bearer {world.keys['read_key']}"}

    listed = client.get("/api/v1/papers/", headers=headers).json()["results"]

    assert [p["id"] for p in listed] == [world.public_b.pk]
