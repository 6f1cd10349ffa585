from django.core.management.base import BaseCommand

from portal.search.index import rebuild


class Command(BaseCommand):
    help = (
        "Bygger om sökningens index (/sok/) för alla publicerade medborgarlöften. Behövs efter "
        "migreringen som införde sökningen och efter skrivningar i bulk, som inte uppdaterar "
        "indexet av sig själva."
    )

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(f"Sökindexet innehåller {count} publicerade medborgarlöften.")
