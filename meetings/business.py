"""The business of a meeting: its agenda, attendance, minutes, decisions and actions.

Officers' pages and the REST API both call these functions, so the rules live here
once: a ValidationError names the field it is about (when there is one) in words an
officer can act on. Agenda positions are kept 1, 2, 3… with no gaps after every
change, because the agenda, the briefing pack and the public page number items by
position.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone

from accounts.models import User

from .ical import LONDON
from .models import (
    Action,
    AgendaItem,
    BriefingPack,
    Decision,
    Invitation,
    Meeting,
    OutboxEmail,
)
from .outbox import queue_emails, send_on_commit

TITLE_MAX = AgendaItem._meta.get_field("title").max_length
PRESENTER_MAX = AgendaItem._meta.get_field("presenter").max_length
DECIDED_BY_MAX = Decision._meta.get_field("decided_by").max_length
MINUTES_ALLOTTED_MAX = 480
# Agenda deadlines this close (or closer) have their item owners reminded.
AGENDA_DEADLINE_NOTICE = timedelta(days=2)
# The standing item under which open actions of earlier meetings are listed.
MATTERS_ARISING = "matters arising"
# Renumbering moves every item out of the way first; positions stay far below this.
_RENUMBER_OFFSET = 10_000


def meeting_day(meeting: Meeting) -> date:
    """The meeting's date in London, where council business is dated."""
    return meeting.starts_at.astimezone(LONDON).date()


