from django.urls import path

from . import places_views, views

app_name = "schools"

urlpatterns = [
    path("", views.register, name="register"),
    path("export.csv", views.register_csv, name="register_csv"),
    path("places/", places_views.places_page, name="places"),
    path("places/export.csv", places_views.places_csv, name="places_csv"),
    path("<int:urn>/", views.detail, name="detail"),
    path("<int:urn>/headships/add/", views.headship_add, name="headship_add"),
    path("<int:urn>/headships/<int:pk>/end/", views.headship_end, name="headship_end"),
    path("<int:urn>/governors/add/", views.governor_add, name="governor_add"),
    path("<int:urn>/governors/<int:pk>/end/", views.governor_end, name="governor_end"),
]
