import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q


class AcademicYear(models.Model):
    """A school year, 1 September to 31 August, named like "2026/27"."""

    name = models.CharField(max_length=7, unique=True)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def name_for(start_year: int) -> str:
        return f"{start_year}/{(start_year + 1) % 100:02d}"


class Term(models.Model):
    """A term of the home LA's school calendar, with its half-term holiday."""

    class Name(models.TextChoices):
        AUTUMN = "autumn", "Autumn"
        SPRING = "spring", "Spring"
        SUMMER = "summer", "Summer"

    year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(max_length=10, choices=Name.choices)
    starts_on = models.DateField("first day")
    ends_on = models.DateField("last day")
    half_term_starts_on = models.DateField("half-term from")
    half_term_ends_on = models.DateField("half-term to")

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="one_term_of_each_name"),
            models.CheckConstraint(
                condition=Q(starts_on__lt=models.F("half_term_starts_on"))
                & Q(half_term_starts_on__lte=models.F("half_term_ends_on"))
                & Q(half_term_ends_on__lt=models.F("ends_on")),
                name="half_term_inside_term",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_name_display()} term {self.year}"

    def is_teaching_day(self, day: date) -> bool:
        """In term, outside half-term; weekends and bank holidays are checked by the caller."""
        return self.starts_on <= day <= self.ends_on and not (
            self.half_term_starts_on <= day <= self.half_term_ends_on
        )


class MeetingSeries(models.Model):
    """The rhythm of a body's meetings: how often, on which day and time, who is invited."""

    class Cadence(models.TextChoices):
        TERMLY = "termly", "Once a term"
        TIMES_A_YEAR = "times_a_year", "A number of times a year"
        ANNUAL = "annual", "Once a year, in a given term"

    class Placement(models.TextChoices):
        WEEK_OF_TERM = "week_of_term", "Week N of term, on a weekday"
        AFTER_HALF_TERM = "after_half_term", "The Nth weekday after half-term"

    class Audience(models.TextChoices):
        MEMBERS = "members", "The body's members"
        PHASE_HEADS = "phase_heads", "Headteachers of open schools of the phase (home LA)"
        CHAIRS_AND_VICE_CHAIRS = "chairs_and_vice_chairs", "Chairs and vice-chairs (home LA)"
        CHAIRS = "chairs", "Chairs of governors (home LA)"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"

    body = models.ForeignKey("partnerships.Body", on_delete=models.CASCADE, related_name="series")
    title = models.CharField(max_length=200)
    cadence = models.CharField(max_length=20, choices=Cadence.choices, default=Cadence.TERMLY)
    times_a_year = models.PositiveSmallIntegerField(
        default=3, help_text="For 'a number of times a year': 1, 2, 3 or 6."
    )
    annual_term = models.CharField(max_length=10, choices=Term.Name.choices, blank=True)
    placement = models.CharField(
        max_length=20, choices=Placement.choices, default=Placement.WEEK_OF_TERM
    )
    week = models.PositiveSmallIntegerField(default=4, help_text="Week of term, or Nth weekday")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.TUESDAY)
    starts_at = models.TimeField(default="16:00")
    ends_at = models.TimeField(default="17:30")
    venue = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(blank=True)
    audience = models.CharField(max_length=30, choices=Audience.choices, default=Audience.MEMBERS)
    paused = models.BooleanField(default=False)
    # Papers are due this many days before each meeting; item owners are reminded.
    agenda_deadline_days = models.PositiveSmallIntegerField(default=10)
    # The briefing pack is published this many days before each meeting.
    pack_days = models.PositiveSmallIntegerField(default=7)
    standing_items = models.TextField(
        blank=True, default="Minutes of the last meeting\nMatters arising",
        help_text="One per line: added to the top of every meeting's agenda.",
    )  # fmt: skip
    # Bodies whose papers are published: agenda, public papers, approved minutes, decisions.
    publishes = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["body__name", "title"]
        verbose_name_plural = "meeting series"
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at")), name="series_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(cadence="annual") | ~Q(annual_term=""), name="annual_has_a_term"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def how_often(self) -> str:
        """The cadence as the council says it: "Termly", "3 times a year", "Once a year,
        in the summer term"; the officer pages and the public page both use it."""
        if self.cadence == self.Cadence.TERMLY:
            return "Termly"
        if self.cadence == self.Cadence.ANNUAL:
            return f"Once a year, in the {self.get_annual_term_display().lower()} term"
        return {1: "Once a year", 2: "Twice a year"}.get(
            self.times_a_year, f"{self.times_a_year} times a year"
        )


