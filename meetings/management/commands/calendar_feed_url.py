from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from meetings import feeds


class Command(BaseCommand):
    help = (
        "Print a person's calendar feed URL (at PORTAL_BASE_URL), creating the feed if they "
        "have none. A stopped feed stays stopped unless --new is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="the person's email address")
        parser.add_argument(
            "--new", action="store_true",
            help="give the feed a new address (the old one stops) and restart it if stopped",
        )  # fmt: skip

    def handle(self, *args, email, new=False, **options):
        person = User.objects.filter(email__iexact=email.strip()).first()
        if person is None:
            raise CommandError(f"nobody has the email {email}")
        if not person.is_active:
            raise CommandError(f"{person.email} is deactivated: their feed does not answer")
        feed = feeds.feed_for(person=person)
        if new:
            feeds.feed_regenerate(feed=feed)
        elif feed.revoked_at is not None:
            # The person stopped it; starting it again is a decision, so it takes --new.
            raise CommandError(
                f"{person.email} stopped their feed on {feed.revoked_at:%d %B %Y}: "
                "pass --new to start it again at a new address"
            )
        self.stdout.write(feeds.feed_url(feed=feed))
