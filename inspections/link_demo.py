"""Demo link inspection: link inspectors and their caseloads, a year of visits with
follow-up actions, and support categorisations, over the demo borough's schools."""

import random
from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import User
from schools.models import Headship, School

from .models import (
    FocusArea,
    LinkInspectorAssignment,
    LinkVisit,
    SupportCategorisation,
    VisitAction,
)

DEMO_INSPECTORS = [
    ("Nadia", "Okafor"),
    ("Tom", "Reilly"),
    ("Sunita", "Bhatt"),
    ("Gareth", "Lloyd"),
]
OWN_CASELOAD = 20
LEFT_UNCOVERED = 4
NOTES = [
    "Met the headteacher and the deputy. Reviewed the school development plan and the "
    "latest attendance figures; persistent absence is falling.",
    "Joint learning walk in Key Stage 2 with the curriculum lead. Reading is consistently "
    "taught; writing less so.",
    "Discussed the SEND register and the use of the notional SEND budget with the SENCo.",
    "Reviewed the single central record and safeguarding training log: up to date.",
    "Preparation for inspection: talked through the likely report-card areas and evidence.",
]
ACTIONS = [
    "Share the attendance action plan with governors",
    "Update the SEND information report on the website",
    "Book the governors' safeguarding training",
    "Send the curriculum map for writing to the link inspector",
    "Review the behaviour policy with staff",
]
REASONS = {
    SupportCategorisation.Level.UNIVERSAL: "Good or better outcomes; leadership stable.",
    SupportCategorisation.Level.TARGETED: "Attendance below the borough average; new "
    "headteacher in post; support with curriculum leadership.",
    SupportCategorisation.Level.INTENSIVE: "Safeguarding concerns raised at the last "
    "inspection and a falling roll; monthly monitoring meetings with the council.",
}


def _demo_inspectors() -> list[User]:
    groups = [Group.objects.get_or_create(name=n)[0] for n in (roles.OFFICER, roles.LINK_INSPECTOR)]
    people = []
    for first, last in DEMO_INSPECTORS:
        email = f"{first}.{last}.link@people.demo.test".lower()
        person, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": f"{last} (demo)"}
        )
        if created:
            person.set_unusable_password()
            person.save()
        person.groups.add(*groups)
        people.append(person)
    return people


@transaction.atomic
def seed_link_inspection(*, inspector: User, head: User) -> dict[str, int]:
    """Give the demo borough its link inspectors, visits and support levels.

    `inspector` (inspector@demo.test) gets about twenty schools, including the
    school `head` leads, which has a visit shared with it; invented inspectors
    share most of the rest; a few entitled schools are left without one. Running
    it again adds nothing.
    """
    schools = list(School.objects.in_home_la().open().order_by("urn"))
    if LinkInspectorAssignment.objects.filter(school__in=schools).exists():
        return {"assignments": 0, "visits": 0, "actions": 0, "categorisations": 0}
    rng = random.Random(2122)
    today = timezone.localdate()
    heads_school = Headship.objects.current().filter(person=head, school__in=schools).first()
    entitled = [s for s in schools if s.is_state_funded]
    if heads_school is not None and heads_school.school in entitled:
        entitled.remove(heads_school.school)
        entitled.insert(0, heads_school.school)
    others = _demo_inspectors()
    covered = entitled[: max(0, len(entitled) - LEFT_UNCOVERED)]
    assignments = []
    for n, school in enumerate(covered):
        who = inspector if n < OWN_CASELOAD else others[n % len(others)]
        starts_on = today - timedelta(days=rng.randint(60, 900))
        assignments.append(
            LinkInspectorAssignment(school=school, inspector=who, starts_on=starts_on)
        )
    LinkInspectorAssignment.objects.bulk_create(assignments)

    visits, actions = [], []
    for assignment in assignments:
        for _ in range(rng.randint(1, 3)):
            visited_on = today - timedelta(days=rng.randint(5, 360))
            visits.append(
                LinkVisit(
                    school=assignment.school, inspector=assignment.inspector,
                    visited_on=visited_on,
                    purpose=rng.choice(["challenge", "support", "external_scrutiny"]),
                    focus_areas=sorted(rng.sample(FocusArea.values, rng.randint(1, 3)),
                                       key=FocusArea.values.index),
                    notes=rng.choice(NOTES), created_by=assignment.inspector,
                    shared_at=(timezone.now() - timedelta(days=rng.randint(0, 4)))
                    if rng.random() < 0.5 else None,
                )
            )  # fmt: skip
    # Contact with a school that is not entitled is recorded too.
    not_entitled = [s for s in schools if not s.is_state_funded]
    if not_entitled:
        visits.append(
            LinkVisit(
                school=not_entitled[0],
                inspector=inspector,
                purpose="other",
                visited_on=today - timedelta(days=40),
                created_by=inspector,
                notes="Courtesy visit at the school's request: safeguarding partnership.",
            )  # fmt: skip
        )
    if heads_school is not None:
        visits.append(
            LinkVisit(
                school=heads_school.school,
                inspector=inspector,
                purpose="support",
                visited_on=today - timedelta(days=21),
                created_by=inspector,
                focus_areas=["attendance_and_behaviour", "leadership_and_governance"],
                notes=NOTES[0],
                shared_at=timezone.now() - timedelta(days=19),
            )  # fmt: skip
        )
    LinkVisit.objects.bulk_create(visits)
    for visit in visits:
        for _ in range(rng.randint(0, 2)):
            due_on = visit.visited_on + timedelta(days=rng.choice([14, 30, 60, 90]))
            done = due_on < today and rng.random() < 0.6
            actions.append(
                VisitAction(
                    visit=visit, description=rng.choice(ACTIONS), due_on=due_on,
                    owner_name=rng.choice(["The headteacher", "The SENCo", "Chair of governors"]),
                    completed_on=min(due_on, today) if done else None,
                )
            )  # fmt: skip
    VisitAction.objects.bulk_create(actions)

    Level = SupportCategorisation.Level
    levels = [Level.INTENSIVE, Level.INTENSIVE] + [
        Level.TARGETED if rng.random() < 0.15 else Level.UNIVERSAL for _ in entitled[2:]
    ]
    rng.shuffle(levels)
    decisions = []
    for school, level in zip(entitled, levels, strict=True):
        decided_on = today - timedelta(days=rng.randint(30, 300))
        review_in = {Level.INTENSIVE: 60, Level.TARGETED: 120, Level.UNIVERSAL: 365}[level]
        decisions.append(
            SupportCategorisation(
                school=school,
                level=level,
                reasons=REASONS[level],
                decided_on=decided_on,
                review_on=decided_on + timedelta(days=review_in),
            )  # fmt: skip
        )
    SupportCategorisation.objects.bulk_create(decisions)
    return {
        "assignments": len(assignments),
        "visits": len(visits),
        "actions": len(actions),
        "categorisations": len(decisions),
    }
