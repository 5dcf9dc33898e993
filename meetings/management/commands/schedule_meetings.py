from django.core.management.base import BaseCommand

from meetings.scheduling import schedule_meetings


class Command(BaseCommand):
    help = (
        "Create the missing meetings of the current and next academic year and bring "
        "invitations in line with each series' audience (what beat runs daily)."
    )

    def handle(self, *args, **options):
        summary = schedule_meetings()
        self.stdout.write(
            f"meetings created {summary.meetings_created}, invitations added "
            f"{summary.invitations_added}, withdrawn {summary.invitations_withdrawn}"
        )
        for line in summary.unplaceable:
            self.stdout.write(f"  could not place: {line}")
