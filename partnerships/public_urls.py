"""The public page at /working-with-schools/ (namespace "working_with_schools")."""

from django.urls import path

from . import public_views

app_name = "working_with_schools"

urlpatterns = [path("", public_views.page, name="page")]
