import pytest
from django.utils import timezone

from council_portal.celery import app as celery_app
from council_portal.models import Heartbeat


@pytest.mark.django_db
def test_healthz_is_200_when_database_and_broker_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "celery_heartbeat": None,
    }


@pytest.mark.django_db
def test_healthz_shows_the_last_heartbeat(client):
    beat_at = timezone.now()
    Heartbeat.objects.create(name="celery", last_beat_at=beat_at, worker="celery@test")

    response = client.get("/healthz")

    assert response.json()["celery_heartbeat"] == beat_at.isoformat()


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_does_not_answer(client, monkeypatch):
    # A broker on a port where nothing listens: the check must say so, not hang.
    unreachable = celery_app.connection_for_write(url="redis://127.0.0.1:9/0")
    monkeypatch.setattr(celery_app, "connection_for_write", lambda: unreachable)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"
    assert response.json()["database"] == "ok"


def test_healthz_is_never_cached(client, db):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]
