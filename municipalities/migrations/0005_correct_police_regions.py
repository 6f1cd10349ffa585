"""Västmanlands län belongs to Region Mitt and Västernorrlands län to Region Nord; the first copy
of data/kommuner.csv had them in Bergslagen and Mitt. The file is corrected, so a new database
gets the right regions from 0002; this brings an existing one in line with the file: every län's
police region as the file says, and every police area in the region of the län it serves.
"""

import csv
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "kommuner.csv"


def sync_police_regions(apps, schema_editor):
    PoliceRegion = apps.get_model("municipalities", "PoliceRegion")
    County = apps.get_model("municipalities", "County")
    PoliceArea = apps.get_model("municipalities", "PoliceArea")

    with CSV_PATH.open(encoding="utf-8", newline="") as f:
        region_of_county = {row["lanskod"]: row["polisregion"] for row in csv.DictReader(f)}
    regions = {region.name: region for region in PoliceRegion.objects.all()}
    for county in County.objects.all():
        region = regions[region_of_county[county.code]]
        if county.police_region_id != region.pk:
            county.police_region = region
            county.save(update_fields=["police_region"])
    for area in PoliceArea.objects.prefetch_related("municipalities__county"):
        served = {m.county.police_region_id for m in area.municipalities.all()}
        if len(served) == 1 and area.region_id not in served:
            area.region_id = served.pop()
            area.save(update_fields=["region"])


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0004_user_history")]

    operations = [migrations.RunPython(sync_police_regions, migrations.RunPython.noop)]
