"""Forms for the council's own inspections. They only shape what was typed; the rules
(dates in order, ILACS judgements only on ILACS inspections…) live in inspections.la."""

from django import forms
from django.db.models import Q

from accounts import roles
from accounts.models import User

from .grades import AreaSendOutcome, Grade, LAInspectionKind
from .la import ILACS_JUDGEMENT_AREAS
from .models import ImprovementAction


class DateInput(forms.DateInput):
    input_type = "date"


DATE_INVALID = "Enter a real date, for example 19/01/2027."
URL_INVALID = "Enter a web address, like https://reports.ofsted.gov.uk/…"


def _date(label: str, *, required: bool = True, help_text: str = "", missing: str = ""):
    return forms.DateField(
        label=label, required=required, widget=DateInput, help_text=help_text,
        error_messages={"required": missing or f"Enter the {label.lower()}.",
                        "invalid": DATE_INVALID},
    )  # fmt: skip


def _grade_choices(empty: str):
    return [("", empty), *Grade.choices]


def officers():
    """People who may own an improvement action: active officers."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name__in=[roles.OFFICER, roles.ADMINISTRATOR]) | Q(is_superuser=True))
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


def _owner_field():
    return OwnerField(
        queryset=officers(), required=False, empty_label="No owner yet", label="Owner (optional)"
    )


class LAInspectionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of inspection", choices=[("", "Choose…"), *LAInspectionKind.choices],
        error_messages={"required": "Choose the kind of inspection."},
    )  # fmt: skip
    started_on = _date("Start date", missing="Enter the date the inspection started.")
    ended_on = _date("End date (optional)", required=False)
    published_on = _date("Date the report was published (optional)", required=False)
    overall_effectiveness = forms.ChoiceField(
        label="Overall effectiveness (ILACS only)", required=False,
        choices=_grade_choices("Not judged"),
    )  # fmt: skip
    send_outcome = forms.ChoiceField(
        label="Outcome (area SEND inspections only)", required=False,
        choices=[("", "None"), *AreaSendOutcome.choices],
    )  # fmt: skip
    summary = forms.CharField(
        label="Summary (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    report_url = forms.URLField(
        label="Link to the report (optional)", required=False, max_length=500,
        assume_scheme="https", error_messages={"invalid": URL_INVALID},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for area in ILACS_JUDGEMENT_AREAS:
            self.fields[area.value] = forms.ChoiceField(
                label=f"{area.label} (ILACS only)", required=False,
                choices=_grade_choices("Not judged"),
            )  # fmt: skip

    @classmethod
    def initial_for(cls, inspection) -> dict:
        initial = {
            name: getattr(inspection, name)
            for name in ("kind", "started_on", "ended_on", "published_on",
                         "overall_effectiveness", "send_outcome", "summary", "report_url")
        }  # fmt: skip
        initial.update({j.area: j.grade for j in inspection.judgements.all()})
        return initial

    def judgements(self) -> dict[str, str]:
        return {
            area.value: self.cleaned_data[area.value]
            for area in ILACS_JUDGEMENT_AREAS
            if self.cleaned_data.get(area.value)
        }

    def judgement_fields(self):
        return [self[area.value] for area in ILACS_JUDGEMENT_AREAS]

    def other_fields(self):
        areas = {area.value for area in ILACS_JUDGEMENT_AREAS}
        return [field for field in self if field.name not in areas]


class ActionForm(forms.Form):
    recommendation = forms.CharField(
        label="Recommendation", widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the recommendation."},
    )  # fmt: skip
    owner = _owner_field()
    due_on = _date("Due date (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = officers()


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=ImprovementAction.Status.choices,
        error_messages={"required": "Choose a status."},
    )  # fmt: skip
    completed_on = _date(
        "Date done (optional)", required=False,
        help_text="Only when the action is done; today if left empty.",
    )  # fmt: skip
    owner = _owner_field()
    due_on = _date("Due date (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = officers()


class NoticeForm(forms.Form):
    issued_on = _date("Date issued", missing="Enter the date the notice was issued.")
    summary = forms.CharField(
        label="Summary (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    url = forms.URLField(
        label="Link to the notice (optional)", required=False, max_length=500,
        assume_scheme="https", error_messages={"invalid": URL_INVALID},
    )  # fmt: skip


class LiftForm(forms.Form):
    lifted_on = _date("Date lifted", missing="Enter the date the notice was lifted.")
