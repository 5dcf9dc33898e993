"""The public record of bodies that publish: agenda, public papers, approved minutes, decisions."""

from django.urls import path  # noqa: F401

app_name = "public"

urlpatterns: list = []
