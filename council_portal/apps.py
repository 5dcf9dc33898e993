from django.apps import AppConfig


class CouncilPortalConfig(AppConfig):
    name = "council_portal"
    verbose_name = "Portal"
