"""Server-drawn SVG charts of the borough's inspection outcomes.

As the register's category chart does, the drawing is plain SVG with geometry and
colour in attributes (the Content Security Policy allows no style attributes), and
the same numbers are always in a table beside it. Each chart is one image to
assistive technology (role="img" with <title> and <desc>); colour is never the only
cue: every bucket has its own pattern as well, each bar is labelled, and each colour
has at least 3:1 contrast against the white gaps that separate the segments.
"""

from __future__ import annotations

from dataclasses import dataclass

from .outcomes import BUCKETS, NOT_INSPECTED, Row

# (fill colour, pattern) per bucket. Colours from the GOV.UK palette with ≥ 3:1 on white.
STYLE = {
    "outstanding": ("#00703c", "solid"),
    "good": ("#1d70b8", "diagonal"),
    "requires_improvement": ("#b58840", "horizontal"),
    "inadequate": ("#d4351c", "crosshatch"),
    "graded_no_overall": ("#505a5f", "dots"),
    "report_card": ("#912b88", "vertical"),
    NOT_INSPECTED: ("#ffffff", "outline"),
}
INK = "#0b0c0c"

WIDTH = 800
LABEL_WIDTH = 250  # stacked charts: a year, a category or a phase
BUCKET_LABEL_WIDTH = 420  # bucket bars: the longest bucket's name
BAR_WIDTH = 250
LEGEND_COLUMN = 460
ROW_HEIGHT = 30
BAR_HEIGHT = 20
GAP = 2


@dataclass
class Pattern:
    id: str
    colour: str
    kind: str


@dataclass
class Bar:
    label: str
    x: float
    y: float
    width: float
    value_x: float
    text_y: float
    value: str
    fill: str


@dataclass
class Segment:
    x: float
    width: float
    fill: str
    title: str


@dataclass
class StackedRow:
    label: str
    y: float
    text_y: float
    segments: list[Segment]


@dataclass
class LegendItem:
    label: str
    x: float
    y: float
    text_y: float
    fill: str


def _patterns(prefix: str) -> list[Pattern]:
    return [Pattern(f"{prefix}-{key}", *STYLE[key]) for key, _ in BUCKETS]


def _fill(prefix: str, key: str) -> str:
    return f"url(#{prefix}-{key})"


def _schools(n: int) -> str:
    return f"{n:,} school" if n == 1 else f"{n:,} schools"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def bucket_bars(row: Row, *, prefix: str, title: str) -> dict:
    """One bar per bucket, its length the bucket's share of the row's schools."""
    bars = []
    for i, cell in enumerate(row.cells()):
        share = cell["percent"] or 0.0
        width = BAR_WIDTH * share / 100
        y = i * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        bars.append(
            Bar(
                label=cell["label"],
                x=BUCKET_LABEL_WIDTH,
                y=y,
                width=width,
                value_x=BUCKET_LABEL_WIDTH + width + 6,
                text_y=y + BAR_HEIGHT / 2 + 5,
                value=f"{cell['count']:,} ({_percent(cell['percent'])})",
                fill=_fill(prefix, cell["key"]),
            )  # fmt: skip
        )
    desc = "; ".join(
        f"{cell['label']}: {_schools(cell['count'])}, {_percent(cell['percent'])}"
        for cell in row.cells()
    )
    return {
        "kind": "bars",
        "id": prefix,
        "title": title,
        "desc": f"Of {_schools(row.total)}. {desc}.",
        "width": WIDTH,
        "height": len(bars) * ROW_HEIGHT,
        "patterns": _patterns(prefix),
        "bars": bars,
    }


def stacked_bars(rows: list[Row], *, prefix: str, title: str) -> dict:
    """One 100% bar per row (a year, a category…), split by bucket, with a legend."""
    stacked = []
    for i, row in enumerate(rows):
        y = i * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        x = float(LABEL_WIDTH)
        segments = []
        for cell in row.cells():
            if not cell["count"]:
                continue
            width = (WIDTH - LABEL_WIDTH - 10) * cell["count"] / row.total
            segments.append(
                Segment(
                    x=x,
                    width=max(width - GAP, 0.5),
                    fill=_fill(prefix, cell["key"]),
                    title=f"{cell['label']}: {cell['count']:,} ({_percent(cell['percent'])})",
                )  # fmt: skip
            )
            x += width
        stacked.append(
            StackedRow(
                label=f"{row.label} ({row.total:,})",
                y=y,
                text_y=y + BAR_HEIGHT / 2 + 5,
                segments=segments,
            )  # fmt: skip
        )
    legend_top = len(rows) * ROW_HEIGHT + 10
    legend = []
    for i, (key, label) in enumerate(BUCKETS):
        column, line = i % 2, i // 2
        y = legend_top + line * 24
        legend.append(
            LegendItem(
                label=label,
                x=column * LEGEND_COLUMN,
                y=y,
                text_y=y + 13,
                fill=_fill(prefix, key),
            )  # fmt: skip
        )
    lines = (len(BUCKETS) + 1) // 2
    desc = " ".join(
        f"{row.label}, {_schools(row.total)}: "
        + ", ".join(f"{c['label']} {_percent(c['percent'])}" for c in row.cells())
        + "."
        for row in rows
    )
    return {
        "kind": "stacked",
        "id": prefix,
        "title": title,
        "desc": desc or "No schools.",
        "width": WIDTH,
        "height": legend_top + lines * 24,
        "patterns": _patterns(prefix),
        "rows": stacked,
        "legend": legend,
    }
