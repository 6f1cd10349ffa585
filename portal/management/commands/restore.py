from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Återställer en säkerhetskopia från `backup` till en ny, tom databas och tom lagring "
        "(README, Backup and restore). Kör inte migrate före; kopian har redan alla tabeller."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="mappen som `backup` skrev")

    def handle(self, *args, source, **options):
        try:
            summary = restore(source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Återställt från {source}: {summary.engine}-databas och {summary.files} filer. "
            "Kontrollera med `manage.py migrate --check` att koden och databasen stämmer."
        )
