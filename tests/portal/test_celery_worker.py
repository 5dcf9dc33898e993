from council_portal.models import Heartbeat
from council_portal.tasks import heartbeat
from tests.conftest import wait_for


def test_worker_runs_a_task_sent_through_the_broker(celery_worker_process):
    assert not Heartbeat.objects.exists()

    heartbeat.delay()

    beat = wait_for(lambda: Heartbeat.objects.filter(name="celery").first())
    assert beat.worker.startswith("celery@")
    assert celery_worker_process.poll() is None, "the worker died"
