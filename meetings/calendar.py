"""The school calendar: academic years, terms, half-terms and England's bank holidays.

Terms are rows officers can edit; `ensure_academic_year()` seeds a year in the
usual England pattern when it is missing. Bank holidays come from the
`holidays` package (GB, subdivision ENG), never from a list in the code.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.easter import easter
from django.db import transaction

from .models import AcademicYear, Term

MONDAY, FRIDAY = 0, 4


@lru_cache(maxsize=16)
def bank_holidays(year: int) -> dict[date, str]:
    """England's bank holidays in a calendar year, with their names."""
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year))


def bank_holiday_name(day: date) -> str | None:
    return bank_holidays(day.year).get(day)


def _on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _on_or_before(day: date, weekday: int) -> date:
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def _weekday_on_or_after(day: date) -> date:
    return day if day.weekday() <= FRIDAY else _on_or_after(day, MONDAY)


def _weekday_on_or_before(day: date) -> date:
    return day if day.weekday() <= FRIDAY else _on_or_before(day, FRIDAY)


@dataclass(frozen=True)
class TermDates:
    name: str
    starts_on: date
    ends_on: date
    half_term_starts_on: date
    half_term_ends_on: date


def england_pattern(start_year: int) -> list[TermDates]:
    """The usual England pattern of a school year starting in September of `start_year`.

    Autumn from early September to the last Friday before Christmas, half-term the
    week holding 28 October; spring from the first weekday on or after 4 January,
    half-term the week holding 17 February, ending the day before Good Friday; summer
    from two weeks after Easter Monday, half-term the week of the late May bank
    holiday, ending by 21 July. A council replaces these with its own dates.
    """
    y, n = start_year, start_year + 1
    october_half = _on_or_before(date(y, 10, 28), MONDAY)
    february_half = _on_or_before(date(n, 2, 17), MONDAY)
    good_friday = easter(n) - timedelta(days=2)
    late_may_bank_holiday = _on_or_before(date(n, 5, 31), MONDAY)
    return [
        TermDates(
            Term.Name.AUTUMN,
            _weekday_on_or_after(date(y, 9, 2)),
            _on_or_before(date(y, 12, 20), FRIDAY),
            october_half,
            october_half + timedelta(days=4),
        ),
        TermDates(
            Term.Name.SPRING,
            _weekday_on_or_after(date(n, 1, 4)),
            good_friday - timedelta(days=1),
            february_half,
            february_half + timedelta(days=4),
        ),
        TermDates(
            Term.Name.SUMMER,
            easter(n) + timedelta(days=15),
            _weekday_on_or_before(date(n, 7, 21)),
            late_may_bank_holiday,
            late_may_bank_holiday + timedelta(days=4),
        ),
    ]


def academic_year_starting(day: date) -> int:
    """The calendar year in which the academic year holding `day` began."""
    return day.year if day.month >= 9 else day.year - 1


@transaction.atomic
def ensure_academic_year(start_year: int) -> AcademicYear:
    """The academic year starting in September of `start_year`, seeded if missing.

    Existing terms are left as officers set them.
    """
    year, _ = AcademicYear.objects.get_or_create(
        name=AcademicYear.name_for(start_year),
        defaults={"starts_on": date(start_year, 9, 1), "ends_on": date(start_year + 1, 8, 31)},
    )
    existing = set(year.terms.values_list("name", flat=True))
    Term.objects.bulk_create(
        [
            Term(
                year=year,
                name=t.name,
                starts_on=t.starts_on,
                ends_on=t.ends_on,
                half_term_starts_on=t.half_term_starts_on,
                half_term_ends_on=t.half_term_ends_on,
            )  # fmt: skip
            for t in england_pattern(start_year)
            if t.name not in existing
        ],
        ignore_conflicts=True,  # a concurrent run may seed the same year first
    )
    return year


def why_not_a_school_day(day: date, term: Term) -> str | None:
    """None on a school day of `term`; otherwise the reason, in words."""
    if not term.starts_on <= day <= term.ends_on:
        return f"outside the {term.get_name_display().lower()} term"
    if term.half_term_starts_on <= day <= term.half_term_ends_on:
        return "half-term"
    if day.weekday() > FRIDAY:
        return "a weekend"
    holiday = bank_holiday_name(day)
    if holiday:
        return f"a bank holiday ({holiday})"
    return None


def next_school_day(day: date, term: Term) -> date | None:
    """`day` if it is a school day of `term`, else the nearest school day after it in the term."""
    while day <= term.ends_on:
        if why_not_a_school_day(day, term) is None:
            return day
        day += timedelta(days=1)
    return None
