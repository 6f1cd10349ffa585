"""A follow-up's half (1 or 2) becomes the number of its period in its document's cadence (see
followup.periods), and a reminder's half-years its periods. Every existing document is
half-yearly (loften 0016 gives them the default), so each number keeps its value and its meaning."""

import django.core.validators
from django.db import migrations, models

NUMBER = models.PositiveSmallIntegerField(
    help_text=(
        "Periodens nummer under året: halvår 1–2, tertial 1–3; 1 för helår och för hela perioden."
    ),
    verbose_name="period",
)
SUMMARY = models.TextField(
    blank=True,
    help_text="Hur arbetet gick under perioden, i korthet.",
    validators=[django.core.validators.ProhibitNullCharactersValidator()],
    verbose_name="sammanfattning",
)


class Migration(migrations.Migration):
    # No dependency on loften 0016 (the cadence): the numbers keep their values whatever the
    # documents' cadence, and loften's own migrations stay reversible on their own.
    dependencies = [("followup", "0007_commitment_latest_status")]

    operations = [
        migrations.RemoveConstraint(
            model_name="followup", name="followup_one_per_promise_and_half_year"
        ),
        migrations.RemoveConstraint(model_name="followup", name="followup_half_is_1_or_2"),
        migrations.RenameField(model_name="followup", old_name="half", new_name="number"),
        migrations.RenameField(model_name="historicalfollowup", old_name="half", new_name="number"),
        migrations.RenameField(
            model_name="remindersent", old_name="half_years", new_name="periods"
        ),
        migrations.AlterModelOptions(
            name="followup",
            options={
                "ordering": ["promise_id", "year", "number"],
                "verbose_name": "uppföljning",
                "verbose_name_plural": "uppföljningar",
            },
        ),
        migrations.AlterField(model_name="followup", name="number", field=NUMBER),
        migrations.AlterField(model_name="historicalfollowup", name="number", field=NUMBER),
        migrations.AlterField(model_name="followup", name="summary", field=SUMMARY),
        migrations.AlterField(model_name="historicalfollowup", name="summary", field=SUMMARY),
        migrations.AlterField(
            model_name="remindersent",
            name="periods",
            field=models.TextField(
                help_text="De uppföljningar som påminnelsen gällde, en per rad.",
                verbose_name="perioder",
            ),
        ),
        migrations.AddConstraint(
            model_name="followup",
            constraint=models.UniqueConstraint(
                fields=("promise", "year", "number"),
                name="followup_one_per_promise_and_period",
                violation_error_message=(
                    "Det finns redan en uppföljning för det här medborgarlöftet och perioden."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="followup",
            constraint=models.CheckConstraint(
                condition=models.Q(("number__gte", 1), ("number__lte", 3)),
                name="followup_number_1_to_3",
                violation_error_message="Periodens nummer ska vara 1, 2 eller 3.",
            ),
        ),
    ]
