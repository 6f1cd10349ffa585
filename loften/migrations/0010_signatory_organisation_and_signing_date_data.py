"""Carry signatories over faithfully: "polisen" and "kommunen" become the organisations' real names
(the document's police area, and its municipality as documents write it), and the signing date
moves from each signatory to the document, once. When the signatories signed on different days,
the document's date is the last of them: the day it was signed by all."""

from django.db import migrations


def _long_name(name):
    # Municipality.long_name as it is when this migration is written: 'Vingåker' → 'Vingåkers
    # kommun', 'Strängnäs' → 'Strängnäs kommun'.
    return f"{name} kommun" if name[-1:].lower() in "sxz" else f"{name}s kommun"


def forwards(apps, schema_editor):
    CitizenPromise = apps.get_model("loften", "CitizenPromise")
    Signatory = apps.get_model("loften", "Signatory")
    HistoricalSignatory = apps.get_model("loften", "HistoricalSignatory")
    names = {}
    for promise in CitizenPromise.objects.select_related("municipality", "police_area"):
        names[promise.pk] = {
            "police": promise.police_area.name,
            "municipality": _long_name(promise.municipality.name),
        }
    fallback = {"police": "Polisen", "municipality": "Kommunen"}
    for model in (Signatory, HistoricalSignatory):
        for row in model.objects.all().only("pk", "promise_id", "side"):
            organisation = names.get(row.promise_id, fallback).get(row.side, row.side)
            model.objects.filter(pk=row.pk).update(organisation=organisation)
    dates = {}
    for promise_id, signed_on in Signatory.objects.exclude(signed_on=None).values_list(
        "promise_id", "signed_on"
    ):
        dates[promise_id] = max(signed_on, dates.get(promise_id, signed_on))
    for promise_id, signed_on in dates.items():
        CitizenPromise.objects.filter(pk=promise_id).update(signed_on=signed_on)


def backwards(apps, schema_editor):
    CitizenPromise = apps.get_model("loften", "CitizenPromise")
    Signatory = apps.get_model("loften", "Signatory")
    for promise in CitizenPromise.objects.select_related("police_area"):
        signatories = Signatory.objects.filter(promise=promise)
        signatories.filter(organisation=promise.police_area.name).update(side="police")
        signatories.exclude(organisation=promise.police_area.name).update(side="municipality")
        signatories.update(signed_on=promise.signed_on)


class Migration(migrations.Migration):
    dependencies = [
        ("loften", "0009_signatories_decision_attachments"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
