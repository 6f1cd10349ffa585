from django.db import migrations


class Migration(migrations.Migration):
    """A signatory's side and signing date are gone: its organisation is free text, and the
    signing place and date are the document's own (carried over by 0010)."""

    dependencies = [
        ("loften", "0010_signatory_organisation_and_signing_date_data"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="historicalsignatory",
            name="side",
        ),
        migrations.RemoveField(
            model_name="historicalsignatory",
            name="signed_on",
        ),
        migrations.RemoveField(
            model_name="signatory",
            name="side",
        ),
        migrations.RemoveField(
            model_name="signatory",
            name="signed_on",
        ),
    ]
