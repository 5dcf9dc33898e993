"""Briefing packs: a person's packs page and pack downloads, under /packs/."""

from django.urls import path  # noqa: F401

app_name = "packs"

urlpatterns: list = []
