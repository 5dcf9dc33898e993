"""The bodies' pages for officers. Included by meetings.urls at /meetings/bodies/, so
the names live in the "meetings" namespace: meetings:bodies, meetings:body."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.body_list, name="bodies"),
    path("<int:pk>/", views.body_detail, name="body"),
]
