"""How the council works with schools, in figures: one assembly for the public page
(/working-with-schools/) and the report to scrutiny.

Nothing is counted here that another module owns. The figures come from:

- inspections.outcomes: the latest Ofsted outcome shares and their denominator;
- inspections.link: link inspector coverage (entitled open schools with one);
- partnerships.contacts: which named officers the council publishes;
- partnerships.engagement: attendance of heads and chairs (summed for the borough).

This module shapes them into plain dataclasses and adds what only describes the
partnership work: the standing bodies, who attends them (by role, never by name)
and how often they meet (from their active meeting series).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch
from django.utils import timezone

from inspections import link, outcomes
from meetings.models import MeetingSeries
from schools.models import School

from . import contacts, engagement
from .models import Body, Membership, PartnerAgency

# The bodies that stand: everything but working groups, which are set up for a task
# and end with it. In the order the public page shows them.
STANDING_KINDS = (
    Body.Kind.STANDING_CONFERENCE,
    Body.Kind.PHASE_CONFERENCE,
    Body.Kind.GOVERNORS_BRIEFING,
    Body.Kind.CABINET_MEMBER_MEETING,
    Body.Kind.PARTNERSHIP,
)
_KIND_ORDER = {kind: n for n, kind in enumerate(STANDING_KINDS)}

NO_MEETINGS = "No regular meetings are planned at present"

# Who a series' audience rule invites, in words (MeetingSeries.Audience).
_AUDIENCE_WORDS = {
    MeetingSeries.Audience.CHAIRS_AND_VICE_CHAIRS: "Chairs and vice-chairs of governing bodies",
    MeetingSeries.Audience.CHAIRS: "Chairs of governing bodies",
}
# A phase conference's phase (meetings.audiences.CONFERENCE_PHASES) in words.
_PHASE_WORDS = {"Post-16": "post-16", "All-through": "all-through"}
_MEMBER_ROLE_WORDS = {
    Membership.Role.CHAIR: ("an independent chair", "{n} chairs"),
    Membership.Role.MEMBER: ("an individual member", "{n} individual members"),
    Membership.Role.OFFICER: ("a council officer", "{n} council officers"),
    Membership.Role.ADVISER: ("an adviser", "{n} advisers"),
}


def _and(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


@dataclass
class Agency:
    name: str
    kind: str  # the kind's label: Police, Probation Service, Courts…


@dataclass
class StandingBody:
    """A standing body as the public sees it: no personal names."""

    name: str
    kind: str
    kind_label: str
    purpose: str
    topics: str
    how_often: str
    attendees: list[str] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    member_schools: int = 0

    @property
    def is_partnership(self) -> bool:
        return self.kind == Body.Kind.PARTNERSHIP


def _attendees(body: Body, series: list[MeetingSeries], members: list[Membership]) -> list[str]:
    """Who attends, by role: from the audience rules of the body's active series and,
    for member-based series, from its current members (schools by phase, agencies by
    name, people by their role in the body)."""
    words: list[str] = []
    audiences = {s.audience for s in series} or {MeetingSeries.Audience.MEMBERS}
    if MeetingSeries.Audience.PHASE_HEADS in audiences:
        phase = _PHASE_WORDS.get(body.phase, body.phase.lower()) + " " if body.phase else ""
        words.append(f"Headteachers of the borough's {phase}schools")
    for audience, text in _AUDIENCE_WORDS.items():
        if audience in audiences:
            words.append(text)
    if MeetingSeries.Audience.MEMBERS in audiences:
        schools = [m.school for m in members if m.school_id]
        if schools:
            phases = sorted({(s.phase or "").lower() for s in schools if s.phase})
            of = f" ({_and(phases)})" if phases else ""
            n = len(schools)
            words.append(
                f"Headteachers of {n} member school{'s' if n != 1 else ''}{of}"
                if n != 1
                else f"The headteacher of a member school{of}"
            )
        agencies = [m.agency for m in members if m.agency_id]
        if agencies:
            kinds = list(dict.fromkeys(PartnerAgency.Kind(a.kind).label for a in agencies))
            words.append("Representatives of partner agencies: " + _and(kinds))
        roles: dict[str, int] = defaultdict(int)
        for m in members:
            if m.person_id:
                roles[m.role] += 1
        for role, (one, many) in _MEMBER_ROLE_WORDS.items():
            if roles.get(role):
                words.append((one if roles[role] == 1 else many.format(n=roles[role])).capitalize())
    if body.officers_running:
        words.append("Children's Services officers, who run its meetings")
    return words


def standing_bodies() -> list[StandingBody]:
    """Every standing body with its purpose, who attends and how often it meets.

    Three queries whatever the number of bodies, series and members: the bodies
    (with how many officers run them), their active series, their current members.
    """
    bodies = (
        Body.objects.filter(kind__in=STANDING_KINDS)
        .annotate(officers_running=Count("run_by", distinct=True))
        .prefetch_related(
            Prefetch(
                "series",
                queryset=MeetingSeries.objects.filter(paused=False).order_by("title", "pk"),
                to_attr="active_series",
            ),
            Prefetch(
                "memberships",
                queryset=Membership.objects.current()
                .select_related("agency", "school")
                .order_by("agency__name", "school__name", "pk"),
                to_attr="current_members",
            ),
        )
    )
    result = []
    for body in sorted(bodies, key=lambda b: (_KIND_ORDER[b.kind], b.name)):
        cadences = list(dict.fromkeys(s.how_often for s in body.active_series))
        members = body.current_members
        result.append(
            StandingBody(
                name=body.name,
                kind=body.kind,
                kind_label=body.get_kind_display(),
                purpose=body.purpose,
                topics=body.topics,
                how_often="; ".join(cadences) if cadences else NO_MEETINGS,
                attendees=_attendees(body, body.active_series, members),
                agencies=[
                    Agency(name=m.agency.name, kind=PartnerAgency.Kind(m.agency.kind).label)
                    for m in members
                    if m.agency_id
                ],
                member_schools=sum(1 for m in members if m.school_id),
            )
        )
    return result


# --- Link inspectors ----------------------------------------------------------------------


@dataclass
class LinkCoverage:
    """Entitled open schools (state-funded, in the borough) and how many have a link
    inspector, from inspections.link."""

    on: date | None
    entitled: int
    covered: int

    @property
    def uncovered(self) -> int:
        return self.entitled - self.covered

    @property
    def percent(self) -> float | None:
        return round(100 * self.covered / self.entitled, 1) if self.entitled else None


def link_coverage(on: date | None = None) -> LinkCoverage:
    """Link inspector coverage on `on` (default today): one query, inspections.link's."""
    counts = link.coverage_counts(on=on)
    return LinkCoverage(on=on, entitled=counts["entitled"], covered=counts["covered"])


