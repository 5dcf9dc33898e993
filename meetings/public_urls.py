"""The public record of bodies that publish: agenda, public papers, approved minutes, decisions."""

from django.urls import path

from . import public_views

app_name = "public"

urlpatterns = [
    path("meetings/", public_views.meetings, name="meetings"),
    path("meetings/<int:pk>/", public_views.meeting, name="meeting"),
]
