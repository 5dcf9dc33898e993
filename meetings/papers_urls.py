"""Papers: upload (officers) and protected downloads, under /papers/.

Downloads are served only here, after the policy check; MEDIA_URL is never routed.
"""

from django.urls import path

from . import paper_views

app_name = "papers"

urlpatterns = [
    path("meetings/<int:meeting_pk>/", paper_views.meeting_papers, name="meeting_papers"),
    path("meetings/<int:meeting_pk>/upload/", paper_views.upload, name="upload"),
    path("<int:pk>/", paper_views.paper_detail, name="paper"),
    path("<int:pk>/replace/", paper_views.replace, name="replace"),
    path("<int:pk>/download", paper_views.download, name="download"),
    path(
        "<int:pk>/versions/<int:number>/download",
        paper_views.version_download,
        name="version_download",
    ),
]
