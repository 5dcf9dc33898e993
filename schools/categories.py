"""GIAS vocabulary as data: establishment type -> the portal's category, and statuses.

One table, so a reader checks the mapping in one place and a new GIAS type is
one line. Keys are normalised with `type_key()` so that the spellings of older
extracts ("Community School", "Academy 16-19 Sponsor Led", "Free Schools -
16-19") meet today's ("Community school", "Academy 16 to 19 sponsor led").
"""

import re
from functools import lru_cache

from django.db import models


class Category(models.TextChoices):
    MAINTAINED = "maintained", "Maintained school"
    ACADEMY = "academy", "Academy"
    FREE = "free", "Free school"
    INDEPENDENT = "independent", "Independent school"
    FE = "fe", "Further education or sixth-form college"
    OTHER = "other", "Other establishment"


# Maintained schools, academies and free schools are state-funded: entitled to
# a link inspector at no cost.
STATE_FUNDED = frozenset({Category.MAINTAINED, Category.ACADEMY, Category.FREE})


class Status(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    PROPOSED_TO_OPEN = "proposed_to_open", "Proposed to open"
    OPEN_PROPOSED_TO_CLOSE = "open_proposed_to_close", "Open, but proposed to close"


# Statuses in which a school is running and the council works with it.
OPEN_STATUSES = frozenset({Status.OPEN, Status.OPEN_PROPOSED_TO_CLOSE})

M, A, F, I, C, O = (  # noqa: E741 - one letter each keeps the table readable
    Category.MAINTAINED,
    Category.ACADEMY,
    Category.FREE,
    Category.INDEPENDENT,
    Category.FE,
    Category.OTHER,
)

# TypeOfEstablishment (name) -> category. Today's names (GIAS, April 2025)
# first, then spellings seen in older extracts.
GIAS_TYPE_CATEGORY: dict[str, Category] = {
    # Local authority maintained schools
    "Community school": M,
    "Voluntary aided school": M,
    "Voluntary controlled school": M,
    "Foundation school": M,
    "Local authority nursery school": M,
    "Pupil referral unit": M,
    # Special schools: the LA's own are maintained; the others are run by charities
    # or independent proprietors and are not state-funded schools.
    "Community special school": M,
    "Foundation special school": M,
    "Non-maintained special school": I,
    "Other independent special school": I,
    # Academies
    "Academy sponsor led": A,
    "Academy special sponsor led": A,
    "Academy converter": A,
    "Academy alternative provision converter": A,
    "Academy alternative provision sponsor led": A,
    "Academy special converter": A,
    "Academy 16-19 converter": A,
    "Academy 16 to 19 sponsor led": A,
    "Academy secure 16 to 19": A,
    # Free schools, with UTCs and studio schools as GIAS groups them
    "Free schools": F,
    "Free schools special": F,
    "Free schools alternative provision": F,
    "Free schools 16 to 19": F,
    "University technical college": F,
    "Studio schools": F,
    # Independent schools (GIAS groups the remaining city technology colleges here)
    "Other independent school": I,
    "City technology college": I,
    # Colleges
    "Further education": C,
    "Sixth form centres": C,
    "Special post 16 institution": C,
    # Everything else the register holds but the council does not partner as a school
    "Higher education institutions": O,
    "Welsh establishment": O,
    "Secure units": O,
    "Offshore schools": O,
    "Service children's education": O,
    "Miscellaneous": O,
    "British schools overseas": O,
    "Institution funded by other government department": O,
    "Online provider": O,
    "Children's centre": O,
    "Children's centre linked site": O,
    # Older spellings not covered by type_key() normalisation
    "LA nursery school": M,
    "Free schools - alternative provision": F,
    "Free schools - 16-19": F,
    "Special post-16 institutions": C,
    "Welsh establishments": O,
    "Secure unit": O,
    "Offshore school": O,
    "Sixth form centre": C,
    "Studio school": F,
    "University technical colleges": F,
}

STATUS_BY_NAME: dict[str, Status] = {
    "open": Status.OPEN,
    "closed": Status.CLOSED,
    "proposed to open": Status.PROPOSED_TO_OPEN,
    "open, but proposed to close": Status.OPEN_PROPOSED_TO_CLOSE,
}


def type_key(name: str) -> str:
    """Normalise a GIAS type name so older and newer spellings compare equal."""
    key = name.casefold().replace("’", "").replace("'", "")
    key = re.sub(r"\b16 to 19\b", "16-19", key)
    key = re.sub(r"\s+-\s+", " ", key)
    return " ".join(key.split())


_CATEGORY_BY_KEY = {type_key(name): category for name, category in GIAS_TYPE_CATEGORY.items()}


@lru_cache(maxsize=512)
def category_for_type(type_name: str) -> Category | None:
    """The portal category of a GIAS type name, or None when the type is unknown."""
    return _CATEGORY_BY_KEY.get(type_key(type_name))


def status_for_name(status_name: str) -> Status | None:
    return STATUS_BY_NAME.get(" ".join(status_name.casefold().split()))


# PhaseOfEducation (name) as GIAS publishes it, in school order.
PHASES = (
    "Nursery",
    "Primary",
    "Middle deemed primary",
    "Middle deemed secondary",
    "Secondary",
    "All-through",
    "16 plus",
    "Not applicable",
)
