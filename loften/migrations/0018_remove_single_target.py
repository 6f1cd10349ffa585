"""The single target (target_number, target_unit) is gone: measures replace it. Its data was
moved into measures by followup 0009, which runs before this migration."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("loften", "0017_measures_and_recurring"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="commitment",
            name="commitment_target_number_and_unit_together",
        ),
        migrations.RemoveField(
            model_name="historicalcommitment",
            name="target_number",
        ),
        migrations.RemoveField(
            model_name="historicalcommitment",
            name="target_unit",
        ),
        migrations.RemoveField(
            model_name="commitment",
            name="target_number",
        ),
        migrations.RemoveField(
            model_name="commitment",
            name="target_unit",
        ),
    ]
