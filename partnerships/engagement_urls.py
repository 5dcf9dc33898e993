"""The borough's engagement list, at /schools/engagement/ (officers)."""

from django.urls import path

from . import engagement_views as views

app_name = "engagement"

urlpatterns = [
    path("", views.borough, name="borough"),
    path("attendance-fell.csv", views.borough_csv, name="borough_csv"),
]
