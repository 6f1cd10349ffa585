from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("loften", "0020_effect_indicators"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="citizenpromise",
            index=models.Index(
                condition=models.Q(("state__in", ("published", "withdrawn"))),
                fields=["-published_at"],
                name="citizenpromise_public_newest",
            ),
        ),
    ]
