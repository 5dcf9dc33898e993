"""What the school page shows of inspections, as the person may see it.

`school_sections` adds a fixed number of queries to the school page whatever
the school's history: Ofsted inspections with their graded areas (2), the link
inspector (1), the visits the person may see with their actions (2), and, for
officers, the support history (1).
"""

from django.db.models import Prefetch

from accounts import policy
from schools.models import School

from . import link, support
from .models import InspectionJudgement, LinkInspectorAssignment

VISITS_SHOWN = 10


def school_sections(actor, school: School) -> dict:
    inspections = school.inspections.order_by("-started_on", "-id").prefetch_related(
        Prefetch(
            "judgements",
            InspectionJudgement.objects.order_by("id"),
            to_attr="graded_areas",
        )
    )
    assignments = policy.link_assignments_visible_to(
        actor, LinkInspectorAssignment.objects.current().filter(school=school)
    )
    visits = (
        policy.visits_visible_to(actor, school.link_visits.all())
        .select_related("inspector")
        .prefetch_related("actions")
        .order_by("-visited_on", "-id")
    )
    can_view_support = policy.can_view_link_inspection(actor)
    return {
        "ofsted_inspections": list(inspections),
        "link_assignment": assignments.select_related("inspector").first(),
        "link_entitlement_refusal": link.entitlement_refusal(school),
        "link_visits": list(visits[:VISITS_SHOWN]),
        "link_visits_shown": VISITS_SHOWN,
        "can_assign_link_inspector": policy.can_assign_link_inspector(actor, school),
        "can_record_visit": policy.can_record_visit(actor, school),
        "can_view_support": can_view_support,
        "can_categorise_support": policy.can_categorise_support(actor, school),
        "support_history": list(support.history(school)) if can_view_support else [],
    }