def _refuse_if_cancelled(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError("This meeting is cancelled, so its business cannot be changed.")


def _lock(meeting: Meeting) -> Meeting:
    """Lock the meeting row: agenda edits of one meeting happen one at a time, so two
    officers adding items at once cannot both take the last position."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def person_by_email(*, email: str, field: str = "owner") -> User:
    """The active person with this e-mail address; owners are named by address."""
    email = (email or "").strip()
    person = User.objects.filter(email__iexact=email, is_active=True).first() if email else None
    if person is None:
        raise ValidationError(
            {field: f"No one with the e-mail address {email} has an account. Invite them first."}
        )
    return person


# --- The agenda -----------------------------------------------------------------------


def _ordered_items(meeting: Meeting) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"))


def _renumber(*, meeting: Meeting, items: list[AgendaItem]) -> None:
    """Give `items` (every item of the meeting, in the wanted order) positions 1..n.

    PostgreSQL checks the (meeting, position) uniqueness row by row, so items are first
    moved above every final position and then given their places in one statement.
    """
    # Every change to the agenda passes here: a published pack's agenda is now out of date.
    BriefingPack.mark_stale(meeting_id=meeting.pk)
    changed = [item for number, item in enumerate(items, 1) if item.position != number]
    if not changed:
        return
    AgendaItem.objects.filter(pk__in=[i.pk for i in changed]).update(
        position=F("position") + _RENUMBER_OFFSET
    )
    # Bulk writes skip auto_now: set updated_at so incremental API reads see the move.
    now = timezone.now()
    for number, item in enumerate(items, 1):
        item.position = number
        item.updated_at = now
    AgendaItem.objects.bulk_update(changed, ["position", "updated_at"])


def _check_position(position: int | None, *, count: int) -> None:
    if position is not None and not 1 <= position <= count:
        raise ValidationError({"position": f"Choose a position from 1 to {count}."})


def _clean_item_fields(
    *, title: str, purpose: str, presenter: str, minutes_allotted: int | None
) -> dict:
    title, presenter = (title or "").strip(), (presenter or "").strip()
    errors = {}
    if not title:
        errors["title"] = "Enter the title of the item."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"The title must be {TITLE_MAX} characters or fewer."
    if purpose not in AgendaItem.Purpose.values:
        errors["purpose"] = "Choose whether the item is for decision, discussion or information."
    if len(presenter) > PRESENTER_MAX:
        errors["presenter"] = f"The presenter must be {PRESENTER_MAX} characters or fewer."
    if minutes_allotted is not None and not 1 <= minutes_allotted <= MINUTES_ALLOTTED_MAX:
        errors["minutes_allotted"] = (
            f"Enter the time allotted in minutes, from 1 to {MINUTES_ALLOTTED_MAX}."
        )
    if errors:
        raise ValidationError(errors)
    return {
        "title": title, "purpose": purpose, "presenter": presenter,
        "minutes_allotted": minutes_allotted,
    }  # fmt: skip


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, title: str, purpose: str = AgendaItem.Purpose.INFORMATION,
    presenter: str = "", owner: User | None = None, minutes_allotted: int | None = None,
    position: int | None = None, is_standing: bool = False,
) -> AgendaItem:  # fmt: skip
    """Add an item at `position` (default: the end), moving later items down one."""
    meeting = _lock(meeting)
    _refuse_if_cancelled(meeting)
    fields = _clean_item_fields(
        title=title, purpose=purpose, presenter=presenter, minutes_allotted=minutes_allotted
    )
    items = _ordered_items(meeting)
    _check_position(position, count=len(items) + 1)
    item = AgendaItem.objects.create(
        meeting=meeting, position=len(items) + 1, owner=owner, is_standing=is_standing, **fields
    )
    if position is not None:
        items.insert(position - 1, item)
        _renumber(meeting=meeting, items=items)
    BriefingPack.mark_stale(meeting_id=meeting.pk)
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, position: int) -> AgendaItem:
    """Move an item to `position`; the items between close up around it."""
    meeting = _lock(item.meeting)
    _refuse_if_cancelled(meeting)
    items = _ordered_items(meeting)
    _check_position(position, count=len(items))
    moving = next(i for i in items if i.pk == item.pk)
    items.remove(moving)
    items.insert(position - 1, moving)
    _renumber(meeting=meeting, items=items)
    return moving


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, title: str, purpose: str, presenter: str = "",
    owner: User | None = None, minutes_allotted: int | None = None,
) -> AgendaItem:  # fmt: skip
    """Change what an item is about and who presents and prepares it."""
    meeting = _lock(item.meeting)
    _refuse_if_cancelled(meeting)
    fields = _clean_item_fields(
        title=title, purpose=purpose, presenter=presenter, minutes_allotted=minutes_allotted
    )
    item = AgendaItem.objects.get(pk=item.pk)
    for name, value in {**fields, "owner": owner}.items():
        setattr(item, name, value)
    item.save(update_fields=[*fields, "owner", "updated_at"])
    BriefingPack.mark_stale(meeting_id=item.meeting_id)
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem) -> None:
    """Take an item off the agenda and close the gap. An item with a decision or an
    approved minute is part of the record and stays."""
    meeting = _lock(item.meeting)
    _refuse_if_cancelled(meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    if item.decisions.exists():
        raise ValidationError("This item has a decision recorded, so it stays on the agenda.")
    if item.minute_status == AgendaItem.MinuteStatus.APPROVED:
        raise ValidationError("This item's minute is approved, so it stays on the agenda.")
    item.delete()
    _renumber(meeting=meeting, items=_ordered_items(meeting))


def standing_titles(meeting: Meeting) -> list[str]:
    """The series' standing items, one per non-empty line, duplicates dropped."""
    titles: list[str] = []
    for line in meeting.series.standing_items.splitlines():
        line = line.strip()[:TITLE_MAX]
        if line and line.casefold() not in {t.casefold() for t in titles}:
            titles.append(line)
    return titles


@transaction.atomic
def agenda_add_standing_items(*, meeting: Meeting) -> list[AgendaItem]:
    """Put the series' standing items ("Minutes of the last meeting", "Matters
    arising") at the top of the agenda, in the series' order, before the other items.

    Idempotent: a standing item already on the agenda (by title, any case) is not
    added again, so the officer's button and a scheduled run can both call it.
    Returns the items added.
    """
    meeting = _lock(meeting)
    _refuse_if_cancelled(meeting)
    items = _ordered_items(meeting)
    present = {i.title.casefold() for i in items if i.is_standing}
    missing = [t for t in standing_titles(meeting) if t.casefold() not in present]
    if not missing:
        return []
    added = [
        AgendaItem.objects.create(
            meeting=meeting,
            position=len(items) + n,
            title=title,
            is_standing=True,
            purpose=AgendaItem.Purpose.INFORMATION,
        )  # fmt: skip
        for n, title in enumerate(missing, 1)
    ]
    standing = [i for i in items if i.is_standing]
    others = [i for i in items if not i.is_standing]
    _renumber(meeting=meeting, items=[*standing, *added, *others])
    return added


def is_matters_arising(item: AgendaItem) -> bool:
    return item.is_standing and item.title.strip().casefold() == MATTERS_ARISING


def carried_actions(*, meeting: Meeting) -> QuerySet[Action]:
    """Open actions agreed at earlier meetings of the same series: the "matters
    arising" of this one, until each is done."""
    return (
        Action.objects.filter(
            meeting__series_id=meeting.series_id,
            meeting__starts_at__lt=meeting.starts_at,
            status=Action.Status.OPEN,
        )
        .select_related("owner", "meeting")
        .order_by("due_on", "pk")
    )


# --- Attendance and quorum -------------------------------------------------------------


def _check_attendance(attendance: str) -> None:
    if attendance and attendance not in Invitation.Attendance.values:
        raise ValidationError(
            {"attendance": "Choose present, apologies, absent or sent a substitute."}
        )


def attendance_record(*, meeting: Meeting, person: User, attendance: str) -> Invitation:
    """Record whether an invitee came (an empty value clears it). Only current
    invitees have attendance: anyone else is not part of the meeting's record."""
    _refuse_if_cancelled(meeting)
    _check_attendance(attendance)
    invitation = Invitation.objects.filter(
        meeting=meeting, person=person, withdrawn_at=None
    ).first()
    if invitation is None:
        raise ValidationError(
            {"person": f"{person.get_full_name() or person.email} is not invited to this meeting."}
        )
    if invitation.attendance != attendance:
        invitation.attendance = attendance
        invitation.save(update_fields=["attendance", "updated_at"])
    return invitation


@transaction.atomic
def attendance_take(*, meeting: Meeting, marks: Mapping[int, str]) -> int:
    """Record the attendance of many invitees at once ({person id: attendance}), as the
    register taken at the meeting; all or nothing. Returns how many changed."""
    _refuse_if_cancelled(meeting)
    for value in marks.values():
        _check_attendance(value)
    invitations = {
        i.person_id: i
        for i in Invitation.objects.filter(meeting=meeting, withdrawn_at=None, person_id__in=marks)
    }
    strangers = set(marks) - set(invitations)
    if strangers:
        raise ValidationError("Attendance can only be recorded for people invited to the meeting.")
    changed = []
    for person_id, value in marks.items():
        invitation = invitations[person_id]
        if invitation.attendance != value:
            invitation.attendance = value
            invitation.updated_at = timezone.now()
            changed.append(invitation)
    Invitation.objects.bulk_update(changed, ["attendance", "updated_at"])
    return len(changed)


@dataclass(frozen=True)
class Quorum:
    present: int
    quorum: int | None
    # None when the body sets no quorum.
    met: bool | None


# A substitute sits in the member's place, so counts towards the quorum.
COUNTS_TOWARDS_QUORUM = (Invitation.Attendance.PRESENT, Invitation.Attendance.SUBSTITUTE)


def quorum_for(meeting: Meeting, invitations: Iterable[Invitation] | None = None) -> Quorum:
    """How many are present (substitutes included) against the body's quorum.
    Pass the meeting's current invitations when already loaded, to save a query."""
    if invitations is None:
        present = Invitation.objects.filter(
            meeting=meeting, withdrawn_at=None, attendance__in=COUNTS_TOWARDS_QUORUM
        ).count()
    else:
        present = sum(
            1
            for i in invitations
            if i.withdrawn_at is None and i.attendance in COUNTS_TOWARDS_QUORUM
        )
    quorum = meeting.body.quorum
    return Quorum(present=present, quorum=quorum, met=None if quorum is None else present >= quorum)


# --- Minutes ---------------------------------------------------------------------------


@transaction.atomic
def minute_save(*, item: AgendaItem, text: str) -> AgendaItem:
    """Save the draft minute of an item. An approved minute is the record and is not
    changed; a draft can be rewritten until it is approved."""
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    _refuse_if_cancelled(item.meeting)
    if item.minute_status == AgendaItem.MinuteStatus.APPROVED:
        raise ValidationError("This minute has been approved, so it can no longer be changed.")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"minute": "Enter the minute of the item."})
    item.minute, item.minute_status = text, AgendaItem.MinuteStatus.DRAFT
    item.save(update_fields=["minute", "minute_status", "updated_at"])
    return item


