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
