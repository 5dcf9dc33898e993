import argparse
from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.api_keys import api_key_create
from accounts.models import ApiKey, User


def _date(value: str):
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        # argparse turns this into a usage error rather than a traceback.
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date in the form YYYY-MM-DD"
        ) from None
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


class Command(BaseCommand):
    help = "Create an API key for an external system and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the system that will use the key")
        parser.add_argument("--scope", choices=ApiKey.Scope.values, default=ApiKey.Scope.READ)
        parser.add_argument("--expires", type=_date, help="last day the key works (YYYY-MM-DD)")
        parser.add_argument("--owner", help="email of the officer answerable for the key")
        parser.add_argument(
            "--contact-details", action="store_true",
            help="give this key people's e-mail addresses (heads, governors, members)",
        )  # fmt: skip

    def handle(
        self, *args, name, scope, expires=None, owner=None, contact_details=False, **options
    ):
        if expires is not None and expires <= timezone.now():
            raise CommandError("--expires must be a future date")
        owner_user = None
        if owner:
            owner_user = User.objects.filter(email__iexact=owner).first()
            if owner_user is None:
                raise CommandError(f"nobody has the email {owner}")
        _, key = api_key_create(
            name=name, scope=scope, owner=owner_user, expires_at=expires,
            contact_details=contact_details,
        )  # fmt: skip
        self.stdout.write(key)
