"""The portal's WSGI app with the API benchmark's bare views beside it (gunicorn)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council_portal.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

settings.ROOT_URLCONF = "bench.api"
application = get_wsgi_application()
