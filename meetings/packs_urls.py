"""Briefing packs: a person's packs page and pack downloads, under /packs/."""

from django.urls import path

from . import pack_views

app_name = "packs"

urlpatterns = [
    path("", pack_views.my_packs, name="my_packs"),
    path("<int:pk>.pdf", pack_views.download, name="download"),
    path("<int:pk>/publish/", pack_views.publish, name="publish"),
]
