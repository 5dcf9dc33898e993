"""Agenda, minutes, decisions, actions and attendance of a meeting (officers), under
/meetings/, beside meetings.urls; and the search page for everyone signed in."""

from django.urls import path

from . import business_views as views

app_name = "business"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("<int:pk>/agenda/", views.agenda, name="agenda"),
    path("<int:pk>/agenda/add/", views.item_add, name="item_add"),
    path("<int:pk>/agenda/standing-items/", views.standing_items_add, name="standing_items"),
    path("agenda-items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("agenda-items/<int:pk>/move/", views.item_move, name="item_move"),
    path("agenda-items/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("agenda-items/<int:pk>/minute/", views.minute_edit, name="minute_edit"),
    path("agenda-items/<int:pk>/decisions/add/", views.decision_add, name="decision_add"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/minutes/", views.minutes, name="minutes"),
    path("<int:pk>/minutes/approve/", views.minutes_approve, name="minutes_approve"),
    path("<int:pk>/actions/", views.actions, name="actions"),
    path("<int:pk>/actions/add/", views.action_add, name="action_add"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
]
