import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from followup.reminders import due_reminders, send_reminders


class Command(BaseCommand):
    help = (
        "Listar uppföljningar som snart ska publiceras eller är försenade, per kommun och "
        "lokalpolisområde, och mejlar organisationernas medlemmar en påminnelse. Högst en "
        "påminnelse per person, organisation och dag: en andra körning samma dag skickar inget."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Dagen att räkna från, ÅÅÅÅ-MM-DD (i dag om den utelämnas).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Visa bara listan; skicka och registrera inga påminnelser.",
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        today = self._date(date)
        reminders = due_reminders(today)
        self.stdout.write(f"Uppföljningar att påminna om {today.isoformat()}:")
        if not reminders:
            self.stdout.write("  Inga: alla uppföljningar som har förfallit är publicerade.")
            return
        for reminder in reminders:
            self.stdout.write(f"\n{reminder.name} ({len(reminder.members)} mottagare)")
            for item in reminder.items:
                marker = "FÖRSENAD" if item.overdue else "snart"
                self.stdout.write(f"  [{marker}] {item.line()}")
                self.stdout.write(f"      {item.url}")
        if dry_run:
            self.stdout.write("\nTorrkörning: inga påminnelser skickades.")
            return
        result = send_reminders(reminders=reminders, today=today)
        self.stdout.write(
            self.style.SUCCESS(
                f"\nSkickade {result.sent} påminnelser; {result.already_sent} var redan "
                f"skickade {today.isoformat()}."
            )
        )

    def _date(self, value):
        if not value:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as error:
            message = f"--date ska vara ett datum som 2026-03-01, inte {value!r}."
            raise CommandError(message) from error
