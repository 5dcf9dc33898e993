"""Officers' reports, at /reports/ (namespace "reports")."""

from django.urls import path

from . import scrutiny_views

app_name = "reports"

urlpatterns = [
    path("scrutiny/", scrutiny_views.report, name="scrutiny"),
    path("scrutiny/report.pdf", scrutiny_views.report_pdf, name="scrutiny_pdf"),
]