def minutes_awaiting_approval(*, meeting: Meeting) -> QuerySet[AgendaItem]:
    """Draft minutes of the body's earlier meetings, which this meeting can approve."""
    return (
        AgendaItem.objects.filter(
            meeting__body_id=meeting.body_id,
            meeting__starts_at__lt=meeting.starts_at,
            minute_status=AgendaItem.MinuteStatus.DRAFT,
        )
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting")
        .order_by("meeting__starts_at", "position")
    )


@transaction.atomic
def minutes_approve(*, at_meeting: Meeting, items: Iterable[AgendaItem]) -> int:
    """Approve draft minutes of earlier meetings of the same body at `at_meeting`,
    recording where: minutes are agreed as a true record at a later meeting, never at
    the one they minute. All or nothing. Returns how many were approved."""
    _refuse_if_cancelled(at_meeting)
    wanted = [i.pk for i in items]
    if not wanted:
        raise ValidationError({"items": "Choose the minutes to approve."})
    awaiting = minutes_awaiting_approval(meeting=at_meeting).select_for_update(of=("self",))
    approvable = set(awaiting.filter(pk__in=wanted).values_list("pk", flat=True))
    if set(wanted) - approvable:
        raise ValidationError(
            {
                "items": "Only draft minutes of the body's earlier meetings can be approved "
                "at this meeting."
            }
        )
    return AgendaItem.objects.filter(pk__in=approvable).update(
        minute_status=AgendaItem.MinuteStatus.APPROVED,
        minute_approved_at=at_meeting,
        updated_at=timezone.now(),
    )


