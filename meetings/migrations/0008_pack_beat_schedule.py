"""Beat publishes due briefing packs every 15 minutes and sends the agenda deadline and
overdue action reminders daily (django-celery-beat's database scheduler).

Packs are due at a time of day set by the meeting, so a 15-minute interval publishes
them close to it; the reminders are about days, so once each morning is enough, and
both daily tasks are idempotent for the day.
"""

from django.db import migrations
from django.utils import timezone

PUBLISH = ("Publish due briefing packs", "meetings.tasks.publish_due_packs")
DAILY_TASKS = [
    # (name, task, hour, minute) in Europe/London: before the working day starts.
    (
        "Remind item owners of the agenda deadline",
        "meetings.tasks.send_agenda_deadline_reminders",
        "7",
        "30",
    ),
    ("Remind owners of overdue actions", "meetings.tasks.send_overdue_action_reminders", "7", "45"),
]


def add_periodic_tasks(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every_15_minutes, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=PUBLISH[0],
        defaults={"task": PUBLISH[1], "interval": every_15_minutes, "enabled": True},
    )
    for name, task, hour, minute in DAILY_TASKS:
        daily, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*",
            timezone="Europe/London",
        )  # fmt: skip
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "crontab": daily, "enabled": True}
        )
    # A running beat rereads its schedule when this changes (the model's signals, which
    # normally bump it, do not fire for a migration's historical models).
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_periodic_tasks(apps, schema_editor):
    names = [PUBLISH[0]] + [name for name, _, _, _ in DAILY_TASKS]
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0007_meetingseries_agenda_deadline_days_and_more"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(add_periodic_tasks, remove_periodic_tasks)]
