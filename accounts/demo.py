"""The fixed demo people every demo installation has (see the README)."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.db import transaction

from . import roles
from .models import User

# email, first name, last name, groups. Headship, governance and agency
# membership are given by the apps that own those relations.
DEMO_PEOPLE = [
    ("officer@demo.test", "Olivia", "Officer (demo)", [roles.OFFICER]),
    ("inspector@demo.test", "Ivan", "Inspector (demo)", [roles.OFFICER, roles.LINK_INSPECTOR]),
    ("head@demo.test", "Hannah", "Head (demo)", []),
    ("governor@demo.test", "Gareth", "Governor (demo)", []),
    ("agency@demo.test", "Alex", "Agency (demo)", []),
]


def give_totp(user: User, secret: str) -> None:
    """Set up a TOTP authenticator with a known secret (demo and tests only)."""
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, secret)


@transaction.atomic
def seed_demo_people(*, password: str, totp_secret: str) -> dict[str, User]:
    """Create or refresh the demo people, each signed-in ready with `password`.

    Officers must use two-factor authentication, so the demo officers get a TOTP
    authenticator with `totp_secret` (add it to an authenticator app).
    """
    people = {}
    for email, first, last, groups in DEMO_PEOPLE:
        user, _ = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last}
        )
        user.set_password(password)
        user.is_active = True
        user.save()
        user.groups.add(*(Group.objects.get_or_create(name=g)[0] for g in groups))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if roles.OFFICER in groups:
            give_totp(user, totp_secret)
        people[email] = user
    return people
