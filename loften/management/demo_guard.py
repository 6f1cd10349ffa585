"""The guard of the commands that write demo material (`load_demo`, `create_demo_certificate`):
they run only in development, or when the person running them says explicitly that the database
and the folders are not production's.

Demo data comes with published logins (user name and password in the README), and the demo
certificate with a published passphrase; in production either would be an open door. `DEBUG` is
on in development (`make run` sets it) and off in production, so it is the signal; the long flag
is the way out for a test server that runs without `DEBUG`.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

FLAG = "--i-know-this-is-not-production"


class DemoCommand(BaseCommand):
    """A command that refuses to run with `DEBUG` off unless `FLAG` is given."""

    #: What the command would do to a production system, for the refusal (Swedish, English).
    risk = ("", "")

    def add_arguments(self, parser):
        parser.add_argument(
            FLAG,
            action="store_true",
            dest="not_production",
            help="Kör även när DEBUG är avstängt. Bara för databaser som inte är i drift.",
        )

    def execute(self, *args, **options):
        if not settings.DEBUG and not options.get("not_production"):
            swedish, english = self.risk
            raise CommandError(
                f"Kommandot körs inte: DEBUG är avstängt, så det här kan vara en databas i drift. "
                f"{swedish} Kör det med DEBUG=1 i en utvecklingsmiljö (som make run gör), eller "
                f"lägg till {FLAG} om du vet att systemet inte är i drift.\n"
                f"(Refused: DEBUG is off, so this may be production. {english} Run it with "
                f"DEBUG=1, or add {FLAG} if you know this is not production.)"
            )
        return super().execute(*args, **options)
