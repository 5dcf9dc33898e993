"""Link inspectors and their visits, support categorisation, Ofsted inspections of
schools, and the inspections of the council's own children's services."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from council_portal.periods import PeriodQuerySet
from schools.models import School

from .grades import (
    ANY_GRADE,
    Area,
    AreaSendOutcome,
    Framework,
    Grade,
    ILACSArea,
    LAInspectionKind,
    Safeguarding,
)


class LinkInspectorAssignment(models.Model):
    """An officer serving as a school's link inspector over a period.

    State-funded schools are entitled to one at no cost; the rule is enforced
    by `inspections.link.assign`, not here, so history survives a school
    changing category.
    """

    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="link_assignments"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="link_assignments")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = PeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="link_assignment_ends_after_it_starts",
            )
        ]
        indexes = [
            models.Index(fields=["school", "ends_on"]),
            models.Index(fields=["inspector", "ends_on"]),
            # The API's cursor pages: the sort key with its tie-break.
            models.Index(fields=["starts_on", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.inspector} – link inspector of {self.school.name}"


class FocusArea(models.TextChoices):
    CURRICULUM_AND_TEACHING = "curriculum_and_teaching", "Curriculum and teaching"
    ACHIEVEMENT = "achievement", "Achievement and outcomes"
    ATTENDANCE_AND_BEHAVIOUR = "attendance_and_behaviour", "Attendance and behaviour"
    INCLUSION_AND_SEND = "inclusion_and_send", "Inclusion and SEND"
    PERSONAL_DEVELOPMENT = "personal_development", "Personal development and well-being"
    LEADERSHIP_AND_GOVERNANCE = "leadership_and_governance", "Leadership and governance"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    EARLY_YEARS = "early_years", "Early years"
    SIXTH_FORM = "sixth_form", "Sixth form"
    INSPECTION_READINESS = "inspection_readiness", "Preparing for inspection"
    FINANCE = "finance", "Finance and resources"


class LinkVisit(models.Model):
    """A link inspector's visit to (or recorded contact with) a school.

    Notes are for officers; the school's headteacher sees the visit once it is
    shared with the school, and no other school ever does.
    """

    class Purpose(models.TextChoices):
        CHALLENGE = "challenge", "Challenge"
        SUPPORT = "support", "Support"
        EXTERNAL_SCRUTINY = "external_scrutiny", "External scrutiny"
        OTHER = "other", "Other"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="link_visits")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="link_visits"
    )
    visited_on = models.DateField()
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    focus_areas = models.JSONField(default=list, blank=True, help_text="FocusArea values.")
    notes = models.TextField(blank=True)
    report = models.FileField(upload_to="link-visits/%Y/%m/", blank=True)
    report_name = models.CharField(max_length=255, blank=True)
    report_content_type = models.CharField(max_length=100, blank=True)
    report_size = models.PositiveBigIntegerField(null=True, blank=True)
    report_sha256 = models.CharField(max_length=64, blank=True)
    shared_at = models.DateTimeField("shared with the school", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["school", "visited_on"]),
            models.Index(fields=["inspector", "visited_on"]),
            models.Index(fields=["visited_on", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} visit to {self.school.name} on {self.visited_on}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:visit", args=[self.pk])

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None

    def focus_area_labels(self) -> list[str]:
        labels = dict(FocusArea.choices)
        return [labels.get(value, value) for value in self.focus_areas]


class VisitAction(models.Model):
    """A follow-up action agreed at a link visit."""

    visit = models.ForeignKey(LinkVisit, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visit_actions",
    )
    # Someone at the school who is not a portal user ("the SENCo").
    owner_name = models.CharField(max_length=200, blank=True)
    due_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["visit", "due_on", "id"]
        indexes = [models.Index(fields=["completed_on", "due_on"])]

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        return self.completed_on is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()


class SupportCategorisation(models.Model):
    """A decision on how much support a school needs (schools causing concern).

    Each decision is a new row, so the school's history reads in order; the
    latest is in force until its review.
    """

    class Level(models.TextChoices):
        UNIVERSAL = "universal", "Universal"
        TARGETED = "targeted", "Targeted"
        INTENSIVE = "intensive", "Intensive"

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="support_categorisations"
    )
    level = models.CharField(max_length=20, choices=Level.choices)
    reasons = models.TextField()
    decided_on = models.DateField()
    review_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(fields=["school", "decided_on"]),
            models.Index(fields=["decided_on", "id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_on__isnull=True) | Q(review_on__gte=models.F("decided_on")),
                name="support_review_after_decision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.school.name}: {self.get_level_display()} from {self.decided_on}"


class SchoolInspection(models.Model):
    """One Ofsted inspection of a school, under whichever framework it was carried out.

    The overall grade exists only for graded inspections before September 2024;
    report cards grade evaluation areas (`judgements`) and safeguarding instead.
    """

    class Source(models.TextChoices):
        IMPORT = "import", "Ofsted management information"
        MANUAL = "manual", "Entered by an officer"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="inspections")
    # Ofsted's inspection number: the key that makes imports idempotent.
    inspection_number = models.CharField(max_length=20, unique=True)
    framework = models.CharField(max_length=20, choices=Framework.choices)
    inspection_type = models.CharField("inspection type (Ofsted)", max_length=100, blank=True)
    started_on = models.DateField("inspection start date")
    ended_on = models.DateField("inspection end date", null=True, blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    overall_effectiveness = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    category_of_concern = models.CharField(max_length=50, blank=True)
    # Ungraded inspections' outcome as Ofsted words it.
    outcome = models.CharField(max_length=300, blank=True)
    safeguarding = models.CharField(max_length=10, choices=Safeguarding.choices, blank=True)
    report_url = models.URLField(max_length=500, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.IMPORT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["school", "started_on"]),
            models.Index(fields=["framework", "started_on"]),
            models.Index(fields=["started_on", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_framework_display()} of {self.school.name} on {self.started_on}"


class InspectionJudgement(models.Model):
    """A graded area of a school inspection (key judgement or report-card evaluation area)."""

    inspection = models.ForeignKey(
        SchoolInspection, on_delete=models.CASCADE, related_name="judgements"
    )
    area = models.CharField(max_length=40, choices=Area.choices)
    grade = models.CharField(max_length=30, choices=ANY_GRADE)

    class Meta:
        ordering = ["inspection", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "area"], name="one_grade_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.get_grade_display()}"


class OfstedImport(models.Model):
    """One run of the Ofsted import, kept so officers see when inspections were refreshed."""

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

    def __str__(self) -> str:
        return f"{self.file_name} at {self.started_at:%Y-%m-%d %H:%M}"


class LAInspection(models.Model):
    """An inspection or visit of the council's own children's services."""

    Kind = LAInspectionKind

    kind = models.CharField(max_length=20, choices=Kind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    # ILACS gives an overall effectiveness on the 4-point scale; visits do not.
    overall_effectiveness = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    send_outcome = models.CharField(
        "area SEND outcome", max_length=30, choices=AreaSendOutcome.choices, blank=True
    )
    summary = models.TextField(blank=True)
    report_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "LA inspection"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.started_on:%B %Y})"


class LAJudgement(models.Model):
    """One judgement of an ILACS inspection."""

    inspection = models.ForeignKey(
        LAInspection, on_delete=models.CASCADE, related_name="judgements"
    )
    area = models.CharField(max_length=40, choices=ILACSArea.choices)
    grade = models.CharField(max_length=30, choices=Grade.choices)

    class Meta:
        ordering = ["inspection", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "area"], name="one_la_grade_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.get_grade_display()}"


class ImprovementNotice(models.Model):
    """A DfE improvement notice on the council's children's services, until lifted."""

    issued_on = models.DateField()
    lifted_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lifted_on__isnull=True) | Q(lifted_on__gte=models.F("issued_on")),
                name="notice_lifted_after_issue",
            )
        ]

    def __str__(self) -> str:
        state = f"lifted {self.lifted_on}" if self.lifted_on else "in force"
        return f"Improvement notice issued {self.issued_on} ({state})"


class ImprovementAction(models.Model):
    """A recommendation of an LA inspection (or an improvement notice), tracked to done."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    inspection = models.ForeignKey(
        LAInspection, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    notice = models.ForeignKey(
        ImprovementNotice, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    recommendation = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="improvement_actions",
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(inspection__isnull=False) | Q(notice__isnull=False),
                name="improvement_action_has_a_source",
            )
        ]

    def __str__(self) -> str:
        return self.recommendation[:80]
