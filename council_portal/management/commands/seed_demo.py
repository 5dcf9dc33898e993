import secrets

from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.core.management.base import BaseCommand

from accounts.demo import DEMO_PEOPLE, seed_demo_people
from inspections.demo import DEMO_OFSTED_FILE
from inspections.demo_la import seed_la_inspections
from inspections.link_demo import seed_link_inspection
from inspections.ofsted import import_ofsted_file
from meetings.scheduling import schedule_meetings
from partnerships.demo import seed_demo_partnerships, seed_demo_service_areas
from partnerships.demo_contacts import seed_demo_contacts, seed_demo_meeting_history
from partnerships.demo_scrutiny import seed_demo_year_in_review
from schools.demo.places import seed_demo_places
from schools.demo.seed import seed_demo_borough


class Command(BaseCommand):
    help = "Load the demo borough and the fixed demo people (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", help="password of every demo person (one is printed if not given)"
        )

    def handle(self, *args, password=None, **options):
        shown = password is None
        password = password or secrets.token_urlsafe(12)
        totp_secret = generate_totp_secret()
        people = seed_demo_people(password=password, totp_secret=totp_secret)
        summary = seed_demo_borough(
            head=people["head@demo.test"], governor=people["governor@demo.test"]
        )
        for line in summary.lines():
            self.stdout.write(line)
        for line in import_ofsted_file(DEMO_OFSTED_FILE).lines():
            self.stdout.write(line)
        seed_demo_partnerships(
            officer=people["officer@demo.test"], agency_contact=people["agency@demo.test"]
        )
        seed_demo_places()
        posts = seed_demo_service_areas(
            officer=people["officer@demo.test"], inspector=people["inspector@demo.test"]
        )
        self.stdout.write(f"Service areas: {posts} posts")
        la_added = seed_la_inspections(owner=people["officer@demo.test"])
        self.stdout.write(
            f"Children's services inspections: {la_added['inspections']} added, "
            f"{la_added['notices']} improvement notices"
        )
        linked = seed_link_inspection(
            inspector=people["inspector@demo.test"], head=people["head@demo.test"]
        )
        self.stdout.write(
            f"Link inspection: {linked['assignments']} assignments, {linked['visits']} visits, "
            f"{linked['actions']} actions, {linked['categorisations']} support decisions"
        )
        scheduled = schedule_meetings()
        self.stdout.write(
            f"Meetings scheduled: {scheduled.meetings_created} created, "
            f"{scheduled.invitations_added} invitations"
        )
        seed_demo_contacts(school_improvement=people["officer@demo.test"])
        history = seed_demo_meeting_history()
        self.stdout.write(f"Past meetings with attendance: {history} invitations added")
        decided = seed_demo_year_in_review()
        self.stdout.write(f"Last year in review: {decided} decisions added")
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in as:"))
        for email, *_ in DEMO_PEOPLE:
            self.stdout.write(f"  {email}")
        if shown:
            self.stdout.write(f"Password for all of them: {password}")
        self.stdout.write(
            "Officers sign in with a second factor: add this key to an authenticator app "
            f"(or run `oathtool --totp -b {totp_secret}`): {totp_secret}"
        )
