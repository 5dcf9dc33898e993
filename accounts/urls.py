from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("account/", views.my_account, name="my_account"),
    path("account/api-keys/<int:pk>/revoke/", views.api_key_revoke, name="api_key_revoke"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/invite/", views.invite, name="invite"),
    path("people/<int:pk>/deactivate/", views.deactivate, name="deactivate"),
    path("accounts/invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
