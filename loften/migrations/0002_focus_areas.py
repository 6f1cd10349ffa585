"""Seeds the national taxonomy of focus areas most medborgarlöften use."""

from django.db import migrations

FOCUS_AREAS = [
    ("trafik", "Trafik", "Hastighet, buskörning, störande motortrafik och trafikmiljö."),
    ("narkotika", "Narkotika", "Narkotikabrott, droger och langning."),
    (
        "unga-och-ungdomsbrottslighet",
        "Unga och ungdomsbrottslighet",
        "Förebygga brott bland unga och stötta unga i riskzon.",
    ),
    ("bedragerier", "Bedrägerier", "Bedrägerier mot äldre och andra, digitalt och på plats."),
    (
        "vald-i-offentlig-miljo",
        "Våld i offentlig miljö",
        "Misshandel, rån och hot på allmän plats.",
    ),
    (
        "trygghet-i-offentlig-miljo",
        "Trygghet i offentlig miljö",
        "Upplevd trygghet i centrum, vid stationer, i parker och på andra allmänna platser.",
    ),
    ("skadegorelse", "Skadegörelse", "Klotter, skadegörelse och vandalisering."),
    ("vald-i-nara-relationer", "Våld i nära relationer", "Våld och hot i nära relationer."),
    ("inbrott", "Inbrott", "Bostadsinbrott, stölder och grannsamverkan."),
    (
        "organiserad-brottslighet",
        "Organiserad brottslighet",
        "Kriminella nätverk, rekrytering av unga och välfärdsbrott.",
    ),
    (
        "ordningsstorningar",
        "Ordningsstörningar",
        "Störningar av allmän ordning, nedskräpning och berusning på allmän plats.",
    ),
    ("alkohol-och-tobak", "Alkohol och tobak", "Langning och servering av alkohol och tobak."),
]


def seed_focus_areas(apps, schema_editor):
    FocusArea = apps.get_model("loften", "FocusArea")
    for slug, name, description in FOCUS_AREAS:
        FocusArea.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("loften", "0001_initial")]

    operations = [migrations.RunPython(seed_focus_areas, migrations.RunPython.noop)]
