"""Full-text search over agendas, minutes, decisions and the text of papers.

Access first, words second: each source is narrowed by accounts.policy (meetings a
person may see, papers they may open) before the words are matched, so a person
never finds, even as a title or an excerpt, something they may not open.

On PostgreSQL this is its full-text search ('english' configuration: stemming and
stop words, websearch syntax so any input is a valid query, ranked, with highlighted
excerpts). The expressions in django.contrib.postgres.search compile to SQL on their
own, so the app need not be in INSTALLED_APPS (only its `__search` lookup would need
it, and this module does not use that). On SQLite, a plain case-insensitive match of
the whole phrase stands in, for development.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accounts import policy

from .models import AgendaItem, Decision, Meeting, Paper, PaperVersion

QUERY_MAX = 200
RESULTS_MAX = 50
CONFIG = "english"
# Marks around matched words in excerpts: private-use characters no document uses,
# swapped for <mark> after the excerpt is escaped.
_START, _STOP = "\ue000", "\ue001"
_EXCERPT_CHARS = 240


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    excerpt: SafeString
    meeting: Meeting
    url: str | None
    rank: float


def paper_url(paper_id: int) -> str:
    """Where a paper is downloaded: the papers app's view, which checks access again."""
    try:
        return reverse("papers:download", args=[paper_id])
    except NoReverseMatch:
        return f"/papers/{paper_id}/download/"


