"""Forms of the link inspection pages. They shape what an officer sent; the rules
are in inspections.link, inspections.visits and inspections.support."""

from django import forms
from django.utils import timezone

from meetings.papers import max_upload_mb
from schools.categories import PHASES, STATE_FUNDED, Category

from .models import FocusArea, LinkVisit, SupportCategorisation


class DateInput(forms.DateInput):
    input_type = "date"


class Radios(forms.RadioSelect):
    """Radios whose field id is the first radio's, so the error summary's link lands on it."""

    def id_for_label(self, id_, index="0"):
        return f"{id_}_{index}" if id_ else id_


class Checkboxes(forms.CheckboxSelectMultiple):
    def id_for_label(self, id_, index="0"):
        return f"{id_}_{index}" if id_ else id_


class InspectorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return person.get_full_name() or person.email


class AssignForm(forms.Form):
    inspector = InspectorChoiceField(
        label="Link inspector", queryset=None, empty_label="Choose a link inspector",
        error_messages={"required": "Select a link inspector.",
                        "invalid_choice": "Select a link inspector from the list."},
    )  # fmt: skip
    starts_on = forms.DateField(
        label="From", widget=DateInput,
        help_text="A current link inspector's assignment ends the day before.",
        error_messages={"required": "Enter the date the assignment starts.",
                        "invalid": "Enter a real date."},
    )  # fmt: skip

    def __init__(self, *args, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = inspectors
        self.fields["starts_on"].initial = timezone.localdate()


class EndAssignmentForm(forms.Form):
    ends_on = forms.DateField(
        label="Last day as link inspector", widget=DateInput,
        error_messages={"required": "Enter the last day.", "invalid": "Enter a real date."},
    )  # fmt: skip


def _report_field() -> forms.FileField:
    return forms.FileField(
        label="Visit report (optional)", required=False, allow_empty_file=True,
        help_text=f"PDF, Word, Excel, PowerPoint or OpenDocument, up to "
        f"{max_upload_mb():g} MB. Choose it last: adding an action row clears it.",
        error_messages={"invalid": "Select a file."},
    )  # fmt: skip


class VisitForm(forms.Form):
    inspector = InspectorChoiceField(
        label="Link inspector", queryset=None, empty_label="Choose a link inspector",
        error_messages={"required": "Select the link inspector who made the visit.",
                        "invalid_choice": "Select a link inspector from the list."},
    )  # fmt: skip
    visited_on = forms.DateField(
        label="Date of the visit", widget=DateInput,
        error_messages={"required": "Enter the date of the visit.",
                        "invalid": "Enter a real date."},
    )  # fmt: skip
    purpose = forms.ChoiceField(
        label="Purpose", choices=LinkVisit.Purpose.choices, widget=Radios,
        error_messages={"required": "Select the purpose of the visit."},
    )  # fmt: skip
    focus_areas = forms.MultipleChoiceField(
        label="Focus areas", choices=FocusArea.choices, widget=Checkboxes, required=False,
        help_text="Select all that apply.",
    )  # fmt: skip
    notes = forms.CharField(
        label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="For officers until the visit is shared with the school; then the "
        "headteacher reads them too.",
    )  # fmt: skip

    def __init__(self, *args, inspectors, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = inspectors
        self.fields["report"] = _report_field()
        if editing:
            self.fields["remove_report"] = forms.BooleanField(
                label="Remove the current report", required=False
            )


class ActionForm(forms.Form):
    """One follow-up action; a row left blank is skipped."""

    description = forms.CharField(
        label="Action", max_length=500,
        error_messages={"required": "Enter what is to be done, or leave the whole row blank.",
                        "max_length": "The action must be 500 characters or fewer."},
    )  # fmt: skip
    owner = forms.TypedChoiceField(
        label="Owner", required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": "Select an owner from the list."},
    )  # fmt: skip
    owner_name = forms.CharField(
        label="Or the owner's name", required=False, max_length=200,
        help_text="Someone without an account, such as the school's SENCo.",
    )  # fmt: skip
    due_on = forms.DateField(
        label="Due (optional)", required=False, widget=DateInput,
        error_messages={"invalid": "Enter a real date."},
    )  # fmt: skip

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {person.pk: person for person in owners}
        self.fields["owner"].choices = [("", "Nobody chosen")] + [
            (pk, f"{p.get_full_name() or p.email}") for pk, p in self.owners.items()
        ]

    def clean(self):
        data = super().clean()
        if data.get("owner") and (data.get("owner_name") or "").strip():
            self.add_error("owner_name", "Choose an owner or type a name, not both.")
        return data


ActionFormSet = forms.formset_factory(ActionForm, extra=2, max_num=20, validate_max=True)


class CompleteActionForm(forms.Form):
    completed_on = forms.DateField(
        label="Date done", widget=DateInput, required=False,
        help_text="Leave it blank for today.",
        error_messages={"invalid": "Enter a real date."},
    )  # fmt: skip


class SupportForm(forms.Form):
    level = forms.ChoiceField(
        label="Level of support", choices=SupportCategorisation.Level.choices, widget=Radios,
        error_messages={"required": "Select the level of support."},
    )  # fmt: skip
    reasons = forms.CharField(
        label="Reasons", widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the reasons for the decision."},
    )  # fmt: skip
    decided_on = forms.DateField(
        label="Date of the decision", widget=DateInput,
        error_messages={"required": "Enter the date of the decision.",
                        "invalid": "Enter a real date."},
    )  # fmt: skip
    review_on = forms.DateField(
        label="Review by (optional)", widget=DateInput, required=False,
        error_messages={"invalid": "Enter a real date."},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()


class CoverageFilter(forms.Form):
    phase = forms.ChoiceField(
        label="Phase", required=False, choices=[("", "All phases"), *[(p, p) for p in PHASES]]
    )
    category = forms.ChoiceField(
        label="Category", required=False,
        choices=[("", "All state-funded"),
                 *[(value, label) for value, label in Category.choices if value in STATE_FUNDED]],
    )  # fmt: skip


class SupportFilter(forms.Form):
    level = forms.ChoiceField(
        label="Level", required=False,
        choices=[("", "All levels"), *SupportCategorisation.Level.choices],
    )  # fmt: skip
