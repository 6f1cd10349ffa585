from django.db import migrations, models


def field():
    return models.CharField(
        choices=[
            ("half_yearly", "halvårsvis"),
            ("tertial", "per tertial"),
            ("yearly", "årsvis"),
            ("end_of_period", "en gång vid periodens slut"),
        ],
        default="half_yearly",
        help_text=(
            "Hur ofta medborgarlöftet följs upp: varje halvår, per tertial (januari–april, "
            "maj–augusti, september–december), varje år eller en gång när perioden är slut."
        ),
        max_length=20,
        verbose_name="uppföljningsintervall",
    )


class Migration(migrations.Migration):
    """Every document gets a follow-up cadence; existing ones keep the half-yearly rhythm they
    have always had (the default)."""

    dependencies = [("loften", "0015_optional_headings_and_lead_ins")]

    operations = [
        migrations.AddField(model_name="citizenpromise", name="cadence", field=field()),
        migrations.AddField(model_name="historicalcitizenpromise", name="cadence", field=field()),
    ]
