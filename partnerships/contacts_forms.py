"""Forms for the council's contact rules and a school's own contacts."""

from django import forms
from django.db.models import Q

from accounts import roles
from accounts.models import User
from schools.models import LocalAuthority, PlanningArea

from .models import NOT_BY_RULE, ContactResponsibility, ContactRule

RESPONSIBILITIES = [c for c in ContactResponsibility.choices if c[0] not in NOT_BY_RULE]


def officers():
    """Active officers, who may be named as contacts."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name__in=[roles.OFFICER, roles.ADMINISTRATOR]) | Q(is_superuser=True))
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.get_full_name()} ({user.email})" if user.get_full_name() else user.email


class ContactRuleForm(forms.ModelForm):
    responsibility = forms.ChoiceField(choices=[("", "Choose a responsibility"), *RESPONSIBILITIES])
    officer = OfficerChoiceField(queryset=officers(), empty_label="Choose an officer")
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.order_by("name"), required=False, empty_label="Any",
        help_text="Blank: schools of any local authority.",
    )  # fmt: skip
    planning_area = forms.ModelChoiceField(
        queryset=PlanningArea.objects.select_related("local_authority"),
        required=False, empty_label="Any", help_text="Blank: any planning area.",
    )  # fmt: skip

    class Meta:
        model = ContactRule
        fields = [
            "responsibility", "officer", "phase", "category", "local_authority", "planning_area",
            "publish",
        ]  # fmt: skip
        labels = {"phase": "Phase of education"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers()
        self.fields["category"].choices = [("", "Any"), *self.fields["category"].choices[1:]]


class SchoolContactForm(forms.Form):
    """Name the school's own officer for a responsibility (replacing any earlier one)."""

    responsibility = forms.ChoiceField(choices=[("", "Choose a responsibility"), *RESPONSIBILITIES])
    officer = OfficerChoiceField(queryset=officers(), empty_label="Choose an officer")
    publish = forms.BooleanField(label="Publish on the public page", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers()
