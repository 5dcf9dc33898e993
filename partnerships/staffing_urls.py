"""The service areas' staffing pages, at /service-areas/ (namespace "service_areas")."""

from django.urls import path

from . import staffing_views

app_name = "service_areas"

urlpatterns = [
    path("", staffing_views.service_areas, name="list"),
    path("export.csv", staffing_views.service_areas_csv, name="csv"),
]
