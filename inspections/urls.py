from django.urls import path

from . import dashboard_views, la_views, views, visit_views

app_name = "inspections"

urlpatterns = [
    # Link inspectors
    path("link/", views.coverage, name="link_coverage"),
    path("link/mine/", views.mine, name="mine"),
    path("link/schools/<int:urn>/assign/", views.assign, name="assign"),
    path("link/assignments/<int:pk>/end/", views.end_assignment, name="end_assignment"),
    # Link visits
    path("visits/new/", visit_views.visit_new, name="visit_new"),
    path("visits/<int:pk>/", visit_views.visit_detail, name="visit"),
    path("visits/<int:pk>/edit/", visit_views.visit_edit, name="visit_edit"),
    path("visits/<int:pk>/share/", visit_views.visit_share, name="visit_share"),
    path("visits/<int:pk>/report", visit_views.report_download, name="visit_report"),
    path("visit-actions/<int:pk>/done/", visit_views.action_done, name="action_done"),
    # Schools causing concern
    path("support/", views.support_list, name="support"),
    path("support/schools/<int:urn>/add/", views.support_add, name="support_add"),
    # The borough's picture and the council's own inspections
    path("", dashboard_views.dashboard, name="dashboard"),
    path("la/", la_views.timeline, name="la_timeline"),
    path("la/add/", la_views.add, name="la_add"),
    path("la/<int:pk>/", la_views.detail, name="la_detail"),
    path("la/<int:pk>/edit/", la_views.edit, name="la_edit"),
    path("la/<int:pk>/actions/add/", la_views.action_add, name="la_action_add"),
    path("la/actions/<int:pk>/", la_views.action_update, name="la_action_update"),
    path("la/notices/add/", la_views.notice_add, name="la_notice_add"),
    path("la/notices/<int:pk>/lift/", la_views.notice_lift, name="la_notice_lift"),
    path(
        "la/notices/<int:pk>/actions/add/", la_views.notice_action_add, name="la_notice_action_add"
    ),
]
