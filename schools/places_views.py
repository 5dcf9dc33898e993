"""Officers' school places page and its CSV download; figures from schools.places."""

from datetime import date

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from accounts import policy
from council_portal.spreadsheet import csv_download

from . import places
from .categories import PHASES


class PlacesFilterForm(forms.Form):
    """The page's filters; choices and checks come from schools.places."""

    la = forms.ChoiceField(label="Local authority", required=False)
    area = forms.ChoiceField(label="Planning area", required=False)
    phase = forms.ChoiceField(label="Phase", required=False)
    date = forms.DateField(label="Snapshot date", required=False, widget=forms.Select)

    def __init__(self, data, *, choices: places.FilterChoices):
        super().__init__(data)
        self.choices = choices
        la_code = (data or {}).get("la") or ""
        areas = sorted(choices.area_names(la_code if la_code in dict(choices.local_authorities)
                                          else None))  # fmt: skip
        self.fields["la"].choices = [("", "Any local authority")] + [
            (code, f"{name} ({code})") for code, name in choices.local_authorities
        ]
        self.fields["area"].choices = [("", "Any planning area")] + [(a, a) for a in areas]
        self.fields["phase"].choices = [("", "Any phase")] + [(p, p) for p in PHASES]
        # A select of the recorded dates; the shared field template reads field.choices.
        self.fields["date"].choices = self.fields["date"].widget.choices = [
            (d.isoformat(), f"{d:%-d %B %Y}" + (" (latest)" if n == 0 else ""))
            for n, d in enumerate(choices.dates)
        ]

    def clean(self):
        data = super().clean()
        # Choice fields report unknown values generically; the domain's messages say more.
        for name in ("la", "area", "phase"):
            if name in self.errors:
                del self.errors[name]
                data[name] = self.data.get(name, "")
        for name, message in places.filter_errors(
            self.choices, la_code=data.get("la"), area=data.get("area"),
            phase=data.get("phase"), as_of=data.get("date"),
        ).items():  # fmt: skip
            self.add_error(name, message)
        return data


def _filters(request) -> tuple[PlacesFilterForm, dict | None]:
    """The bound filter form and, when it is valid, the arguments for places_figures()."""
    if not policy.can_view_register(request.user):
        raise PermissionDenied
    choices = places.filter_choices()
    data = request.GET.copy()
    if not data and settings.HOME_LA_CODE in dict(choices.local_authorities):
        # First visit: the council's own authority; "Any local authority" shows them all.
        data["la"] = settings.HOME_LA_CODE
    form = PlacesFilterForm(data, choices=choices)
    if not form.is_valid():
        return form, None
    cleaned = form.cleaned_data
    as_of = cleaned.get("date") or choices.latest
    form.data["date"] = as_of.isoformat() if as_of else ""
    return form, {
        "as_of": as_of, "la_code": cleaned.get("la") or None,
        "area": cleaned.get("area") or None, "phase": cleaned.get("phase") or None,
    }  # fmt: skip


# Geometry of the chart, in SVG user units.
CHART_WIDTH, LABEL_WIDTH, BAR_SPACE, BAR_HEIGHT, GROUP_HEIGHT = 640, 170, 360, 14, 44


def chart(groups: list[places.PlacesRow]) -> dict:
    """Bars of capacity and pupils per group, scaled to the largest figure."""
    largest = max([max(g.capacity, g.pupils) for g in groups] + [1])
    bars = []
    for n, group in enumerate(groups):
        top = 30 + n * GROUP_HEIGHT
        bars.append(
            {
                "label": group.phase,
                "label_y": top + BAR_HEIGHT + 4,
                "capacity": group.capacity,
                "capacity_y": top,
                "capacity_width": round(BAR_SPACE * group.capacity / largest, 1),
                "pupils": group.pupils,
                "pupils_y": top + BAR_HEIGHT + 2,
                "pupils_width": round(BAR_SPACE * group.pupils / largest, 1),
            }
        )
    for bar in bars:
        bar["capacity_text_x"] = LABEL_WIDTH + bar["capacity_width"] + 6
        bar["pupils_text_x"] = LABEL_WIDTH + bar["pupils_width"] + 6
        bar["capacity_text_y"] = bar["capacity_y"] + BAR_HEIGHT - 3
        bar["pupils_text_y"] = bar["pupils_y"] + BAR_HEIGHT - 3
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": 40 + len(groups) * GROUP_HEIGHT,
        "label_x": LABEL_WIDTH - 8,
        "bar_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }


@login_required
def places_page(request):
    form, filters = _filters(request)
    context = {"form": form, "filters": filters}
    if filters is not None:
        rows = places.places_figures(**filters)
        mainstream = [r for r in rows if not r.is_specialist]
        specialist = [r for r in rows if r.is_specialist]
        phases = places.by_phase(rows)
        special_total = places.total(specialist, phase="Special, PRU and AP")
        chart_groups = phases + ([special_total] if specialist else [])
        trend_filters = {**filters, "as_of": None}
        context.update(
            {
                "as_of": filters["as_of"],
                "mainstream": mainstream,
                "specialist": specialist,
                "mainstream_total": places.total(mainstream),
                "specialist_total": special_total,
                "chart_rows": chart_groups,
                "chart": chart(chart_groups),
                "trend": places.trend(places.places_figures(**trend_filters, by="date")),
                "query": form.data.urlencode(),
            }
        )
    return render(request, "schools/places.html", context)


CSV_HEADER = [
    "Snapshot date", "LA code", "Local authority", "Planning area", "Phase", "Provision",
    "Schools counted", "Schools excluded (a figure missing)", "Capacity", "Pupils on roll",
    "Surplus places", "Surplus %",
]  # fmt: skip


@login_required
def places_csv(request):
    form, filters = _filters(request)
    if filters is None:
        return render(request, "schools/places.html", {"form": form, "filters": None}, status=400)
    rows = places.places_figures(**filters)
    as_of: date | None = filters["as_of"]
    return csv_download(
        f"school-places-{as_of.isoformat() if as_of else 'none'}.csv",
        CSV_HEADER,
        (
            [
                row.as_of.isoformat(),
                row.la_code,
                row.la_name,
                row.area,
                row.phase,
                places.Provision(row.provision).label,
                row.schools,
                row.excluded,
                row.capacity,
                row.pupils,
                row.surplus,
                row.surplus_pct,
            ]  # fmt: skip
            for row in rows
        ),
    )
