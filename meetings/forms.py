"""Officers' forms: moving a meeting and setting a series' rhythm.

They collect and shape what the officer types; the rules live in meetings.services
and meetings.series, whose ValidationErrors the views put back on the form.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django import forms

from . import series as series_rules
from .models import Meeting, MeetingSeries, Term
from .scheduling import TIMES_A_YEAR_TERMS

LONDON = ZoneInfo("Europe/London")
TIME_HINT = "London time, 24-hour clock, for example 16:00."
LINK_INVALID = "Enter the link as a web address, like https://meet.example.org/abc."


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def _hh_mm(value):
    # Time inputs show "16:00", not the "16:00:00" of a time's str().
    return value.strftime("%H:%M") if isinstance(value, time) else value


def _time_errors(which: str) -> dict:
    return {
        "required": f"Enter the {which} time, for example 16:00.",
        "invalid": f"Enter the {which} time as hours and minutes, for example 16:00.",
    }


class RescheduleForm(forms.Form):
    date = forms.DateField(
        label="Date", widget=DateInput,
        error_messages={
            "required": "Enter the date of the meeting.",
            "invalid": "Enter a real date, for example 19/01/2027.",
        },
    )  # fmt: skip
    starts_at = forms.TimeField(
        label="Start time", help_text=TIME_HINT, widget=TimeInput,
        error_messages=_time_errors("start"),
    )  # fmt: skip
    ends_at = forms.TimeField(
        label="End time", help_text=TIME_HINT, widget=TimeInput,
        error_messages=_time_errors("end"),
    )  # fmt: skip
    venue = forms.CharField(
        label="Venue (optional)", max_length=300, required=False,
        help_text="Leave empty for a meeting held online only.",
    )  # fmt: skip
    online_link = forms.URLField(
        label="Online meeting link (optional)", required=False, assume_scheme="https",
        help_text="The link invitees use to join, starting https://",
        error_messages={"invalid": LINK_INVALID},
    )  # fmt: skip

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        starts = meeting.starts_at.astimezone(LONDON)
        ends = meeting.ends_at.astimezone(LONDON)
        return {
            "date": starts.date(),
            "starts_at": _hh_mm(starts.time()),
            "ends_at": _hh_mm(ends.time()),
            "venue": meeting.venue,
            "online_link": meeting.online_link,
        }

    def service_kwargs(self) -> dict:
        """The arguments of meetings.services.meeting_reschedule, times in London."""
        data = self.cleaned_data
        return {
            "starts_at": datetime.combine(data["date"], data["starts_at"], tzinfo=LONDON),
            "ends_at": datetime.combine(data["date"], data["ends_at"], tzinfo=LONDON),
            "venue": data["venue"],
            "online_link": data["online_link"],
        }


class SeriesForm(forms.ModelForm):
    times_a_year = forms.TypedChoiceField(
        label="How many times a year",
        choices=[(n, str(n)) for n in sorted(TIMES_A_YEAR_TERMS)],
        coerce=int,
        help_text="Only for 'a number of times a year'. Six means two in each term.",
    )
    annual_term = forms.ChoiceField(
        label="Term of the annual meeting",
        choices=[("", "Not an annual series"), *Term.Name.choices],
        required=False,
        help_text="Only for 'once a year'.",
    )
    week = forms.IntegerField(
        label="Which week, or which weekday after half-term",
        min_value=1,
        max_value=series_rules.LAST_WEEK_OF_TERM,
        error_messages={
            "required": "Enter the week of term, for example 4.",
            "invalid": "Enter the week of term as a number, for example 4.",
            "min_value": f"Choose a week from 1 to {series_rules.LAST_WEEK_OF_TERM}.",
            "max_value": f"Choose a week from 1 to {series_rules.LAST_WEEK_OF_TERM}.",
        },
        help_text=(
            "For 'week N of term': the week number, week 1 being the week the term starts. "
            "For 'the Nth weekday after half-term': N, for example 1 for the first."
        ),
    )
    online_link = forms.URLField(
        label="Online meeting link (optional)", required=False, assume_scheme="https",
        help_text="The link invitees use to join, starting https://",
        error_messages={"invalid": LINK_INVALID},
    )  # fmt: skip

    class Meta:
        model = MeetingSeries
        fields = [
            "title", "cadence", "times_a_year", "annual_term", "placement", "week", "weekday",
            "starts_at", "ends_at", "venue", "online_link", "audience",
        ]  # fmt: skip
        labels = {
            "title": "Title of the meetings",
            "cadence": "How often it meets",
            "placement": "How the day is chosen in each term",
            "weekday": "Day of the week",
            "starts_at": "Start time",
            "ends_at": "End time",
            "venue": "Venue (optional)",
            "audience": "Who is invited",
        }
        help_texts = {
            "title": "Invitations and calendars show this, for example "
            "'Primary headteachers' conference'.",
            "placement": "A meeting that would fall on a weekend, bank holiday or half-term "
            "moves to the next school day, and the move is recorded.",
            "starts_at": TIME_HINT,
            "ends_at": TIME_HINT,
            "venue": "Give a venue, an online meeting link, or both.",
            "audience": "The officers who run the body are always invited too.",
        }
        widgets = {"starts_at": TimeInput, "ends_at": TimeInput}
        error_messages = {
            "title": {"required": "Enter the title of the meetings."},
            "starts_at": _time_errors("start"),
            "ends_at": _time_errors("end"),
        }

    def get_initial_for_field(self, field, field_name):
        return _hh_mm(super().get_initial_for_field(field, field_name))

    def clean(self):
        cleaned = super().clean()
        # The rules' own messages, on the fields they concern; a field that already
        # failed its own check is skipped, and so is the model constraint behind it.
        problems = series_rules.series_problems(
            **{name: cleaned.get(name) for name in SERIES_RULE_FIELDS}
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned


SERIES_RULE_FIELDS = [
    "cadence", "times_a_year", "annual_term", "week", "starts_at", "ends_at", "venue",
    "online_link",
]  # fmt: skip


class _Date(forms.DateInput):
    input_type = "date"


class TermForm(forms.Form):
    starts_on = forms.DateField(label="First day of term", widget=_Date)
    half_term_starts_on = forms.DateField(label="Half-term: first day of the holiday", widget=_Date)
    half_term_ends_on = forms.DateField(label="Half-term: last day of the holiday", widget=_Date)
    ends_on = forms.DateField(label="Last day of term", widget=_Date)
