"""The REST API's router: every resource under /api/v1/, registered in one place."""

from rest_framework.routers import DefaultRouter

from meetings.api import MeetingSeriesViewSet, MeetingViewSet
from partnerships.api import BodyViewSet, PartnerAgencyViewSet
from schools.api import LocalAuthorityViewSet, SchoolViewSet

router = DefaultRouter()
router.register("local-authorities", LocalAuthorityViewSet, basename="local-authority")
router.register("schools", SchoolViewSet, basename="school")
router.register("agencies", PartnerAgencyViewSet, basename="agency")
router.register("bodies", BodyViewSet, basename="body")
router.register("meeting-series", MeetingSeriesViewSet, basename="meeting-series")
router.register("meetings", MeetingViewSet, basename="meeting")
