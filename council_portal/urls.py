from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views
from .api import not_found as api_not_found
from .api import router
from .health import healthz

# The admin signs in through allauth, so its sign-in has the same second factor
# and rate limits as every other page.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", healthz, name="healthz"),
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("schools/engagement/", include("partnerships.engagement_urls")),
    path("schools/", include("schools.urls")),
    path("contacts/", include("partnerships.contacts_urls")),
    path("partnerships/", include("partnerships.partnership_urls")),
    path("service-areas/", include("partnerships.staffing_urls")),
    path("meetings/", include("meetings.urls")),
    path("meetings/", include("meetings.business_urls")),
    path("papers/", include("meetings.papers_urls")),
    path("packs/", include("meetings.packs_urls")),
    path("public/", include("meetings.public_urls")),
    path("calendar/", include("meetings.calendar_urls")),
    path("inspections/", include("inspections.urls")),
    path("working-with-schools/", include("partnerships.public_urls")),
    path("reports/", include("partnerships.scrutiny_urls")),
    path("api/v1/schools/<int:urn>/", include("partnerships.school_api_urls")),
    path("api/v1/", include(router.urls)),
    re_path(r"^api/v1/", api_not_found),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
