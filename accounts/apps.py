from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People and access"

    def ready(self):
        from . import (
            schema,  # noqa: F401  (describes API keys in the OpenAPI schema)
            signals,  # noqa: F401  (connects the audit trail)
        )