# --- Ofsted outcomes ----------------------------------------------------------------------


@dataclass
class OutcomeShare:
    key: str
    label: str
    count: int
    percent: float | None
    percent_of_graded: float | None


@dataclass
class OfstedOutcomes:
    """The borough's latest-outcome shares as at `on` (None: today), exactly as the
    officers' inspection dashboard counts them (inspections.outcomes)."""

    on: date | None
    denominator: int
    with_overall_grade: int
    shares: list[OutcomeShare]
    data_date: date | datetime | None = None
    data_source: str = ""

    def share(self, key: str) -> OutcomeShare:
        return next(s for s in self.shares if s.key == key)

    @property
    def outstanding(self) -> OutcomeShare:
        return self.share(outcomes.OUTSTANDING)

    @property
    def good(self) -> OutcomeShare:
        return self.share(outcomes.GOOD)

    @property
    def without_overall_grade(self) -> int:
        return self.denominator - self.with_overall_grade


def ofsted_outcomes(on: date | None = None, *, with_data_date: bool = True) -> OfstedOutcomes:
    """Shares of the denominator at each latest outcome: one query (two with the date
    the data was refreshed)."""
    borough = outcomes.picture(on).borough
    refreshed_at, refreshed_from = outcomes.data_date() if with_data_date else (None, "")
    return OfstedOutcomes(
        on=on,
        denominator=borough.total,
        with_overall_grade=borough.with_overall_grade,
        shares=[
            OutcomeShare(
                key=cell["key"],
                label=cell["label"],
                count=cell["count"],
                percent=cell["percent"],
                percent_of_graded=cell["percent_of_graded"],
            )  # fmt: skip
            for cell in borough.cells()
        ],
        data_date=refreshed_at,
        data_source=refreshed_from,
    )


