from django import forms

from .models import GovernorAppointment, Headship


class DateInput(forms.DateInput):
    input_type = "date"


class PersonFields(forms.Form):
    email = forms.EmailField(label="Email address")
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)


class HeadshipForm(PersonFields):
    kind = forms.ChoiceField(label="Type of headship", choices=Headship.Kind.choices)
    starts_on = forms.DateField(label="From", widget=DateInput)
    ends_on = forms.DateField(label="To (optional)", required=False, widget=DateInput)


class GovernorAppointmentForm(PersonFields):
    role = forms.ChoiceField(label="Role", choices=GovernorAppointment.Role.choices)
    category = forms.ChoiceField(
        label="Appointment category",
        choices=[("", "Not recorded"), *GovernorAppointment.Category.choices],
        required=False,
    )
    starts_on = forms.DateField(label="Term of office from", widget=DateInput)
    ends_on = forms.DateField(
        label="Term of office to (optional)", required=False, widget=DateInput
    )


class EndForm(forms.Form):
    ends_on = forms.DateField(
        label="Last day in post",
        help_text="Access that came with the role ends after this day.",
        widget=DateInput,
    )
