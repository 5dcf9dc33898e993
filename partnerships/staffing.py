"""Staffing of the service areas: areas -> teams -> posts, with totals, in two queries.

The staffing page, its download and (later) the scrutiny report read the
breakdown from here. A post counts on a day when it is in force then
(`starts_on` <= day <= `ends_on`); a post without a holder is vacant.

- posts: posts in force; FTE: their full-time equivalents added up;
- filled FTE: of posts with a holder; vacant FTE: of posts without one;
- vacancy rate = vacant FTE / FTE x 100, one decimal place, rounded half up;
  none when there is no FTE.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from .models import Post, ServiceArea, Team

ONE_DECIMAL = Decimal("0.1")


def vacancy_rate(vacant_fte: Decimal, fte: Decimal) -> Decimal | None:
    """vacant FTE / FTE x 100 to one decimal place, half up; None when FTE is 0."""
    if not fte:
        return None
    return (vacant_fte * 100 / fte).quantize(ONE_DECIMAL, ROUND_HALF_UP)


@dataclass
class Totals:
    posts: int = 0
    fte: Decimal = Decimal("0.00")
    filled_fte: Decimal = Decimal("0.00")
    vacant_fte: Decimal = Decimal("0.00")
    vacant_posts: int = 0

    @property
    def vacancy_rate(self) -> Decimal | None:
        return vacancy_rate(self.vacant_fte, self.fte)

    def count(self, post: Post) -> None:
        self.posts += 1
        self.fte += post.fte
        if post.is_vacant:
            self.vacant_fte += post.fte
            self.vacant_posts += 1
        else:
            self.filled_fte += post.fte


@dataclass
class TeamStaffing:
    team: Team
    posts: list[Post] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


@dataclass
class AreaStaffing:
    area: ServiceArea
    teams: list[TeamStaffing] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


@dataclass
class Staffing:
    on: date
    areas: list[AreaStaffing]
    totals: Totals

    def posts(self):
        """(area, team, post) for every post, in page order (for downloads)."""
        for area in self.areas:
            for team in area.teams:
                for post in team.posts:
                    yield area.area, team.team, post


def staffing_breakdown(*, on: date | None = None) -> Staffing:
    """Every service area with a team, its teams and the posts in force on `on` (today).

    Two queries: the teams with their areas, and the posts with their holders.
    """
    on = on or timezone.localdate()
    areas: dict[int, AreaStaffing] = {}
    teams: dict[int, TeamStaffing] = {}
    for team in Team.objects.select_related("service_area").order_by(
        "service_area__position", "service_area__name", "position", "name"
    ):
        area = areas.setdefault(team.service_area_id, AreaStaffing(area=team.service_area))
        teams[team.id] = TeamStaffing(team=team)
        area.teams.append(teams[team.id])
    grand = Totals()
    posts = Post.objects.current(on).select_related("holder").order_by("title", "id")
    for post in posts:
        team = teams[post.team_id]
        post.team = team.team  # the team (and its area) are already in hand
        team.posts.append(post)
        team.totals.count(post)
        areas[team.team.service_area_id].totals.count(post)
        grand.count(post)
    return Staffing(on=on, areas=list(areas.values()), totals=grand)
