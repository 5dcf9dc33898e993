"""Beat runs the scheduling every night at 02:30 (django-celery-beat's database scheduler)."""

from django.db import migrations


def add_periodic_task(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="2", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/London",
    )  # fmt: skip
    PeriodicTask.objects.update_or_create(
        name="Schedule meetings",
        defaults={"task": "meetings.tasks.schedule_meetings", "crontab": nightly, "enabled": True},
    )


def remove_periodic_task(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name="Schedule meetings"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(add_periodic_task, remove_periodic_task)]
