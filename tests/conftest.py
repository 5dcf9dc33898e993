import pytest
from django.conf import settings


def pytest_report_header(config):
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = "redis" if settings.CELERY_BROKER_URL.startswith("redis") else "filesystem"
    return f"services: database={db} broker={broker}"


@pytest.fixture
def password():
    return "correct horse battery staple"
