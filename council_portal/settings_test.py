"""Settings for the test run: the real settings module, with the services chosen here.

Tests use PostgreSQL and Redis when they answer (DATABASE_URL and REDIS_URL, or
this project's local defaults on 127.0.0.1) and fall back to SQLite and kombu's
filesystem transport otherwise. REQUIRE_SERVICES=1 turns a missing service into
a failed run instead of a fallback. tests/conftest.py prints which was chosen.
"""

import os
import socket
import tempfile
from urllib.parse import urlparse

LOCAL_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/council_portal"
LOCAL_REDIS_URL = "redis://127.0.0.1:6379/15"


def _answers(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 1
        ):
            return True
    except OSError:
        return False


def _choose(variable: str, local_default: str, port: int) -> str:
    """The service URL to test against, or "" for the embedded fallback.

    An empty variable means "no service" (a parent run already fell back), so a
    worker started by a test inherits the parent's choice.
    """
    if os.environ.get(variable) == "":
        url = ""
    else:
        url = os.environ.get(variable) or local_default
        if url.startswith("sqlite:") or _answers(url, port):
            return url
    if os.environ.get("REQUIRE_SERVICES") == "1":
        raise RuntimeError(f"REQUIRE_SERVICES=1 but {variable} ({url}) does not answer.")
    return ""


os.environ["DATABASE_URL"] = _choose("DATABASE_URL", LOCAL_DATABASE_URL, 5432)
os.environ["REDIS_URL"] = _choose("REDIS_URL", LOCAL_REDIS_URL, 6379)
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("PORTAL_VAR_DIR", tempfile.mkdtemp(prefix="portal-test-var-"))
# Tests run their own Celery worker on a queue of their own.
os.environ.setdefault("CELERY_QUEUE", f"portal-test-{os.getpid()}")

from .settings import *  # noqa: E402,F403
from .settings import DATABASES, STORAGES, VAR_DIR  # noqa: E402

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["*"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A Celery worker started by a test writes its mail to files the test can read.
if os.environ.get("PORTAL_TEST_MAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["PORTAL_TEST_MAIL_DIR"]
# A file, not :memory:, so a Celery worker in another process sees the test database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
# Rate-limit counters and cached values of one run never meet another's.
for _cache in CACHES.values():  # noqa: F405
    _cache["KEY_PREFIX"] = f"test-{os.getpid()}"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
