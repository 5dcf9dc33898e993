"""Officers' meeting pages, under /meetings/. The bodies' pages (partnerships.urls)
are mounted here too, at /meetings/bodies/, in the same "meetings" namespace."""

from django.urls import include, path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.diary, name="diary"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("bodies/<int:body_pk>/series/add/", views.series_add, name="series_add"),
    path("series/<int:pk>/edit/", views.series_edit, name="series_edit"),
    path("series/<int:pk>/pause/", views.series_pause, {"paused": True}, name="series_pause"),
    path("series/<int:pk>/resume/", views.series_pause, {"paused": False}, name="series_resume"),
    path("terms/", views.terms, name="terms"),
    path("terms/<int:pk>/edit/", views.term_edit, name="term_edit"),
    path("bodies/", include("partnerships.urls")),
]
