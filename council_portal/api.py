"""The REST API's router: every resource under /api/v1/, registered in one place."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from inspections.api import (
    LinkAssignmentViewSet,
    LinkVisitViewSet,
    SupportCategorisationViewSet,
)
from inspections.inspection_api import (
    ImprovementNoticeViewSet,
    LAInspectionViewSet,
    SchoolInspectionViewSet,
)
from meetings.api import MeetingSeriesViewSet, MeetingViewSet
from meetings.business_api import (
    ActionViewSet,
    AgendaItemViewSet,
    AttendanceViewSet,
    DecisionViewSet,
    PaperViewSet,
)
from partnerships.api import BodyViewSet, PartnerAgencyViewSet
from schools.api import LocalAuthorityViewSet, SchoolViewSet
from schools.places_api import PlacesViewSet
from webhooks.api import WebhookEndpointViewSet

router = DefaultRouter()
router.register("local-authorities", LocalAuthorityViewSet, basename="local-authority")
router.register("schools", SchoolViewSet, basename="school")
router.register("places", PlacesViewSet, basename="places")
router.register("agencies", PartnerAgencyViewSet, basename="agency")
router.register("bodies", BodyViewSet, basename="body")
router.register("meeting-series", MeetingSeriesViewSet, basename="meeting-series")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("agenda-items", AgendaItemViewSet, basename="agenda-item")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("actions", ActionViewSet, basename="action")
router.register("attendance", AttendanceViewSet, basename="attendance")
router.register("papers", PaperViewSet, basename="paper")
router.register("webhooks", WebhookEndpointViewSet, basename="webhook")
router.register("inspections", SchoolInspectionViewSet, basename="school-inspection")
router.register("la-inspections", LAInspectionViewSet, basename="la-inspection")
router.register("improvement-notices", ImprovementNoticeViewSet, basename="improvement-notice")
router.register("link-assignments", LinkAssignmentViewSet, basename="link-assignment")
router.register("link-visits", LinkVisitViewSet, basename="link-visit")
router.register(
    "support-categorisations", SupportCategorisationViewSet, basename="support-categorisation"
)


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([AllowAny])
def not_found(request, *args, **kwargs):
    """Any other path under /api/v1/: a 404 in the API's error shape, not a page."""
    raise NotFound()
