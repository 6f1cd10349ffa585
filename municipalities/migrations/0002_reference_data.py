"""Loads all 21 län, 290 municipalities and 7 police regions from data/kommuner.csv.

Slugs for the public URLs come from the names with diacritics folded (Vingåker → vingaker).

Idempotent: rows are matched by code (or name for regions) and updated in place, so the
migration can be re-run after the file is corrected.
"""

import csv
from collections import Counter
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "kommuner.csv"


def load_reference_data(apps, schema_editor):
    PoliceRegion = apps.get_model("municipalities", "PoliceRegion")
    County = apps.get_model("municipalities", "County")
    Municipality = apps.get_model("municipalities", "Municipality")

    with CSV_PATH.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))

    # Håbo and Habo share a plain slug; such names get their kommunkod appended.
    plain_slugs = Counter(slugify(row["kommun"]) for row in rows)

    regions = {}
    counties = {}
    for row in rows:
        region_name = row["polisregion"]
        if region_name not in regions:
            regions[region_name], _ = PoliceRegion.objects.update_or_create(
                name=region_name, defaults={"slug": slugify(region_name)}
            )
        county_code = row["lanskod"]
        if county_code not in counties:
            counties[county_code], _ = County.objects.update_or_create(
                code=county_code,
                defaults={
                    "name": row["lan"],
                    "slug": slugify(row["lan"]),
                    "police_region": regions[region_name],
                },
            )
        slug = slugify(row["kommun"])
        if plain_slugs[slug] > 1:
            slug = f"{slug}-{row['kommunkod']}"
        Municipality.objects.update_or_create(
            code=row["kommunkod"],
            defaults={
                "name": row["kommun"],
                "slug": slug,
                "county": counties[county_code],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