def _uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def _marked(text: str) -> SafeString:
    escaped = escape(text or "")
    return mark_safe(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308


def _fallback_excerpt(text: str, query: str) -> str:
    """Around the first match, with the match marked (SQLite has no ts_headline)."""
    text = re.sub(r"\s+", " ", text or "").strip()
    found = text.casefold().find(query.casefold())
    if found < 0:
        return text[:_EXCERPT_CHARS]
    start = max(0, found - _EXCERPT_CHARS // 2)
    end = found + len(query)
    before, match, after = text[start:found], text[found:end], text[end : start + _EXCERPT_CHARS]
    return ("…" if start else "") + f"{before}{_START}{match}{_STOP}{after}"


class _Source:
    """One kind of thing searched: its queryset (access already applied), the text
    matched, the text excerpted, and how a row becomes a Hit."""

    kind = ""

    def rows(self, actor) -> QuerySet:
        raise NotImplementedError

    def document(self):
        """Expressions whose text is matched, each with a weight (A counts most)."""
        raise NotImplementedError

    def excerpt_of(self):
        raise NotImplementedError

    def hit(self, row, *, actor, excerpt: SafeString, rank: float) -> Hit:
        raise NotImplementedError

    def find(self, *, actor, query: str, limit: int) -> list[Hit]:
        rows = self.rows(actor)
        if _uses_postgres():
            terms = SearchQuery(query, config=CONFIG, search_type="websearch")
            vector = None
            for expression, weight in self.document():
                part = SearchVector(expression, weight=weight, config=CONFIG)
                vector = part if vector is None else vector + part
            found = (
                rows.annotate(document=vector)
                .filter(document=terms)
                .annotate(
                    rank=SearchRank(F("document"), terms),
                    excerpt=SearchHeadline(
                        self.excerpt_of(),
                        terms,
                        config=CONFIG,
                        start_sel=_START,
                        stop_sel=_STOP,
                        max_words=35,
                        min_words=15,
                        max_fragments=2,
                        fragment_delimiter=" … ",
                    ),
                )  # fmt: skip
                .order_by("-rank", "pk")[:limit]
            )
            return [
                self.hit(row, actor=actor, excerpt=_marked(row.excerpt), rank=row.rank)
                for row in found
            ]
        matches = Q()
        for expression, _weight in self.document():
            matches |= Q(**{f"{expression}__icontains": query})
        found = rows.annotate(excerpt=self.excerpt_of()).filter(matches).order_by("pk")[:limit]
        return [
            self.hit(
                row, actor=actor, excerpt=_marked(_fallback_excerpt(row.excerpt, query)), rank=0.0
            )
            for row in found
        ]


def _visible_meetings(actor) -> QuerySet[Meeting]:
    return policy.meetings_visible_to(actor, Meeting.objects.all())


def _meeting_url(meeting: Meeting, *, actor, officer_page: str) -> str | None:
    """Officers go to the business page; others to the public record where the body
    publishes one. Other people have no page showing an item, so no link."""
    if policy.can_manage_meeting_business(actor, meeting):
        return reverse(officer_page, args=[meeting.pk])
    if meeting.series.publishes:
        return reverse("public:meeting", args=[meeting.pk])
    return None


class _AgendaItems(_Source):
    kind = "Agenda item"

    def rows(self, actor):
        return AgendaItem.objects.filter(meeting__in=_visible_meetings(actor)).select_related(
            "meeting__body", "meeting__series"
        )

    def document(self):
        return [("title", "A")]

    def excerpt_of(self):
        return F("title")

    def hit(self, row, *, actor, excerpt, rank):
        return Hit(
            self.kind, row.title, excerpt, row.meeting,
            _meeting_url(row.meeting, actor=actor, officer_page="business:agenda"), rank,
        )  # fmt: skip


class _Minutes(_Source):
    kind = "Minute"

    def rows(self, actor):
        rows = _AgendaItems().rows(actor).exclude(minute="")
        # A draft minute is not yet the record: only officers, who write it, find it.
        if not policy.can_manage_meeting_business(actor):
            rows = rows.filter(minute_status=AgendaItem.MinuteStatus.APPROVED)
        return rows

    def document(self):
        return [("minute", "B")]

    def excerpt_of(self):
        return F("minute")

    def hit(self, row, *, actor, excerpt, rank):
        return Hit(
            self.kind, f"Minute: {row.title}", excerpt, row.meeting,
            _meeting_url(row.meeting, actor=actor, officer_page="business:minutes"), rank,
        )  # fmt: skip


class _Decisions(_Source):
    kind = "Decision"

    def rows(self, actor):
        return Decision.objects.filter(
            agenda_item__meeting__in=_visible_meetings(actor)
        ).select_related("agenda_item__meeting__body", "agenda_item__meeting__series")

    def document(self):
        return [("resolution", "A"), ("reasons", "B"), ("other_options", "C")]

    def excerpt_of(self):
        return Concat(
            "resolution", Value(" "), "reasons", Value(" "), "other_options",
            output_field=TextField(),
        )  # fmt: skip

    def hit(self, row, *, actor, excerpt, rank):
        meeting = row.agenda_item.meeting
        return Hit(
            self.kind, f"Decision: {row.agenda_item.title}", excerpt, meeting,
            _meeting_url(meeting, actor=actor, officer_page="business:minutes"), rank,
        )  # fmt: skip


class _Papers(_Source):
    kind = "Paper"

    def rows(self, actor):
        # Only the current (highest-numbered) version speaks for a paper.
        current_text = Subquery(
            PaperVersion.objects.filter(paper=OuterRef("pk")).order_by("-number").values("text")[:1]
        )
        return (
            policy.papers_visible_to(actor, Paper.objects.all())
            .annotate(current_text=Coalesce(current_text, Value(""), output_field=TextField()))
            .select_related("meeting__body", "meeting__series")
        )

    def document(self):
        return [("title", "A"), ("current_text", "B")]

    def excerpt_of(self):
        return Concat("title", Value(". "), "current_text", output_field=TextField())

    def hit(self, row, *, actor, excerpt, rank):
        return Hit(self.kind, row.title, excerpt, row.meeting, paper_url(row.pk), rank)


SOURCES: tuple[_Source, ...] = (_AgendaItems(), _Minutes(), _Decisions(), _Papers())


def search(*, actor, query: str, limit: int = RESULTS_MAX) -> list[Hit]:
    """The best `limit` matches for `query` among what `actor` may open, best first
    (on SQLite: agenda items, minutes, decisions, then papers). One query per source."""
    query = (query or "").strip()[:QUERY_MAX]
    if not query:
        return []
    hits: list[Hit] = []
    for source in SOURCES:
        hits.extend(source.find(actor=actor, query=query, limit=limit))
    hits.sort(key=lambda hit: -hit.rank)  # stable: ties keep the sources' order
    return hits[:limit]