# --- Published contacts ---------------------------------------------------------------------


@dataclass
class PublishedContact:
    """An officer the council chose to name publicly, and the schools they serve for
    one responsibility."""

    responsibility: str
    name: str
    job_title: str
    email: str
    schools: list[str]
    all_schools: bool


def published_contacts(schools=None) -> list[PublishedContact]:
    """The contacts the council publishes for the borough's open schools, grouped by
    responsibility and officer. The resolution (a school's own contact before the
    rules) is partnerships.contacts'; only contacts with `publish` set appear. Five
    queries plus the schools, whatever their number."""
    schools = list(
        schools
        if schools is not None
        else School.objects.in_home_la().open().order_by("name", "urn")
    )
    found = contacts.contacts_for_schools(schools)
    grouped: dict[tuple[str, int], tuple[contacts.NamedContact, list[str]]] = {}
    for school in schools:
        for contact in contacts.published(found[school.pk]):
            key = (contact.responsibility, contact.officer.pk)
            grouped.setdefault(key, (contact, []))[1].append(school.name)
    order = {value: n for n, value in enumerate(contacts.R.values)}
    result = [
        PublishedContact(
            responsibility=contact.label,
            name=contact.name,
            job_title=contact.job_title,
            email=contact.officer.email,
            schools=names,
            all_schools=len(names) == len(schools),
        )
        for (responsibility, _), (contact, names) in sorted(
            grouped.items(), key=lambda item: (order[item[0][0]], -len(item[1][1]), item[1][0].name)
        )
    ]
    return result


# --- Engagement --------------------------------------------------------------------------


@dataclass
class EngagementTotals:
    """Attendance of heads and chairs over the two 12-month windows, summed over the
    borough's open schools, and the schools whose attendance rate fell."""

    windows: engagement.Windows
    schools: int
    last: engagement.Attendance
    previous: engagement.Attendance
    fell: list[engagement.SchoolAttendance]

    @property
    def last_day(self) -> date:
        """The last day the figures cover (the windows end just before `now`)."""
        return timezone.localdate(self.windows.now - timedelta(microseconds=1), engagement.LONDON)


def engagement_totals(*, now: datetime | None = None, schools=None) -> EngagementTotals:
    """partnerships.engagement gives attendance per school; the borough's totals are
    their sum (a head of two schools counts for each, as the module says). Three
    queries plus the schools."""
    schools = (
        schools
        if schools is not None
        else School.objects.in_home_la().open().order_by("name", "urn")
    )
    rows = engagement.attendance_for_schools(schools, now=now)
    last, previous = engagement.Attendance(), engagement.Attendance()
    for row in rows.values():
        last, previous = last + row.last, previous + row.previous
    fell = sorted(
        (row for row in rows.values() if row.fell), key=engagement.FALL_ORDERINGS["change"]
    )
    return EngagementTotals(
        windows=engagement.Windows.as_of(now),
        schools=len(rows),
        last=last,
        previous=previous,
        fell=fell,
    )


# --- The public page -----------------------------------------------------------------------


@dataclass
class WorkingWithSchools:
    bodies: list[StandingBody]
    link_coverage: LinkCoverage
    outcomes: OfstedOutcomes
    contacts: list[PublishedContact]

    @property
    def conferences(self) -> list[StandingBody]:
        return [b for b in self.bodies if not b.is_partnership]

    @property
    def partnerships(self) -> list[StandingBody]:
        return [b for b in self.bodies if b.is_partnership]


def working_with_schools() -> WorkingWithSchools:
    """Everything /working-with-schools/ shows, in a fixed number of queries."""
    return WorkingWithSchools(
        bodies=standing_bodies(),
        link_coverage=link_coverage(),
        outcomes=ofsted_outcomes(),
        contacts=published_contacts(),
    )
