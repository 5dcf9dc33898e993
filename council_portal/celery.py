"""The Celery application: worker and beat both start from here."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council_portal.settings")

app = Celery("council_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
