from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from council_portal.periods import PeriodQuerySet
from schools.categories import Category


class PartnerAgency(models.Model):
    """An agency the council works with beside schools: Police, Probation Service, Courts…"""

    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        PROBATION = "probation", "Probation Service"
        COURTS = "courts", "Courts"
        YOUTH_JUSTICE = "youth_justice", "Youth Justice"
        HEALTH = "health", "Health"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "partner agencies"

    def __str__(self) -> str:
        return self.name


class AgencyContact(models.Model):
    """A person who represents an agency in the council's partnerships."""

    agency = models.ForeignKey(PartnerAgency, on_delete=models.CASCADE, related_name="contacts")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_contacts"
    )
    job_title = models.CharField(max_length=200, blank=True)
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "person", "starts_on"], name="one_contact")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.agency})"


class Body(models.Model):
    """A standing body of the council's relationship with schools: a conference,
    a briefing, a partnership. Its meetings come from its meeting series."""

    class Kind(models.TextChoices):
        STANDING_CONFERENCE = "standing_conference", "Standing conference"
        PHASE_CONFERENCE = "phase_conference", "Phase conference"
        GOVERNORS_BRIEFING = "governors_briefing", "Governors' briefing"
        CABINET_MEMBER_MEETING = "cabinet_member_meeting", "Cabinet Member meeting"
        PARTNERSHIP = "partnership", "Partnership"
        WORKING_GROUP = "working_group", "Working group"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    purpose = models.TextField(blank=True)
    terms_of_reference = models.TextField(
        blank=True, help_text="Remit, membership, quorum and how decisions are taken."
    )
    topics = models.CharField(
        max_length=300, blank=True, help_text="Admissions, funding, policy, behaviour…"
    )
    # GIAS phase of education, for a phase conference ("Primary", "Secondary"…).
    phase = models.CharField(max_length=50, blank=True)
    quorum = models.PositiveSmallIntegerField(null=True, blank=True)
    run_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="bodies_run",
        help_text="Officers who run the body and its meetings.",
    )  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A member of a body: a person, a school (its head attends) or an agency (its contacts)."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        MEMBER = "member", "Member"
        OFFICER = "officer", "Officer"
        ADVISER = "adviser", "Adviser"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="body_memberships",
    )  # fmt: skip
    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, null=True, blank=True,
        related_name="body_memberships",
    )  # fmt: skip
    agency = models.ForeignKey(
        PartnerAgency, on_delete=models.CASCADE, null=True, blank=True,
        related_name="body_memberships",
    )  # fmt: skip
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, school__isnull=True, agency__isnull=True)
                    | Q(person__isnull=True, school__isnull=False, agency__isnull=True)
                    | Q(person__isnull=True, school__isnull=True, agency__isnull=False)
                ),
                name="membership_is_one_person_school_or_agency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person or self.school or self.agency} – {self.body}"


# --- The council's named contacts for each school ------------------------------------


class ContactResponsibility(models.TextChoices):
    """What a school contacts the council about; each school has one named officer per
    responsibility (see partnerships.contacts for how they are found)."""

    LINK_INSPECTOR = "link_inspector", "Link inspector"
    SCHOOL_IMPROVEMENT = "school_improvement", "School improvement"
    ADMISSIONS = "admissions", "Admissions"
    SEND = "send", "Special educational needs and disabilities (SEND)"
    ATTENDANCE = "attendance", "Attendance"
    EXCLUSIONS = "exclusions", "Inclusion and exclusions"
    SAFEGUARDING = "safeguarding", "Safeguarding lead officer"
    GOVERNOR_SERVICES = "governor_services", "Governor services"


# The link inspector is whoever holds the school's current assignment; it is never a rule.
NOT_BY_RULE = frozenset({ContactResponsibility.LINK_INSPECTOR})


def _refuse_link_inspector(responsibility: str) -> None:
    from django.core.exceptions import ValidationError

    if responsibility in NOT_BY_RULE:
        raise ValidationError(
            {
                "responsibility": "A school's link inspector comes from its link inspector "
                "assignment; assign one on the school's inspections page."
            }
        )


