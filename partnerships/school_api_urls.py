"""A school's contacts and engagement, nested under the API's schools:
/api/v1/schools/<urn>/contacts/ and /api/v1/schools/<urn>/engagement/."""

from django.urls import path

from .school_api import SchoolContactsView, SchoolEngagementView

urlpatterns = [
    path("contacts/", SchoolContactsView.as_view(), name="school-contacts"),
    path("engagement/", SchoolEngagementView.as_view(), name="school-engagement"),
]