class Meeting(models.Model):
    """One meeting of a series, in local time (Europe/London)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"
        HELD = "held", "Held"

    series = models.ForeignKey(MeetingSeries, on_delete=models.PROTECT, related_name="meetings")
    body = models.ForeignKey("partnerships.Body", on_delete=models.PROTECT, related_name="meetings")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="meetings")
    # Which occurrence of the series this is ("2026/27 autumn 1"): unique per series,
    # so scheduling twice, or twice at once, cannot make a second one.
    occurrence = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    venue = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(blank=True)
    # The day the placement rule gave, when it fell on a non-school day and moved.
    moved_from = models.DateField(null=True, blank=True)
    moved_reason = models.CharField(max_length=200, blank=True)
    # iCalendar identity: one UID for the meeting's life, SEQUENCE raised on each change.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "occurrence"], name="one_meeting_per_occurrence"
            ),
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at")), name="meeting_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["body", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title}, {self.starts_at:%d %b %Y}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def pack_or_none(self):
        try:
            return self.pack
        except models.ObjectDoesNotExist:
            return None


class Invitation(models.Model):
    """A person invited to a meeting, with their reply and their attendance."""

    class Rsvp(models.TextChoices):
        PENDING = "pending", "Not replied"
        ACCEPTED = "accepted", "Attending"
        TENTATIVE = "tentative", "Maybe"
        DECLINED = "declined", "Not attending"

    class Attendance(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        SUBSTITUTE = "substitute", "Sent a substitute"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_invitations"
    )
    rsvp = models.CharField(max_length=20, choices=Rsvp.choices, default=Rsvp.PENDING)
    attendance = models.CharField(max_length=20, choices=Attendance.choices, blank=True)
    # Set when the person leaves the audience (a head leaves, a term of office ends)
    # before the meeting; past meetings keep their invitations as history.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_invitation_per_person")
        ]
        indexes = [models.Index(fields=["person", "meeting"])]

    def __str__(self) -> str:
        return f"{self.person} to {self.meeting}"


class OutboxEmail(models.Model):
    """One e-mail to send about a meeting, written in the same transaction as the change.

    Unique per (meeting, person, kind, version): a retried or redelivered task finds
    the row already sent and sends nothing; a failed send stays pending with a
    later `next_attempt_at`, so nothing is silently lost.
    """

    class Kind(models.TextChoices):
        INVITATION = "invitation", "Invitation"
        UPDATE = "update", "Change to the meeting"
        CANCELLATION = "cancellation", "Cancellation"
        REMINDER = "reminder", "Reminder"
        PACK_PUBLISHED = "pack_published", "Briefing pack published"
        AGENDA_DEADLINE = "agenda_deadline", "Agenda deadline reminder"
        ACTION_OVERDUE = "action_overdue", "Overdue action"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not sent: no longer relevant"
        FAILED = "failed", "Gave up after retries"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outbox")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_emails"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The meeting's SEQUENCE when the e-mail was queued.
    version = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "kind", "version"], name="one_email_per_version"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.person} ({self.meeting})"


class CalendarFeed(models.Model):
    """A person's calendar subscription at a secret URL under /calendar/.

    The URL's token is an HMAC of the feed's random salt under the SECRET_KEY, so the
    page can show the same URL on every visit while the database alone holds no
    usable URL. Regenerating changes the salt (old URLs stop); revoking ends the
    feed; a deactivated person's feed stops answering at once.
    """

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    salt = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.person}"


# --- The business of a meeting: agenda, papers, packs, minutes, decisions, actions ---


class AgendaItem(models.Model):
    """An item of a meeting's agenda, in order, with its minute once taken."""

    class Purpose(models.TextChoices):
        DECISION = "decision", "For decision"
        DISCUSSION = "discussion", "For discussion"
        INFORMATION = "information", "For information"

    class MinuteStatus(models.TextChoices):
        NONE = "", "Not yet minuted"
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.INFORMATION)
    presenter = models.CharField(max_length=200, blank=True)
    # Whoever prepares the item: reminded before the agenda deadline.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="agenda_items_owned",
    )  # fmt: skip
    minutes_allotted = models.PositiveSmallIntegerField(null=True, blank=True)
    # "Minutes of the last meeting", "Matters arising": added by the series.
    is_standing = models.BooleanField(default=False)
    minute = models.TextField(blank=True)
    minute_status = models.CharField(
        max_length=10, choices=MinuteStatus.choices, default=MinuteStatus.NONE, blank=True
    )
    # The later meeting at which the minute was approved.
    minute_approved_at = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="one_item_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Paper(models.Model):
    """A document for a meeting (report, appendix, presentation), kept in versions."""

    class Access(models.TextChoices):
        PUBLIC = "public", "Public"
        INVITEES = "invitees", "The meeting's invitees"
        CONFIDENTIAL = "confidential", "Confidential: named people only"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="papers"
    )
    title = models.CharField(max_length=300)
    access = models.CharField(max_length=20, choices=Access.choices, default=Access.INVITEES)
    named_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="confidential_papers",
        help_text="Who may open a confidential paper (officers always may).",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["meeting", "agenda_item__position", "title"]

    def __str__(self) -> str:
        return self.title


