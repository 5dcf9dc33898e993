"""Builders for test data: each returns a saved row with sensible defaults."""

import itertools
from datetime import date

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts import roles
from accounts.demo import give_totp
from accounts.models import User
from schools.categories import Category, Status
from schools.models import GovernorAppointment, Headship, LocalAuthority, School

_serial = itertools.count(1)


def person(*, email: str | None = None, password: str | None = None, groups=(), **fields) -> User:
    n = next(_serial)
    user = User.objects.create_user(
        email or f"person{n}@example.test",
        password,
        first_name=fields.pop("first_name", f"First{n}"),
        last_name=fields.pop("last_name", f"Last{n}"),
        **fields,
    )
    if password:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def officer(*, mfa: bool = True, groups=(roles.OFFICER,), **fields) -> User:
    """An officer; with `mfa` (the default) they have set up TOTP, as the portal requires."""
    user = person(groups=groups, **fields)
    if mfa:
        give_totp(user, TOTP_SECRET)
    return user


def local_authority(code: str = "212", name: str = "Wandsworth") -> LocalAuthority:
    return LocalAuthority.objects.get_or_create(code=code, defaults={"name": name})[0]


def school(**fields) -> School:
    n = next(_serial)
    defaults = {
        "urn": 800000 + n,
        "local_authority": fields.pop("local_authority", None) or local_authority(),
        "name": f"School {n}",
        "gias_type": "Community school",
        "gias_type_group": "Local authority maintained schools",
        "category": Category.MAINTAINED,
        "phase": "Primary",
        "status": Status.OPEN,
    }
    return School.objects.create(**{**defaults, **fields})


def headship(*, school: School, person: User, starts_on=date(2020, 9, 1), **fields) -> Headship:
    return Headship.objects.create(school=school, person=person, starts_on=starts_on, **fields)


def governor(
    *, school: School, person: User, role=GovernorAppointment.Role.GOVERNOR,
    starts_on=date(2024, 9, 1), **fields,
) -> GovernorAppointment:  # fmt: skip
    return GovernorAppointment.objects.create(
        school=school, person=person, role=role, starts_on=starts_on, **fields
    )


# Inspections: link inspectors, visits, Ofsted and the council's own inspections.


def link_inspector(**fields) -> User:
    """An officer who is also in the link inspector group."""
    return officer(groups=(roles.OFFICER, roles.LINK_INSPECTOR), **fields)


def link_assignment(*, school: School, inspector: User, starts_on=date(2024, 9, 1), **fields):
    from inspections.models import LinkInspectorAssignment

    return LinkInspectorAssignment.objects.create(
        school=school, inspector=inspector, starts_on=starts_on, **fields
    )


def link_visit(*, school: School, inspector: User, visited_on=date(2026, 10, 6), **fields):
    from inspections.models import LinkVisit

    fields.setdefault("purpose", LinkVisit.Purpose.CHALLENGE)
    return LinkVisit.objects.create(
        school=school, inspector=inspector, visited_on=visited_on, **fields
    )


def school_inspection(*, school: School, judgements: dict | None = None, **fields):
    """An Ofsted inspection with its graded areas: judgements={"achievement": "good", ...}."""
    from inspections.grades import Framework
    from inspections.models import InspectionJudgement, SchoolInspection

    n = next(_serial)
    fields.setdefault("inspection_number", str(10_000_000 + n))
    fields.setdefault("framework", Framework.GRADED)
    fields.setdefault("started_on", date(2023, 3, 1))
    inspection = SchoolInspection.objects.create(school=school, **fields)
    InspectionJudgement.objects.bulk_create(
        InspectionJudgement(inspection=inspection, area=area, grade=grade)
        for area, grade in (judgements or {}).items()
    )
    return inspection


def la_inspection(*, judgements: dict | None = None, **fields):
    from inspections.models import LAInspection, LAJudgement

    fields.setdefault("kind", LAInspection.Kind.ILACS_STANDARD)
    fields.setdefault("started_on", date(2024, 1, 15))
    inspection = LAInspection.objects.create(**fields)
    LAJudgement.objects.bulk_create(
        LAJudgement(inspection=inspection, area=area, grade=grade)
        for area, grade in (judgements or {}).items()
    )
    return inspection


def planning_area(*, name: str, schools=(), local_authority: LocalAuthority | None = None):
    """A planning area of `local_authority` (default: that of the first school, else 212)."""
    from schools.models import PlanningArea, PlanningAreaSchool

    schools = list(schools)
    la = local_authority or (schools[0].local_authority if schools else None) or local_authority_()
    area = PlanningArea.objects.create(local_authority=la, name=name)
    PlanningAreaSchool.objects.bulk_create(
        [PlanningAreaSchool(area=area, school=school) for school in schools]
    )
    return area


local_authority_ = local_authority


def webhook_endpoint(*, url: str, events=None, **fields):
    """A webhook endpoint row as registration makes it, written directly so a test can
    point one at an address registration would refuse (as DNS rebinding would)."""
    from webhooks.models import Event, WebhookEndpoint
    from webhooks.signing import new_secret

    return WebhookEndpoint.objects.create(
        url=url, events=list(Event.values if events is None else events), secret=new_secret(),
        **fields,
    )  # fmt: skip


def service_area(name: str | None = None, **fields):
    from partnerships.models import ServiceArea

    return ServiceArea.objects.create(name=name or f"Service area {next(_serial)}", **fields)


def team(*, service_area, name: str | None = None, **fields):
    from partnerships.models import Team

    return Team.objects.create(
        service_area=service_area, name=name or f"Team {next(_serial)}", **fields
    )


def post(*, team, title: str | None = None, starts_on=date(2024, 4, 1), **fields):
    from partnerships.models import Post

    return Post.objects.create(
        team=team, title=title or f"Officer {next(_serial)}", starts_on=starts_on, **fields
    )
