"""Agenda, minutes, decisions, actions and attendance of a meeting (officers), under /meetings/."""

from django.urls import path  # noqa: F401

app_name = "business"

urlpatterns: list = []
