"""Everyone's calendar: "my meetings", .ics downloads and subscription feeds, under /calendar/."""

from django.urls import path  # noqa: F401

app_name = "calendar"

urlpatterns: list = []
