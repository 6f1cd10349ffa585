import time

from django.core.management.base import CommandError

from loften.management.demo_guard import DemoCommand
from portal.cache import invalidate_all
from portal.demo import national


class Command(DemoCommand):
    help = (
        "Genererar testdata för mätningar: alla kommuner × N år av publicerade medborgarlöften "
        "med löften, uppföljningar och statusar (utan historik). Ersätter tidigare genererade "
        "data; --remove tar bort dem."
    )

    risk = (
        "Genererade medborgarlöften skulle visas för invånarna som publicerade.",
        "Generated documents would be shown to citizens as published.",
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--years", type=int, default=1, help="Antal år (1–50).")
        parser.add_argument(
            "--remove", action="store_true", help="Ta bort genererade data och inget annat."
        )

    def handle(self, *args, years: int, remove: bool, **options):
        started = time.monotonic()
        if remove:
            count = national.remove()
            invalidate_all()  # bulk writes send no signals (portal/cache.py)
            self.stdout.write(f"Tog bort {count} genererade medborgarlöften.")
            return
        if not 1 <= years <= 50:
            raise CommandError(f"Ange --years mellan 1 och 50, inte {years}.")
        counts = national.generate(years, log=self.stdout.write)
        invalidate_all()
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Klart på {seconds:.1f} s: {counts['promises']} medborgarlöften i "
                f"{counts['municipalities']} kommuner ({counts['police_areas_generated']} "
                f"genererade lokalpolisområden), {counts['commitments']} löften, "
                f"{counts['followups']} uppföljningar och {counts['statuses']} statusar."
            )
        )
