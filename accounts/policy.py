"""Who may see and change what: the one place pages, the API and downloads ask.

Each question is a function of the actor (a signed-in person, or an API client
behind a key) and the thing; "which of these may they see" answers with a
queryset, so lists stay one query. No view decides access on its own.
"""

from django.db.models import QuerySet

from . import roles
from .api_keys import ApiClient


def _api_key(actor):
    return actor.api_key if isinstance(actor, ApiClient) else None


def can_view_register(actor) -> bool:
    """The whole register, with filters and exports: officers and API keys."""
    return roles.is_officer(actor) or _api_key(actor) is not None


def schools_visible_to(actor, schools: QuerySet) -> QuerySet:
    """Officers and API keys see every school; a head or governor the schools they serve now."""
    if roles.is_officer(actor) or _api_key(actor) is not None:
        return schools
    ids = roles.headed_school_ids(actor) | roles.governed_school_ids(actor)
    return schools.filter(id__in=ids) if ids else schools.none()


def can_edit_school_people(actor, school) -> bool:
    """Headships and governing-body appointments are kept by officers."""
    return roles.is_officer(actor)


def can_write_via_api(actor) -> bool:
    key = _api_key(actor)
    return key is not None and key.can_write


def can_read_contact_details(actor) -> bool:
    """People's e-mail addresses in API answers (heads, governors, members, owners):
    only API keys an administrator has allowed them. Other callers get names and roles
    (officers find contacts on the portal's own pages)."""
    key = _api_key(actor)
    return key is not None and key.can_read_contact_details


def can_view_people(actor) -> bool:
    """The people directory (names, emails, roles) is for officers."""
    return roles.is_officer(actor)


def people_visible_to(actor, people: QuerySet) -> QuerySet:
    return people if can_view_people(actor) else people.filter(pk=getattr(actor, "pk", None))


def can_invite(actor, person=None) -> bool:
    """Officers invite people; only administrators invite other officers."""
    if not roles.is_officer(actor):
        return False
    return person is None or not roles.is_officer(person) or roles.is_administrator(actor)


def can_manage_person(actor, person) -> bool:
    """Deactivating someone is for administrators, and never oneself."""
    return roles.is_administrator(actor) and actor.pk != person.pk


def needs_mfa_setup(user) -> bool:
    """Officers and administrators must have TOTP before they reach officer pages."""
    from allauth.mfa.models import Authenticator
    from django.conf import settings

    if not settings.REQUIRE_OFFICER_MFA or not (roles.is_officer(user) or user.is_staff):
        return False
    if not hasattr(user, "_portal_has_totp"):
        user._portal_has_totp = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists()
    return not user._portal_has_totp


def api_keys_visible_to(actor, keys: QuerySet) -> QuerySet:
    if roles.is_administrator(actor):
        return keys
    if roles.is_officer(actor):
        return keys.filter(owner=actor)
    return keys.none()


def meetings_visible_to(actor, meetings: QuerySet) -> QuerySet:
    """Officers and API keys see every meeting; others the meetings they are invited to."""
    if roles.is_officer(actor) or _api_key(actor) is not None:
        return meetings
    if not getattr(actor, "pk", None):
        return meetings.none()
    from django.db.models import Exists, OuterRef

    from meetings.models import Invitation

    invited = Invitation.objects.filter(meeting=OuterRef("pk"), person=actor, withdrawn_at=None)
    return meetings.filter(Exists(invited))


def can_view_partnerships(actor) -> bool:
    """Bodies, their members, agencies and series: officers and API keys."""
    return roles.is_officer(actor) or _api_key(actor) is not None


def can_view_staffing(actor) -> bool:
    """Service areas, their teams, posts and who holds them: officers."""
    return roles.is_officer(actor)


def can_manage_meetings(actor, body=None) -> bool:
    """Officers run the bodies, their series and meetings."""
    return roles.is_officer(actor)


def can_write_meetings_via_api(actor) -> bool:
    return can_write_via_api(actor)


def papers_visible_to(actor, papers: QuerySet) -> QuerySet:
    """Papers a person may open: officers all; API keys the public ones; others the
    public papers and invitee papers of meetings they are invited to, and the
    confidential ones that name them."""
    from django.db.models import Exists, OuterRef, Q

    from meetings.models import Invitation, Paper

    if roles.is_officer(actor):
        return papers
    if _api_key(actor) is not None:
        return papers.filter(access=Paper.Access.PUBLIC)
    if not getattr(actor, "pk", None):
        # "Public" means public: anyone may read it, as on a council's committee pages.
        return papers.filter(access=Paper.Access.PUBLIC)
    invited = Invitation.objects.filter(
        meeting=OuterRef("meeting"), person=actor, withdrawn_at=None
    )
    named = Paper.named_people.through.objects.filter(paper=OuterRef("pk"), user=actor)
    return papers.filter(
        Q(access=Paper.Access.PUBLIC)
        | (Q(access=Paper.Access.INVITEES) & Exists(invited))
        | (Q(access=Paper.Access.CONFIDENTIAL) & Exists(named))
    )


def can_view_paper(actor, paper) -> bool:
    from meetings.models import Paper

    return papers_visible_to(actor, Paper.objects.filter(pk=paper.pk)).exists()


def packs_visible_to(actor, packs: QuerySet) -> QuerySet:
    """Published briefing packs of the meetings a person is invited to (officers: all)."""
    if roles.is_officer(actor):
        return packs
    if not getattr(actor, "pk", None):
        return packs.none()
    from django.db.models import Exists, OuterRef

    from meetings.models import Invitation

    invited = Invitation.objects.filter(
        meeting=OuterRef("meeting"), person=actor, withdrawn_at=None
    )
    return packs.filter(Exists(invited), published_at__isnull=False)