# --- Decisions -------------------------------------------------------------------------


def decision_record(
    *, item: AgendaItem, resolution: str, other_options: str = "", reasons: str = "",
    decided_by: str = "", decided_on: date | None = None,
) -> Decision:  # fmt: skip
    """Record a decision on an item the way council papers set it out: what was
    RESOLVED, the other options considered and the reasons for the decision.
    `decided_on` defaults to the day of the meeting and cannot be earlier."""
    _refuse_if_cancelled(item.meeting)
    resolution, decided_by = (resolution or "").strip(), (decided_by or "").strip()
    held_on = meeting_day(item.meeting)
    decided_on = decided_on or held_on
    errors = {}
    if not resolution:
        errors["resolution"] = "Enter what was resolved."
    if len(decided_by) > DECIDED_BY_MAX:
        errors["decided_by"] = f"Who decided must be {DECIDED_BY_MAX} characters or fewer."
    if decided_on < held_on:
        errors["decided_on"] = (
            f"The date of the decision cannot be before the meeting ({held_on:%d/%m/%Y})."
        )
    if errors:
        raise ValidationError(errors)
    return Decision.objects.create(
        agenda_item=item, resolution=resolution, other_options=(other_options or "").strip(),
        reasons=(reasons or "").strip(), decided_by=decided_by, decided_on=decided_on,
    )  # fmt: skip


# --- Actions ---------------------------------------------------------------------------


