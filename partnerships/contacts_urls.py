"""The council's named contacts, at /contacts/ (officers)."""

from django.urls import path

from . import contacts_views as views

app_name = "contacts"

urlpatterns = [
    path("", views.contact_list, name="list"),
    path("rules/add/", views.rule_add, name="rule_add"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("schools/<int:urn>/", views.school_contacts, name="school"),
    path("schools/<int:urn>/remove/", views.school_contact_remove, name="school_remove"),
]
