"""Beat queues the webhook deliveries whose retry is due every minute (django-celery-beat's
database scheduler). First attempts are queued as the change commits; this catches
retries, and any delivery whose first task was lost."""

from django.db import migrations
from django.utils import timezone

NAME = "Send due webhooks"


def add_periodic_task(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={
            "task": "webhooks.tasks.send_due_webhooks",
            "interval": every_minute,
            "enabled": True,
        },
    )
    # A running beat rereads its schedule when this changes.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_periodic_task(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(add_periodic_task, remove_periodic_task)]
