from django.db import migrations, models

#: `loften.lifecycle.PUBLIC_STATES` as it stands when this migration is written.
PUBLIC_STATES = ("published", "withdrawn")


def mark_latest(apps, schema_editor):
    """Marks each document's latest published follow-up (of a public document), as
    `followup.models.refresh_latest_followup` does from now on."""
    FollowUp = apps.get_model("followup", "FollowUp")
    rows = (
        FollowUp.objects.filter(state="published", promise__state__in=PUBLIC_STATES)
        .order_by("promise_id", "-year", "-number")
        .values_list("promise_id", "pk")
    )
    latest = {}
    for promise_id, pk in rows.iterator():
        latest.setdefault(promise_id, pk)
    pks = list(latest.values())
    for start in range(0, len(pks), 500):
        FollowUp.objects.filter(pk__in=pks[start : start + 500]).update(is_latest=True)


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0011_reporting_party_other_work_circumstances"),
    ]

    operations = [
        migrations.AddField(
            model_name="followup",
            name="is_latest",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Medborgarlöftets senaste publicerade uppföljning.",
                verbose_name="senaste publicerade",
            ),
        ),
        migrations.RunPython(mark_latest, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="followup",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_latest", True)),
                fields=("promise",),
                name="followup_one_latest_per_promise",
            ),
        ),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(
                condition=models.Q(("state", "published")),
                fields=["-published_at"],
                name="followup_published_newest",
            ),
        ),
    ]
