"""Demo data: the council's own journey through inspection, invented but typical.

An ILACS inspection judged inadequate (2019) and an improvement notice issued then;
monitoring visits; the notice lifted (2022); an ILACS inspection judged good (2023);
an area SEND inspection with inconsistent outcomes (2024); a focused visit (2025).
Recommendations become actions, some done. Safe to run again: rows are found by
kind and start date (a notice by its date of issue) before any is made.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from .grades import AreaSendOutcome, Grade, ILACSArea, LAInspectionKind
from .models import ImprovementAction, ImprovementNotice, LAInspection, LAJudgement

K = LAInspectionKind
REPORTS = "https://reports.ofsted.gov.uk/provider/44/80574"
DONE = ImprovementAction.Status.DONE
IN_PROGRESS = ImprovementAction.Status.IN_PROGRESS
OPEN = ImprovementAction.Status.OPEN

# (kind, started, ended, published, overall, judgements, SEND outcome, summary,
#  [(recommendation, due, status, completed)])
JOURNEY = [
    (
        K.ILACS_STANDARD, date(2019, 3, 4), date(2019, 3, 15), date(2019, 4, 26),
        Grade.INADEQUATE,
        {ILACSArea.LEADERS: Grade.INADEQUATE,
         ILACSArea.HELP_AND_PROTECTION: Grade.INADEQUATE,
         ILACSArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS: Grade.REQUIRES_IMPROVEMENT},
        "",
        "Children in need of help and protection were not always seen quickly enough; "
        "management oversight of casework was weak.",
        [
            ("Ensure that children at risk of harm are seen and their needs assessed "
             "promptly.", date(2019, 9, 30), DONE, date(2020, 2, 28)),
            ("Strengthen management oversight and supervision of social work practice.",
             date(2019, 12, 31), DONE, date(2021, 3, 31)),
            ("Improve the quality of assessments and plans for children in need.",
             date(2020, 6, 30), DONE, date(2021, 7, 30)),
        ],
    ),
    (K.MONITORING_VISIT, date(2019, 10, 8), date(2019, 10, 9), date(2019, 11, 12), "", {}, "",
     "Early signs of progress in the front door; caseloads still too high.", []),
    (K.MONITORING_VISIT, date(2020, 11, 17), date(2020, 11, 18), date(2020, 12, 15), "", {},
     "", "Leaders have a clear understanding of the quality of practice.", []),
    (K.MONITORING_VISIT, date(2021, 9, 14), date(2021, 9, 15), date(2021, 10, 19), "", {}, "",
     "Services for children in need of help and protection have improved.", []),
    (
        K.ILACS_STANDARD, date(2023, 2, 6), date(2023, 2, 17), date(2023, 3, 30), Grade.GOOD,
        {ILACSArea.LEADERS: Grade.GOOD,
         ILACSArea.HELP_AND_PROTECTION: Grade.GOOD,
         ILACSArea.CHILDREN_IN_CARE: Grade.GOOD,
         ILACSArea.CARE_LEAVERS: Grade.REQUIRES_IMPROVEMENT},
        "",
        "Services for children have improved and are now good; care leavers' pathway plans "
        "are not yet consistently strong.",
        [
            ("Improve the quality and timeliness of care leavers' pathway plans.",
             date(2024, 3, 31), DONE, date(2024, 5, 20)),
            ("Increase the sufficiency of local homes for children in care.",
             date(2026, 3, 31), IN_PROGRESS, None),
        ],
    ),
    (
        K.AREA_SEND, date(2024, 6, 10), date(2024, 6, 28), date(2024, 8, 2), "", {},
        AreaSendOutcome.INCONSISTENT,
        "Children and young people with SEND have inconsistent experiences and outcomes; "
        "EHC plans are often late.",
        [
            ("Improve the timeliness of education, health and care needs assessments.",
             date(2025, 7, 31), IN_PROGRESS, None),
            ("Strengthen joint commissioning of therapies between the council and the ICB.",
             date(2025, 12, 31), OPEN, None),
        ],
    ),
    (K.FOCUSED_VISIT, date(2025, 5, 13), date(2025, 5, 14), date(2025, 6, 17), "", {}, "",
     "Focused visit on children in care: practice remains strong.",
     [("Ensure children's views shape their care plans and reviews.", date(2027, 1, 31),
       OPEN, None)]),
]  # fmt: skip

NOTICE = (
    date(2019, 6, 3),
    date(2022, 5, 19),
    "Issued after the 2019 ILACS inspection found children's services inadequate; "
    "an improvement board chaired by a DfE-appointed commissioner oversaw progress.",
    [("Set up an improvement board and agree an improvement plan with the DfE.",
      date(2019, 9, 30), DONE, date(2019, 9, 12))],
)  # fmt: skip


@transaction.atomic
def seed_la_inspections(*, owner=None) -> dict[str, int]:
    """Load the journey (once); returns how many inspections and notices were added."""
    added = {"inspections": 0, "notices": 0}
    for kind, started, ended, published, overall, judgements, send, summary, actions in JOURNEY:
        inspection, created = LAInspection.objects.get_or_create(
            kind=kind, started_on=started,
            defaults={"ended_on": ended, "published_on": published,
                      "overall_effectiveness": overall, "send_outcome": send,
                      "summary": summary, "report_url": REPORTS},
        )  # fmt: skip
        if not created:
            continue
        added["inspections"] += 1
        LAJudgement.objects.bulk_create(
            LAJudgement(inspection=inspection, area=area, grade=grade)
            for area, grade in judgements.items()
        )
        _actions(actions, owner=owner, inspection=inspection)
    issued, lifted, summary, actions = NOTICE
    notice, created = ImprovementNotice.objects.get_or_create(
        issued_on=issued, defaults={"lifted_on": lifted, "summary": summary}
    )
    if created:
        added["notices"] += 1
        _actions(actions, owner=owner, notice=notice)
    return added


def _actions(actions, *, owner, **source) -> None:
    ImprovementAction.objects.bulk_create(
        ImprovementAction(
            recommendation=text,
            due_on=due,
            status=status,
            completed_on=completed,
            owner=owner,
            **source,
        )  # fmt: skip
        for text, due, status, completed in actions
    )
