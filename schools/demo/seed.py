"""The demo borough: the invented GIAS file, and invented heads and governing bodies."""

import random
from datetime import date
from pathlib import Path

from django.db import transaction

from accounts.models import User
from schools.gias import ImportSummary, import_gias_file
from schools.models import GovernorAppointment, Headship, School

DEMO_GIAS_FILE = Path(__file__).resolve().parent / "edubasealldata_LA212_demo.csv"

FIRST_NAMES = [
    "Amara", "Ben", "Chloé", "Dev", "Eilidh", "Femi", "Grace", "Hamza", "Iris", "Jonah",
    "Kofi", "Lena", "Mateusz", "Niamh", "Oscar", "Priya", "Quentin", "Rosa", "Sami", "Tomás",
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Brennan", "Castillo", "Dhillon", "Evans", "Fitzgerald", "Gallagher", "Hussain",
    "Ibekwe", "Jankowski", "Kowalczyk", "Lindqvist", "Mensah", "Nowak", "O’Brien", "Patel",
    "Quinn", "Ramírez", "Svensson", "Thompson",
]  # fmt: skip
GOVERNING_BODY = [
    (GovernorAppointment.Role.CHAIR, GovernorAppointment.Category.CO_OPTED),
    (GovernorAppointment.Role.VICE_CHAIR, GovernorAppointment.Category.PARENT),
    (GovernorAppointment.Role.GOVERNOR, GovernorAppointment.Category.LOCAL_AUTHORITY),
    (GovernorAppointment.Role.GOVERNOR, GovernorAppointment.Category.STAFF),
    (GovernorAppointment.Role.CLERK, ""),
]


def _invented_person(rng: random.Random, seat: str) -> User:
    """An invented person; `seat` (the school's URN and the seat) keeps e-mails unique
    across runs, so a school that gains a head on a later run meets no clash."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    slug = f"{first}.{last}".lower().replace("’", "").replace("é", "e").replace("á", "a")
    email = f"{slug}.{seat}@people.demo.test"
    person = User(email=email, first_name=first, last_name=f"{last} (demo)")
    person.set_unusable_password()
    return person


@transaction.atomic
def seed_demo_borough(*, head: User, governor: User) -> ImportSummary:
    """Import the demo GIAS file and give its open schools invented heads and governors.

    `head` becomes head of the first open primary school and `governor` chair of
    governors of the second. Running it again adds nobody.
    """
    summary = import_gias_file(DEMO_GIAS_FILE)
    schools = list(School.objects.in_home_la().open().order_by("urn"))
    primaries = [s for s in schools if s.phase == "Primary"]
    staffed = set(Headship.objects.values_list("school_id", flat=True))
    rng = random.Random(212)
    people, headships, seats = [], [], []
    for school in schools:
        if school.id in staffed:
            continue
        if school == primaries[0]:
            headships.append(Headship(person=head, school=school, starts_on=date(2021, 9, 1)))
        else:
            person = _invented_person(rng, f"{school.urn}-head")
            people.append(person)
            headships.append(Headship(person=person, school=school, starts_on=date(2019, 9, 1)))
        for seat, (role, category) in enumerate(GOVERNING_BODY):
            if school == primaries[1] and role == GovernorAppointment.Role.CHAIR:
                person = governor
            else:
                person = _invented_person(rng, f"{school.urn}-{seat}")
                people.append(person)
            seats.append(
                GovernorAppointment(
                    person=person,
                    school=school,
                    role=role,
                    category=category,
                    starts_on=date(2024, 9, 1),
                    ends_on=date(2028, 8, 31),
                )  # fmt: skip
            )
    User.objects.bulk_create(people)
    Headship.objects.bulk_create(headships)
    GovernorAppointment.objects.bulk_create(seats)
    return summary
