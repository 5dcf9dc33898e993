from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AdminUserCreationForm

from .models import User


class SetPasswordForm(forms.Form):
    """The first password of an invited person."""

    password1 = forms.CharField(
        label="Create a password",
        help_text="At least 12 characters. Avoid common words and your name.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Confirm your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, person, **kwargs):
        self.person = person
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The passwords do not match.")
        elif first:
            try:
                password_validation.validate_password(first, self.person)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label="Name or email", required=False)


class PersonCreationForm(AdminUserCreationForm):
    """The admin's "add person": email is the login, one person per address in any case."""

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email",)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Someone already has this email address.")
        return email
