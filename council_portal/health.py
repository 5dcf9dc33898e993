"""/healthz: is the database answering, is the broker answering, when did beat last run."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .celery import app as celery_app
from .models import Heartbeat


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        return False


def _last_heartbeat() -> str | None:
    try:
        beat = Heartbeat.objects.filter(name="celery").first()
    except Exception:
        return None
    return beat.last_beat_at.isoformat() if beat else None


@never_cache
def healthz(request):
    database, broker = _database_ok(), _broker_ok()
    body = {
        "status": "ok" if database and broker else "unavailable",
        "database": "ok" if database else "unavailable",
        "broker": "ok" if broker else "unavailable",
        "celery_heartbeat": _last_heartbeat() if database else None,
    }
    return JsonResponse(body, status=200 if database and broker else 503)
