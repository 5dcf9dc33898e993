from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from council_portal.periods import PeriodQuerySet

from .categories import OPEN_STATUSES, STATE_FUNDED, Category, Status


class LocalAuthority(models.Model):
    """A local authority as GIAS codes it ("LA (code)", e.g. 212 Wandsworth)."""

    code = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_home(self) -> bool:
        return self.code == settings.HOME_LA_CODE


class SchoolQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def state_funded(self):
        return self.filter(category__in=STATE_FUNDED)

    def in_home_la(self):
        return self.filter(local_authority__code=settings.HOME_LA_CODE)


class School(models.Model):
    """An establishment of the GIAS register, keyed by URN.

    The GIAS fields are owned by the import (`schools.gias`) and read-only in
    the portal; the people around a school (headships, governing body) are the
    portal's own.
    """

    urn = models.PositiveIntegerField("URN", unique=True)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="schools"
    )
    establishment_number = models.CharField(max_length=10, blank=True)
    name = models.CharField(max_length=200)
    gias_type = models.CharField("type of establishment (GIAS)", max_length=100)
    gias_type_group = models.CharField("establishment type group (GIAS)", max_length=100)
    further_education_type = models.CharField(max_length=100, blank=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    phase = models.CharField("phase of education", max_length=50, blank=True)
    status = models.CharField(max_length=30, choices=Status.choices)
    opened_on = models.DateField(null=True, blank=True)
    opening_reason = models.CharField(max_length=100, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closing_reason = models.CharField(max_length=100, blank=True)
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=20, blank=True)
    religious_character = models.CharField(max_length=100, blank=True)
    street = models.CharField(max_length=200, blank=True)
    locality = models.CharField(max_length=200, blank=True)
    address3 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    county = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    website = models.CharField(max_length=300, blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    trust = models.CharField("trust", max_length=200, blank=True)
    sponsor = models.CharField("sponsor", max_length=300, blank=True)
    number_of_pupils = models.PositiveIntegerField(null=True, blank=True)
    capacity = models.PositiveIntegerField("school capacity", null=True, blank=True)
    head_title = models.CharField("head's title (GIAS)", max_length=30, blank=True)
    head_first_name = models.CharField("head's first name (GIAS)", max_length=100, blank=True)
    head_last_name = models.CharField("head's last name (GIAS)", max_length=100, blank=True)
    head_job_title = models.CharField("head's job title (GIAS)", max_length=100, blank=True)
    ofsted_rating = models.CharField("Ofsted rating (GIAS)", max_length=50, blank=True)
    ofsted_last_inspected_on = models.DateField(
        "last Ofsted inspection (GIAS)", null=True, blank=True
    )
    ukprn = models.CharField("UKPRN", max_length=10, blank=True)
    gias_last_changed_on = models.DateField("last changed in GIAS", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    objects = SchoolQuerySet.as_manager()
    # Changes made in the portal; the GIAS import writes in bulk and is logged in GiasImport.
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "urn"]
        indexes = [
            models.Index(fields=["category", "status"]),
            models.Index(fields=["phase"]),
            models.Index(fields=["status"]),
            models.Index(fields=["name"]),
            models.Index(fields=["postcode"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"

    def get_absolute_url(self) -> str:
        return reverse("schools:detail", args=[self.urn])

    @property
    def is_state_funded(self) -> bool:
        return self.category in STATE_FUNDED

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def gias_head_name(self) -> str:
        return " ".join(
            p for p in (self.head_title, self.head_first_name, self.head_last_name) if p
        )

    @property
    def address_lines(self) -> list[str]:
        parts = (self.street, self.locality, self.address3, self.town, self.county, self.postcode)
        return [p for p in parts if p]


class Headship(models.Model):
    """A person leading a school, substantively or otherwise, over a period."""

    class Kind(models.TextChoices):
        SUBSTANTIVE = "substantive", "Substantive"
        ACTING = "acting", "Acting"
        INTERIM = "interim", "Interim"
        EXECUTIVE = "executive", "Executive"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="headships"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="headships")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SUBSTANTIVE)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = PeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="headship_ends_after_it_starts",
            )
        ]
        indexes = [models.Index(fields=["school", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_kind_display().lower()} head of {self.school.name}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)


class AppointmentCategory(models.TextChoices):
    """How a member of a governing body came to be appointed."""

    PARENT = "parent", "Parent"
    STAFF = "staff", "Staff"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    CO_OPTED = "co_opted", "Co-opted"
    FOUNDATION = "foundation", "Foundation"
    PARTNERSHIP = "partnership", "Partnership"
    HEADTEACHER = "headteacher", "Headteacher"
    MEMBER = "member", "Member"
    OTHER = "other", "Other"


class GovernorAppointment(models.Model):
    """A seat on a school's governing body (or academy trust board) for a term of office."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        GOVERNOR = "governor", "Governor"
        TRUSTEE = "trustee", "Trustee"
        CLERK = "clerk", "Clerk"

    Category = AppointmentCategory

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="governor_appointments"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="governors")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.GOVERNOR)
    category = models.CharField(
        "appointment category", max_length=20, choices=Category.choices, blank=True
    )
    starts_on = models.DateField("term of office from")
    ends_on = models.DateField("term of office to", null=True, blank=True)

    objects = PeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["school", "role", "person__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="governor_term_ends_after_it_starts",
            )
        ]
        indexes = [models.Index(fields=["school", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display().lower()}, {self.school.name}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)


class GiasImport(models.Model):
    """One run of the GIAS import, kept so officers can see when the register was refreshed."""

    file_name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "GIAS import"

    def __str__(self) -> str:
        return f"{self.file_name} at {self.started_at:%Y-%m-%d %H:%M}"


class PlanningArea(models.Model):
    """A group of one local authority's schools whose places are planned together.

    Officers draw areas as they need them. A school with no area counts in its
    authority's default area, which is named after the authority and needs no row.
    """

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="planning_areas"
    )
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["local_authority__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "name"], name="planning_area_name_unique_in_la"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.local_authority.name})"


class PlanningAreaSchool(models.Model):
    """A school's place in a planning area: one area per school, of the school's own LA."""

    area = models.ForeignKey(PlanningArea, on_delete=models.CASCADE, related_name="school_links")
    school = models.OneToOneField(
        School, on_delete=models.CASCADE, related_name="planning_area_link"
    )

    class Meta:
        ordering = ["school__name"]
        verbose_name = "school in a planning area"
        verbose_name_plural = "schools in planning areas"

    def __str__(self) -> str:
        return f"{self.school.name} in {self.area.name}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if (
            self.area_id
            and self.school_id
            and self.school.local_authority_id != self.area.local_authority_id
        ):
            raise ValidationError(
                {"school": "The school is in another local authority than the planning area."}
            )


class PlacesSnapshot(models.Model):
    """The school places figures of one date, recorded at the end of each GIAS import.

    The date is the file's own (edubasealldataYYYYMMDD.csv) when its name carries
    one, else the day it was imported; a second import on the same date replaces
    that date's figures for the local authorities the file covers.
    """

    class DateSource(models.TextChoices):
        FILE_NAME = "file_name", "Date in the file's name"
        IMPORT_DATE = "import_date", "Day of the import"

    as_of = models.DateField(unique=True)
    date_source = models.CharField(max_length=20, choices=DateSource.choices)
    file_name = models.CharField(max_length=300)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-as_of"]
        verbose_name = "school places snapshot"

    def __str__(self) -> str:
        return f"School places as of {self.as_of:%d %B %Y}"


class SchoolPlaces(models.Model):
    """One open, state-funded school's capacity and pupils on roll in a snapshot."""

    class Provision(models.TextChoices):
        MAINSTREAM = "mainstream", "Mainstream"
        SPECIALIST = "specialist", "Special school, pupil referral unit or alternative provision"

    snapshot = models.ForeignKey(PlacesSnapshot, on_delete=models.CASCADE, related_name="rows")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="places")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    phase = models.CharField(max_length=50, blank=True)
    provision = models.CharField(max_length=20, choices=Provision.choices)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    pupils = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "school's places"
        verbose_name_plural = "schools' places"
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "school"], name="one_places_row_per_snapshot"
            )
        ]
        indexes = [models.Index(fields=["snapshot", "local_authority"])]

    def __str__(self) -> str:
        return f"{self.school_id} on {self.snapshot_id}"
