"""Everyone's calendar: "my meetings", .ics downloads and subscription feeds, under /calendar/."""

from django.urls import path

from . import calendar_views

app_name = "calendar"

urlpatterns = [
    path("", calendar_views.my_meetings, name="my_meetings"),
    path("meetings/<uuid:uid>.ics", calendar_views.meeting_ics, name="meeting_ics"),
    path("meetings/<uuid:uid>/reply", calendar_views.reply, name="reply"),
    path("feed/<int:feed_id>/<str:token>.ics", calendar_views.feed, name="feed"),
    path("feed/new-address", calendar_views.feed_regenerate, name="feed_regenerate"),
    path("feed/stop", calendar_views.feed_revoke, name="feed_revoke"),
]