def can_manage_meeting_business(actor, meeting=None) -> bool:
    """Agendas, papers, minutes, decisions, actions and attendance: officers."""
    return roles.is_officer(actor)


def can_view_borough_picture(actor) -> bool:
    """The borough's inspection picture, the council's own inspections and the
    inspections API: officers and API keys."""
    return roles.is_officer(actor) or _api_key(actor) is not None


def can_view_scrutiny_report(actor) -> bool:
    """The report to scrutiny (page and PDF) is prepared by officers."""
    return roles.is_officer(actor)


def can_record_la_inspections(actor) -> bool:
    """The council's own inspections, improvement notices and actions are kept by officers."""
    return roles.is_officer(actor)


def can_manage_contacts(actor) -> bool:
    """The council's contact rules and schools' own contacts are kept by officers."""
    return roles.is_officer(actor)


def can_view_engagement(actor, school=None) -> bool:
    """How a school takes part (attendance of its head and chair, visits, actions) is the
    council's monitoring: officers, and API keys."""
    return roles.is_officer(actor) or _api_key(actor) is not None


def bodies_visible_to(actor, bodies: QuerySet) -> QuerySet:
    """A body's own page: officers see every body; anyone else the bodies they belong
    to today - a member in person, a current contact of a member agency, or the
    current head or chair of governors of a member school."""
    if roles.is_officer(actor):
        return bodies
    if not getattr(actor, "pk", None) or _api_key(actor) is not None:
        return bodies.none()
    from django.db.models import Exists, OuterRef, Q

    from partnerships.models import AgencyContact, Membership
    from schools.models import GovernorAppointment

    agencies = AgencyContact.objects.current().filter(person=actor).values("agency_id")
    chaired = (
        GovernorAppointment.objects.current()
        .filter(person=actor, role=GovernorAppointment.Role.CHAIR)
        .values_list("school_id", flat=True)
    )
    schools = set(roles.headed_school_ids(actor)) | set(chaired)
    member = (
        Membership.objects.current()
        .filter(body=OuterRef("pk"))
        .filter(Q(person=actor) | Q(agency__in=agencies) | Q(school__in=schools))
    )
    return bodies.filter(Exists(member))


# --- Link inspection -------------------------------------------------------------------


def can_view_link_inspection(actor) -> bool:
    """Coverage, caseloads, visits lists and schools causing concern: officers."""
    return roles.is_officer(actor)


def can_assign_link_inspector(actor, school=None) -> bool:
    return roles.is_officer(actor)


def can_record_visit(actor, school=None) -> bool:
    """Recording, changing and sharing link visits, and completing their actions."""
    return roles.is_officer(actor)


def can_categorise_support(actor, school=None) -> bool:
    return roles.is_officer(actor)


def _chaired_schools(actor):
    from schools.models import GovernorAppointment

    return (
        GovernorAppointment.objects.current()
        .filter(person=actor, role=GovernorAppointment.Role.CHAIR)
        .values("school_id")
    )


def visits_visible_to(actor, visits: QuerySet) -> QuerySet:
    """Link visits: officers all; API keys all, as metadata (the API never gives notes
    or the report); the headteacher of a school today, and its chair of governors,
    the visits shared with that school; nobody else any. An unshared visit is the
    inspector's working record and no one at the school sees it."""
    from django.db.models import Q

    if roles.is_officer(actor) or _api_key(actor) is not None:
        return visits
    if not getattr(actor, "pk", None):
        return visits.none()
    return visits.filter(
        Q(school_id__in=roles.headed_school_ids(actor)) | Q(school_id__in=_chaired_schools(actor)),
        shared_at__isnull=False,
    )


def can_read_visit_notes(actor, visit) -> bool:
    """The notes of a visit: officers, and the school's headteacher once it is shared.
    The chair of governors sees the shared visit, its actions and report, not the
    notes, which are written to the head."""
    if roles.is_officer(actor):
        return True
    return visit.shared_at is not None and visit.school_id in roles.headed_school_ids(actor)


def link_assignments_visible_to(actor, assignments: QuerySet) -> QuerySet:
    """Who is whose link inspector: officers and API keys all; a head or governor the
    assignments of the schools they serve now."""
    if roles.is_officer(actor) or _api_key(actor) is not None:
        return assignments
    ids = roles.headed_school_ids(actor) | roles.governed_school_ids(actor)
    return assignments.filter(school_id__in=ids) if ids else assignments.none()


def support_visible_to(actor, categorisations: QuerySet) -> QuerySet:
    """Schools causing concern: officers and API keys (the API gives no reasons);
    never the schools themselves."""
    if roles.is_officer(actor) or _api_key(actor) is not None:
        return categorisations
    return categorisations.none()


# --- Webhooks --------------------------------------------------------------------------


def can_read_webhooks(actor) -> bool:
    """Webhooks are for partner systems: API keys only (officers use the admin)."""
    return _api_key(actor) is not None


def can_manage_webhooks(actor) -> bool:
    """Registering, enabling and deleting endpoints takes a write key."""
    return can_write_via_api(actor)


def webhook_endpoints_visible_to(actor, endpoints: QuerySet) -> QuerySet:
    """An API key sees the endpoints it registered, and no other key's."""
    key = _api_key(actor)
    return endpoints.filter(owner_key=key) if key is not None else endpoints.none()
