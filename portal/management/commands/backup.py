from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Säkerhetskopierar databasen (SQLite: dess backup-API, PostgreSQL: pg_dump) och alla "
        "lagrade filer till en ny mapp (README, Backup and restore)."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path, help="en ny eller tom mapp")

    def handle(self, *args, destination, **options):
        try:
            summary = backup(destination)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Säkerhetskopian finns i {destination}: {summary.engine}-databas "
            f"({summary.database_bytes} byte) och {summary.files} filer "
            f"({summary.files_bytes} byte)."
        )
