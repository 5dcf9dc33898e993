"""Ofsted's vocabularies as data: frameworks, grades, evaluation areas, LA judgements.

Ofsted says the report-card grades cannot be compared with the older 4-point
grades, so the two scales are kept apart: a grade is stored as its own word
("good", "strong_standard"), never as a number that invites conversion.
"""

from django.db import models


class Framework(models.TextChoices):
    GRADED = "graded", "Graded inspection"
    # From September 2024 graded inspections gave no overall effectiveness grade.
    GRADED_NO_OVERALL = "graded_no_overall", "Graded inspection, no overall grade"
    UNGRADED = "ungraded", "Ungraded inspection"
    # From 10 November 2025: evaluation areas on a 5-point scale, safeguarding met / not met.
    REPORT_CARD = "report_card", "Report card inspection"
    MONITORING = "monitoring", "Monitoring or urgent inspection"


class Grade(models.TextChoices):
    """The 4-point scale of graded inspections (and of ILACS judgements)."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class ReportCardGrade(models.TextChoices):
    """The 5-point scale of report-card evaluation areas, best first."""

    EXCEPTIONAL = "exceptional", "Exceptional"
    STRONG_STANDARD = "strong_standard", "Strong standard"
    EXPECTED_STANDARD = "expected_standard", "Expected standard"
    NEEDS_ATTENTION = "needs_attention", "Needs attention"
    URGENT_IMPROVEMENT = "urgent_improvement", "Urgent improvement"


# A judgement's grade is on one of the two scales; both in one choice list for the column.
ANY_GRADE = [*Grade.choices, *ReportCardGrade.choices]

# Best first on each scale, for ordering tables and charts.
GRADE_ORDER = {value: i for i, value in enumerate([*Grade.values, *ReportCardGrade.values])}


class Area(models.TextChoices):
    """Judgement areas: the 2019 framework's key judgements, then the report card's."""

    # Graded inspections (education inspection framework, 2019–2025)
    QUALITY_OF_EDUCATION = "quality_of_education", "Quality of education"
    BEHAVIOUR_AND_ATTITUDES = "behaviour_and_attitudes", "Behaviour and attitudes"
    PERSONAL_DEVELOPMENT = "personal_development", "Personal development"
    LEADERSHIP_AND_MANAGEMENT = "leadership_and_management", "Leadership and management"
    # Report cards (from November 2025)
    INCLUSION = "inclusion", "Inclusion"
    CURRICULUM_AND_TEACHING = "curriculum_and_teaching", "Curriculum and teaching"
    ACHIEVEMENT = "achievement", "Achievement"
    ATTENDANCE_AND_BEHAVIOUR = "attendance_and_behaviour", "Attendance and behaviour"
    PERSONAL_DEVELOPMENT_AND_WELLBEING = (
        "personal_development_and_wellbeing",
        "Personal development and well-being",
    )
    LEADERSHIP_AND_GOVERNANCE = "leadership_and_governance", "Leadership and governance"
    # Both frameworks, where the school has them
    EARLY_YEARS = "early_years", "Early years"
    SIXTH_FORM = "sixth_form", "Sixth form"


GRADED_AREAS = (
    Area.QUALITY_OF_EDUCATION,
    Area.BEHAVIOUR_AND_ATTITUDES,
    Area.PERSONAL_DEVELOPMENT,
    Area.LEADERSHIP_AND_MANAGEMENT,
    Area.EARLY_YEARS,
    Area.SIXTH_FORM,
)
REPORT_CARD_AREAS = (
    Area.INCLUSION,
    Area.CURRICULUM_AND_TEACHING,
    Area.ACHIEVEMENT,
    Area.ATTENDANCE_AND_BEHAVIOUR,
    Area.PERSONAL_DEVELOPMENT_AND_WELLBEING,
    Area.LEADERSHIP_AND_GOVERNANCE,
    Area.EARLY_YEARS,
    Area.SIXTH_FORM,
)


class Safeguarding(models.TextChoices):
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"


class LAInspectionKind(models.TextChoices):
    """Inspections and visits of the council's own children's services."""

    ILACS_STANDARD = "ilacs_standard", "ILACS standard inspection"
    ILACS_SHORT = "ilacs_short", "ILACS short inspection"
    FOCUSED_VISIT = "focused_visit", "Focused visit"
    MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
    JTAI = "jtai", "Joint targeted area inspection"
    AREA_SEND = "area_send", "Area SEND inspection"


class ILACSArea(models.TextChoices):
    OVERALL = "overall", "Overall effectiveness"
    LEADERS = "leaders", "The impact of leaders on social work practice with children and families"
    HELP_AND_PROTECTION = (
        "help_and_protection",
        "The experiences and progress of children who need help and protection",
    )
    CHILDREN_IN_CARE = "children_in_care", "The experiences and progress of children in care"
    CARE_LEAVERS = "care_leavers", "The experiences and progress of care leavers"
    # Before January 2023 children in care and care leavers were judged together.
    CHILDREN_IN_CARE_AND_CARE_LEAVERS = (
        "children_in_care_and_care_leavers",
        "The experiences and progress of children in care and care leavers",
    )


class AreaSendOutcome(models.TextChoices):
    """The three outcomes of the 2023 area SEND framework."""

    POSITIVE = "positive", "Typically positive experiences and outcomes"
    INCONSISTENT = "inconsistent", "Inconsistent experiences and outcomes"
    SYSTEMIC_FAILINGS = "systemic_failings", "Widespread and/or systemic failings"
