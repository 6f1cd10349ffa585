"""`manage.py import_police_areas FILE.csv [--confirmed-only] [--dry-run]`: load a register of
lokalpolisområden (the format is described in `municipalities.police_area_register` and the
README).

Every row is checked first; on any error the command lists them all and saves nothing. Run it
again and it changes nothing, and says so. Every change is kept in the areas' history with the
file's name as the reason. Afterwards it lists the kommuner that still have no known police
area: a report, not an error, since the register may be partial.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from municipalities.models import Municipality
from municipalities.police_area_register import RegisterError, import_police_areas


class Command(BaseCommand):
    help = (
        "Läs in lokalpolisområden och de kommuner de betjänar från en CSV-fil. Alla rader "
        "kontrolleras först; vid minsta fel sparas ingenting."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FIL.csv")
        parser.add_argument(
            "--confirmed-only",
            action="store_true",
            help="Hoppa över rader vars säkerhet är inferred (härledd).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Visa vad som skulle ändras utan att spara något.",
        )

    def handle(self, *args, file, confirmed_only, dry_run, **options):
        try:
            with transaction.atomic():
                outcome = import_police_areas(
                    file,
                    confirmed_only=confirmed_only,
                    reason=f"Import av lokalpolisområden från {Path(file).name}",
                )
                unserved = list(
                    Municipality.objects.without_police_area(timezone.localdate())
                    .select_related("county")
                    .order_by("county__code", "name")
                )
                if dry_run:
                    transaction.set_rollback(True)
        except RegisterError as error:
            raise CommandError(
                f"Filen lästes inte in; inget sparades. {len(error.errors)} fel:\n"
                + "\n".join(f"  {message}" for message in error.errors)
            ) from None

        write = self.stdout.write
        if dry_run:
            write("Provkörning: inget sparades. Så här skulle databasen ändras:")
        for name in outcome.created:
            write(f"  Nytt: {name}")
        for name in outcome.changed:
            write(f"  Ändrat: {name}")
        if outcome.skipped:
            write(
                f"Hoppade över {len(outcome.skipped)} härledda rader (--confirmed-only): "
                + ", ".join(outcome.skipped)
            )
        if outcome.changed_nothing:
            write(f"Inga ändringar: databasen stämmer redan med filen ({outcome.unchanged} rader).")
        else:
            write(
                f"{len(outcome.created)} nya, {len(outcome.changed)} ändrade, "
                f"{outcome.unchanged} oförändrade."
            )
        self._report_unserved(unserved)

    def _report_unserved(self, unserved: list[Municipality]) -> None:
        if not unserved:
            self.stdout.write("Alla kommuner har minst ett känt lokalpolisområde.")
            return
        self.stdout.write(
            f"{len(unserved)} kommuner har inget känt lokalpolisområde i dag "
            "(uppgiften saknas tills registret är fullständigt):"
        )
        by_county: dict[str, list[str]] = {}
        for municipality in unserved:
            by_county.setdefault(municipality.county.name, []).append(municipality.name)
        for county, names in by_county.items():
            self.stdout.write(f"  {county}: {', '.join(names)}")
