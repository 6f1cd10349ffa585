"""Loads the confirmed rows of data/lokalpolisomraden.csv, a partial, sourced register of
lokalpolisområden (see the README), with their polisområden, validity, predecessors and sources.

It calls the same code as `manage.py import_police_areas --confirmed-only`, with this
migration's historical models, so it is idempotent: an area that already exists by name (one
entered by hand, or the demo's) is brought in line with the file, and nothing else is touched. If
`municipalities.police_area_register` ever stops fitting these models, freeze a copy of it here.
"""

from pathlib import Path

from django.db import migrations

from municipalities.police_area_register import import_police_areas

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "lokalpolisomraden.csv"


def load_police_areas(apps, schema_editor):
    import_police_areas(
        CSV_PATH,
        apps=apps,
        confirmed_only=True,
        reason="Referensdata: lokalpolisomraden.csv",
    )


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0007_police_districts_validity_and_sources")]

    operations = [migrations.RunPython(load_police_areas, migrations.RunPython.noop)]