def action_add(
    *, meeting: Meeting, description: str, owner: User, due_on: date,
    agenda_item: AgendaItem | None = None,
) -> Action:  # fmt: skip
    """Record an action agreed at the meeting. It is carried into the "matters
    arising" of the series' later meetings until it is done."""
    _refuse_if_cancelled(meeting)
    description = (description or "").strip()
    errors = {}
    if not description:
        errors["description"] = "Enter what is to be done."
    if not owner.is_active:
        errors["owner"] = "The owner's account is closed. Choose someone else."
    if due_on < meeting_day(meeting):
        errors["due_on"] = "The due date cannot be before the meeting."
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        errors["agenda_item"] = "Choose an item of this meeting's agenda."
    if errors:
        raise ValidationError(errors)
    return Action.objects.create(
        meeting=meeting, agenda_item=agenda_item, description=description, owner=owner,
        due_on=due_on,
    )  # fmt: skip


def action_complete(*, action: Action, on: date | None = None) -> Action:
    """Mark an action done (today by default). Done already: nothing changes, so the
    date it was first done is kept."""
    if action.status == Action.Status.DONE:
        return action
    on = on or timezone.localdate()
    school_year_began = action.meeting.term.year.starts_on
    if on < school_year_began:
        raise ValidationError(
            {"done_on": f"The date it was done cannot be before {school_year_began:%-d %B %Y}, "
             "when the meeting's school year began."}
        )  # fmt: skip
    action.status, action.done_on = Action.Status.DONE, on
    action.save(update_fields=["status", "done_on", "updated_at"])
    return action


# --- Reminders (Celery beat calls these daily; both are idempotent) --------------------


def agenda_deadline(meeting: Meeting) -> datetime:
    """When papers for the meeting are due: the series' number of days before it."""
    return meeting.starts_at - timedelta(days=meeting.series.agenda_deadline_days)


def queue_agenda_deadline_reminders(*, now: datetime) -> int:
    """Remind item owners of meetings whose agenda deadline falls in the next two days.

    One e-mail per owner per meeting at the meeting's current SEQUENCE: a rerun queues
    nothing, and a meeting moved afterwards (a new deadline) reminds them again.
    Returns how many e-mails were queued.
    """
    longest = Meeting.objects.aggregate(d=Max("series__agenda_deadline_days"))["d"] or 0
    candidates = (
        Meeting.objects.filter(
            starts_at__gt=now, starts_at__lte=now + AGENDA_DEADLINE_NOTICE + timedelta(days=longest)
        )
        .exclude(status__in=[Meeting.Status.CANCELLED, Meeting.Status.HELD])
        .select_related("series")
    )
    due = [m for m in candidates if now <= agenda_deadline(m) <= now + AGENDA_DEADLINE_NOTICE]
    owners: dict[int, set[int]] = {}
    for meeting_id, owner_id in AgendaItem.objects.filter(
        meeting__in=due, owner__isnull=False, owner__is_active=True
    ).values_list("meeting_id", "owner_id"):
        owners.setdefault(meeting_id, set()).add(owner_id)
    return sum(
        queue_emails(meeting=m, kind=OutboxEmail.Kind.AGENDA_DEADLINE, person_ids=owners[m.pk])
        for m in due
        if m.pk in owners
    )


def queue_overdue_action_reminders(*, today: date) -> int:
    """Remind the owners of open actions past their due date, once a day.

    The outbox row is keyed by the action's meeting, the owner and the day
    (`version` = today's ordinal): a rerun the same day queues nothing, the next day
    queues again while the action is still open, and an owner with several overdue
    actions from one meeting gets one e-mail listing them. Returns how many were queued.
    """
    pairs = set(
        Action.objects.filter(
            status=Action.Status.OPEN, due_on__lt=today, owner__is_active=True
        ).values_list("meeting_id", "owner_id")
    )
    if not pairs:
        return 0
    version = today.toordinal()
    rows = [
        OutboxEmail(
            meeting_id=meeting_id,
            person_id=owner_id,
            kind=OutboxEmail.Kind.ACTION_OVERDUE,
            version=version,
        )  # fmt: skip
        for meeting_id, owner_id in pairs
    ]
    already = OutboxEmail.objects.filter(kind=OutboxEmail.Kind.ACTION_OVERDUE, version=version)
    before = already.count()
    OutboxEmail.objects.bulk_create(rows, ignore_conflicts=True)
    added = already.count() - before
    if added:
        send_on_commit()
    return added
