"""Carries every existing document over into its structure: a party for its kommun and one for
its police area; its lägesbild, effects and follow-up plan as sections under the headings the
pages showed them under; and its löften in groups under the lead-ins the pages showed
("Polisen lovar att" …), each löfte promised by the parties its old `party` named."""

from django.db import migrations

SECTIONS = [
    ("situation", "situation", "Lägesbild"),
    (None, "commitments", "Löftena"),
    ("effects", "effects", "Effekter och mål"),
    ("followup_plan", "followup_plan", "Plan för uppföljning"),
]

GROUPS = [
    ("police", "Polisen lovar att", ("police",)),
    ("municipality", "Kommunen lovar att", ("municipality",)),
    ("joint", "Polisen och kommunen lovar gemensamt att", ("municipality", "police")),
]


def long_name(name):
    """The kommun's name as documents write it (Municipality.long_name, as of this migration)."""
    return f"{name} kommun" if name[-1:].lower() in "sxz" else f"{name}s kommun"


def forwards(apps, schema_editor):
    CitizenPromise = apps.get_model("loften", "CitizenPromise")
    DocumentParty = apps.get_model("loften", "DocumentParty")
    Section = apps.get_model("loften", "Section")
    CommitmentGroup = apps.get_model("loften", "CommitmentGroup")
    Commitment = apps.get_model("loften", "Commitment")
    promises = CitizenPromise.objects.select_related("municipality", "police_area")
    for promise in promises.order_by("pk"):
        parties = {
            "municipality": DocumentParty.objects.create(
                promise=promise,
                kind="municipality",
                municipality=promise.municipality,
                name=long_name(promise.municipality.name),
                order=0,
            ),
            "police": DocumentParty.objects.create(
                promise=promise,
                kind="police_area",
                police_area=promise.police_area,
                name=promise.police_area.name,
                order=1,
            ),
        }
        commitments = list(Commitment.objects.filter(promise=promise).order_by("order", "pk"))
        for order, (field, kind, heading) in enumerate(SECTIONS):
            body = getattr(promise, field) if field else ""
            if body.strip() or (kind == "commitments" and commitments):
                Section.objects.create(
                    promise=promise, kind=kind, heading=heading, body=body, order=order
                )
        for order, (party, lead_in, party_keys) in enumerate(GROUPS):
            rows = [c for c in commitments if c.party == party]
            if not rows:
                continue
            group = CommitmentGroup.objects.create(promise=promise, lead_in=lead_in, order=order)
            for commitment in rows:
                commitment.group = group
                commitment.save(update_fields=["group"])
                commitment.parties.set([parties[key] for key in party_keys])


def backwards(apps, schema_editor):
    CitizenPromise = apps.get_model("loften", "CitizenPromise")
    Commitment = apps.get_model("loften", "Commitment")
    for promise in CitizenPromise.objects.prefetch_related("sections").order_by("pk"):
        for field, kind, _heading in SECTIONS:
            if field:
                texts = [s.body for s in promise.sections.all() if s.kind == kind]
                setattr(promise, field, "\n\n".join(texts))
        promise.save(update_fields=["situation", "effects", "followup_plan"])
    for commitment in Commitment.objects.prefetch_related("parties"):
        kinds = {party.kind for party in commitment.parties.all()}
        commitment.party = (
            "joint" if len(kinds) > 1 else "municipality" if "municipality" in kinds else "police"
        )
        commitment.save(update_fields=["party"])


class Migration(migrations.Migration):
    dependencies = [("loften", "0012_document_structure")]

    operations = [migrations.RunPython(forwards, backwards)]
