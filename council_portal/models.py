from django.db import models


class Heartbeat(models.Model):
    """The last time a Celery worker ran the beat-scheduled heartbeat.

    One row per name; /healthz shows it so an operator can see that beat
    schedules and a worker executes.
    """

    name = models.CharField(max_length=50, primary_key=True)
    last_beat_at = models.DateTimeField()
    worker = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.last_beat_at:%Y-%m-%d %H:%M:%S}"