class ContactRule(models.Model):
    """A default contact: this officer, for this responsibility, for schools matching
    every criterion given (a blank criterion matches any school). The school's most
    specific matching rule applies unless the school has its own SchoolContact."""

    responsibility = models.CharField(max_length=30, choices=ContactResponsibility.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contact_rules"
    )
    local_authority = models.ForeignKey(
        "schools.LocalAuthority", on_delete=models.CASCADE, null=True, blank=True,
        related_name="+", help_text="Blank: schools of any local authority.",
    )  # fmt: skip
    phase = models.CharField(
        "phase of education", max_length=50, blank=True,
        help_text="As GIAS names it (Primary, Secondary…). Blank: any phase.",
    )  # fmt: skip
    category = models.CharField(
        max_length=20, blank=True, choices=Category.choices, help_text="Blank: any category."
    )
    planning_area = models.ForeignKey(
        "schools.PlanningArea", on_delete=models.CASCADE, null=True, blank=True,
        related_name="contact_rules", help_text="Blank: any planning area.",
    )  # fmt: skip
    publish = models.BooleanField(
        "publish on the public page", default=False,
        help_text="The council names this officer on its public page for these schools.",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["responsibility", "id"]

    def __str__(self) -> str:
        return f"{self.get_responsibility_display()}: {self.officer} ({self.criteria_text})"

    CRITERIA = ("local_authority_id", "phase", "category", "planning_area_id")

    @property
    def specificity(self) -> int:
        """How many criteria the rule sets: the more, the more specific."""
        return sum(1 for name in self.CRITERIA if getattr(self, name))

    @property
    def criteria_text(self) -> str:
        parts = [
            self.phase,
            self.get_category_display() if self.category else "",
            self.planning_area.name if self.planning_area_id else "",
            self.local_authority.name if self.local_authority_id else "",
        ]
        return ", ".join(p for p in parts if p) or "all schools"

    def clean(self):
        from django.core.exceptions import ValidationError

        _refuse_link_inspector(self.responsibility)
        same = ContactRule.objects.filter(
            responsibility=self.responsibility,
            local_authority_id=self.local_authority_id,
            phase__iexact=self.phase,
            category=self.category,
            planning_area_id=self.planning_area_id,
        ).exclude(pk=self.pk)
        if self.responsibility and same.exists():
            raise ValidationError(
                "A rule for this responsibility with the same criteria exists already: "
                "change that one instead."
            )
        if (
            self.planning_area_id
            and self.local_authority_id
            and self.planning_area.local_authority_id != self.local_authority_id
        ):
            raise ValidationError(
                {"planning_area": "The planning area is in another local authority."}
            )


class SchoolContact(models.Model):
    """A school's own named contact for a responsibility, in place of the rules'."""

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="council_contacts"
    )
    responsibility = models.CharField(max_length=30, choices=ContactResponsibility.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="school_contacts"
    )
    publish = models.BooleanField("publish on the public page", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["school", "responsibility"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "responsibility"], name="one_contact_per_responsibility"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_responsibility_display()} for {self.school}: {self.officer}"

    def clean(self):
        _refuse_link_inspector(self.responsibility)


# --- Service areas and their staffing -------------------------------------------------


class ServiceArea(models.Model):
    """A service area of Children's Services (Access to Learning, SEND…) with its teams."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the page.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team within a service area."""

    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within the area.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["service_area", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_area", "name"], name="team_name_unique_in_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.service_area.name})"


class Post(models.Model):
    """An established post in a team, held by an officer or vacant (no holder).

    A post exists from `starts_on` to `ends_on` (the last day, inclusive); the
    staffing breakdown counts the posts in force on the day it is asked about.
    """

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(max_length=200)
    grade = models.CharField(
        max_length=30, blank=True, help_text="Pay grade, e.g. PO3, Soulbury 12."
    )
    fte = models.DecimalField(
        "FTE", max_digits=4, decimal_places=2, default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
        help_text="Full-time equivalent, 0.01 to 1.00.",
    )  # fmt: skip
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="posts_held", help_text="Blank while the post is vacant.",
    )  # fmt: skip
    responsibilities = models.TextField(blank=True)
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)

    objects = PeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="post_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=1), name="post_fte_between_0_and_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.team.name})"

    @property
    def is_vacant(self) -> bool:
        return self.holder_id is None