class PaperVersion(models.Model):
    """One uploaded file of a paper; replacing a paper adds a version, never overwrites."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to="papers/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    # The text of a PDF, for full-text search.
    text = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paper", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.paper} (version {self.number})"


class PaperDownload(models.Model):
    """Every download of a paper or pack: who, what, when (information governance)."""

    version = models.ForeignKey(
        PaperVersion, on_delete=models.CASCADE, null=True, blank=True, related_name="downloads"
    )
    pack = models.ForeignKey(
        "BriefingPack", on_delete=models.CASCADE, null=True, blank=True, related_name="downloads"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.person} downloaded {self.version or self.pack} at {self.at:%Y-%m-%d %H:%M}"


class BriefingPack(models.Model):
    """A meeting's papers compiled into one PDF: cover, agenda, then the PDF papers."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="pack")
    publish_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Raised each time the pack is compiled; e-mails are unique per version.
    version = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="packs/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    # A paper changed after publication: the pack needs compiling and sending again.
    is_stale = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Briefing pack: {self.meeting}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @classmethod
    def mark_stale(cls, *, meeting_id: int) -> None:
        """A published pack no longer matches its meeting (papers, agenda, time or
        place): the packs task compiles it again and tells the invitees. Call inside
        the transaction of the change; the row lock orders it after a publish."""
        pack = cls.objects.select_for_update().filter(meeting_id=meeting_id).first()
        if pack is not None and pack.published_at is not None and not pack.is_stale:
            pack.is_stale = True
            pack.save(update_fields=["is_stale"])


class Decision(models.Model):
    """A decision recorded on an agenda item, as council papers write them."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    resolution = models.TextField(help_text='The text after "RESOLVED".')
    other_options = models.TextField("other options considered", blank=True)
    reasons = models.TextField("reasons for decision", blank=True)
    decided_by = models.CharField(max_length=200, blank=True)
    decided_on = models.DateField()
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["decided_on", "pk"]

    def __str__(self) -> str:
        return f"Decision on {self.agenda_item}"


class Action(models.Model):
    """An action agreed at a meeting, carried into "matters arising" until done."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_actions"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.description[:60]
