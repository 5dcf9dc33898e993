from django.conf import settings

from .navigation import navigation_for


def portal(request) -> dict:
    """Names and links every page's layout needs."""
    navigation, section_navigation = navigation_for(request.user, request.path)
    return {
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        "accessibility_statement_url": settings.ACCESSIBILITY_STATEMENT_URL,
        "navigation": navigation,
        "section_navigation": section_navigation,
    }
