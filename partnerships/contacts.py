"""Who a school contacts at the council, for each responsibility.

Resolution, for one school and one responsibility:
1. the link inspector is the officer of the school's current link inspector
   assignment (inspections), never a rule or an override;
2. otherwise a SchoolContact for the school (an override) wins;
3. otherwise the most specific ContactRule whose criteria all match the school
   (local authority, GIAS phase, category, planning area; a blank criterion
   matches any school). Specificity is the number of criteria set. Ties are
   broken by the criterion that narrows most - planning area, then phase, then
   category, then local authority - and last by the older rule (lower id), so
   the answer never depends on the order the database returns rows in.

Resolving for many schools costs the same few queries as for one: the rules are
read once, and the overrides, planning areas and link assignments of all the
schools are each one query, as are the titles of the officers' current posts;
matching happens in Python.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from schools.models import PlanningAreaSchool, School

from .models import NOT_BY_RULE, ContactResponsibility, ContactRule, SchoolContact

R = ContactResponsibility


@dataclass(frozen=True)
class NamedContact:
    """One officer a school contacts for one responsibility, and why it is them."""

    responsibility: str
    officer: User
    publish: bool
    # "assignment" (link inspector), "override" (the school's own) or "rule".
    source: str
    rule: ContactRule | None = None
    override: SchoolContact | None = None
    # The title of the post the officer holds today, if the staffing records one.
    job_title: str = ""

    @property
    def label(self) -> str:
        return R(self.responsibility).label

    @property
    def name(self) -> str:
        return self.officer.get_full_name() or self.officer.email


def _rule_rank(rule: ContactRule) -> tuple:
    """Sort key, best first: more criteria, then the narrower criterion, then older."""
    return (
        -rule.specificity,
        rule.planning_area_id is None,
        rule.phase == "",
        rule.category == "",
        rule.local_authority_id is None,
        rule.pk,
    )


def rules_in_order() -> list[ContactRule]:
    """Every rule with its officer, place and area, best first within a responsibility."""
    rules = ContactRule.objects.select_related(
        "officer", "local_authority", "planning_area"
    ).order_by()
    return sorted(rules, key=lambda r: (r.responsibility, _rule_rank(r)))


def _matches(rule: ContactRule, school: School, area_id: int | None) -> bool:
    return (
        (rule.local_authority_id is None or rule.local_authority_id == school.local_authority_id)
        and (not rule.phase or rule.phase.casefold() == (school.phase or "").casefold())
        and (not rule.category or rule.category == school.category)
        and (rule.planning_area_id is None or rule.planning_area_id == area_id)
    )


def contacts_for_schools(
    schools: Sequence[School], *, on: date | None = None
) -> dict[int, list[NamedContact]]:
    """Each school's named contacts (by school id), one per responsibility that has an
    officer, in the order of ContactResponsibility. Five queries whatever the number
    of schools."""
    from inspections.models import LinkInspectorAssignment

    on = on or timezone.localdate()
    schools = list(schools)
    ids = [s.pk for s in schools]
    by_responsibility: dict[str, list[ContactRule]] = defaultdict(list)
    # Someone who has left (deactivated) is no one's contact: the next rule applies.
    for rule in rules_in_order():
        if rule.officer.is_active:
            by_responsibility[rule.responsibility].append(rule)
    overrides: dict[int, dict[str, SchoolContact]] = defaultdict(dict)
    for override in SchoolContact.objects.filter(
        school_id__in=ids, officer__is_active=True
    ).select_related("officer"):
        overrides[override.school_id][override.responsibility] = override
    areas = dict(
        PlanningAreaSchool.objects.filter(school_id__in=ids).values_list("school_id", "area_id")
    )
    inspectors: dict[int, User] = {}
    # Newest first: if assignments overlap, the latest one names the inspector.
    for assignment in (
        LinkInspectorAssignment.objects.current(on)
        .filter(school_id__in=ids, inspector__is_active=True)
        .select_related("inspector")
        .order_by("school_id", "-starts_on", "-id")
    ):
        inspectors.setdefault(assignment.school_id, assignment.inspector)

    result: dict[int, list[NamedContact]] = {}
    for school in schools:
        found = []
        for responsibility in R.values:
            if responsibility == R.LINK_INSPECTOR:
                if school.pk in inspectors:
                    # Link inspectors are named to their schools, not to the public.
                    found.append(
                        NamedContact(responsibility, inspectors[school.pk], False, "assignment")
                    )
                continue
            override = overrides[school.pk].get(responsibility)
            if override is not None:
                found.append(
                    NamedContact(
                        responsibility,
                        override.officer,
                        override.publish,
                        "override",
                        override=override,
                    )  # fmt: skip
                )
                continue
            area_id = areas.get(school.pk)
            rule = next(
                (r for r in by_responsibility[responsibility] if _matches(r, school, area_id)),
                None,
            )
            if rule is not None:
                found.append(NamedContact(responsibility, rule.officer, rule.publish, "rule", rule))
        result[school.pk] = found
    return _with_job_titles(result, on)


def _with_job_titles(result: dict[int, list[NamedContact]], on: date) -> dict:
    """Each contact with the title of the officer's current post (one query)."""
    from dataclasses import replace

    from .models import Post

    officer_ids = {c.officer.pk for contacts in result.values() for c in contacts}
    titles: dict[int, str] = {}
    # Oldest post first, so an officer holding two posts is named by the longer-held one.
    for holder_id, title in (
        Post.objects.current(on)
        .filter(holder_id__in=officer_ids)
        .order_by("starts_on", "pk")
        .values_list("holder_id", "title")
    ):
        titles.setdefault(holder_id, title)
    if not titles:
        return result
    return {
        school_id: [replace(c, job_title=titles.get(c.officer.pk, "")) for c in contacts]
        for school_id, contacts in result.items()
    }


def contacts_for_school(school: School, *, on: date | None = None) -> list[NamedContact]:
    return contacts_for_schools([school], on=on)[school.pk]


def published(contacts: Iterable[NamedContact]) -> list[NamedContact]:
    """The contacts the council chose to name on its public page."""
    return [c for c in contacts if c.publish]


def overrides_of(school: School) -> QuerySet[SchoolContact]:
    return SchoolContact.objects.filter(school=school).select_related("officer")


# --- Changes, made by officers -------------------------------------------------------


def school_contact_set(
    *, school: School, responsibility: str, officer: User, publish: bool = False
) -> SchoolContact:
    """Name the school's own officer for a responsibility, replacing any earlier one."""
    from django.core.exceptions import ValidationError

    if responsibility in NOT_BY_RULE:
        raise ValidationError(
            {"responsibility": "The link inspector comes from the school's assignment."}
        )
    contact, _ = SchoolContact.objects.update_or_create(
        school=school, responsibility=responsibility,
        defaults={"officer": officer, "publish": publish},
    )  # fmt: skip
    return contact


def school_contact_remove(*, school: School, responsibility: str) -> bool:
    """Go back to the rules for this responsibility. True if there was an override."""
    deleted, _ = SchoolContact.objects.filter(school=school, responsibility=responsibility).delete()
    return bool(deleted)
