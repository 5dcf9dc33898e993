"""Beat queues reminders and due invitations hourly and drains the e-mail outbox every
5 minutes (django-celery-beat's database scheduler).

The drain is a safety net: e-mails are normally sent by the task enqueued when their
row commits, but an enqueue lost with a broker outage, a task whose worker died, or a
retry whose backoff has passed is picked up within 5 minutes.
"""

from django.db import migrations
from django.utils import timezone

HOURLY_TASKS = [
    # (name, task, minute past the hour)
    ("Queue meeting reminders", "meetings.tasks.send_reminders", "0"),
    ("Queue meeting invitations as they come due", "meetings.tasks.queue_due_invitations", "5"),
]
DRAIN = ("Send meeting e-mails from the outbox", "meetings.tasks.send_outbox")


def add_periodic_tasks(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, task, minute in HOURLY_TASKS:
        hourly, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour="*", day_of_week="*", day_of_month="*", month_of_year="*",
            timezone="Europe/London",
        )  # fmt: skip
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "crontab": hourly, "enabled": True}
        )
    every_5_minutes, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=DRAIN[0], defaults={"task": DRAIN[1], "interval": every_5_minutes, "enabled": True}
    )
    # A running beat rereads its schedule when this changes (the model's signals, which
    # normally bump it, do not fire for a migration's historical models).
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_periodic_tasks(apps, schema_editor):
    names = [name for name, _, _ in HOURLY_TASKS] + [DRAIN[0]]
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_calendarfeed_outboxemail"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(add_periodic_tasks, remove_periodic_tasks)]
