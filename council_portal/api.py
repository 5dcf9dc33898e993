"""The REST API's router: every resource under /api/v1/, registered in one place."""

from rest_framework.routers import DefaultRouter

from schools.api import LocalAuthorityViewSet, SchoolViewSet

router = DefaultRouter()
router.register("local-authorities", LocalAuthorityViewSet, basename="local-authority")
router.register("schools", SchoolViewSet, basename="school")
