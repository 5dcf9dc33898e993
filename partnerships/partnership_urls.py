"""A body's own page, at /partnerships/<id>/ (its members and officers)."""

from django.urls import path

from . import partnership_views as views

app_name = "partnerships"

urlpatterns = [
    path("<int:pk>/", views.page, name="page"),
]
