"""The REST API's router and shared pieces. Each app registers its viewsets here."""

from rest_framework.pagination import PageNumberPagination
from rest_framework.routers import DefaultRouter


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


router = DefaultRouter()
