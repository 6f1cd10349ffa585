"""The data migration of the single target (followup 0009, between loften 0017 and 0018): a löfte's
target and unit become one measure named by the unit, each achieved number that measure's value
in its follow-up, and every status gets its figure stored by the progress rule. Back again, the
first measure becomes the target."""

import datetime
from decimal import Decimal

import pytest

from tests.migrations import migrate_to, vingaker_and_police_area

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("loften", "0015_optional_headings_and_lead_ins"),
    ("followup", "0007_commitment_latest_status"),
]
AFTER = [("loften", "0018_remove_single_target"), ("followup", "0009_measure_values_and_counts")]


def _old_document(old):
    vingaker, area = vingaker_and_police_area(old, "Lokalpolisområde Måttest")
    promise = old.get_model("loften", "CitizenPromise").objects.create(
        municipality=vingaker,
        police_area=area,
        title="Medborgarlöfte med mål",
        valid_from=datetime.date(2023, 1, 1),
        valid_until=datetime.date(2024, 12, 31),
    )
    group = old.get_model("loften", "CommitmentGroup").objects.create(
        promise=promise, lead_in="Polisen lovar att:", order=0
    )
    Commitment = old.get_model("loften", "Commitment")
    targeted, counted, plain = (
        Commitment.objects.create(promise=promise, group=group, text=text, order=order, **target)
        for order, (text, target) in enumerate(
            [
                ("göra trafikkontroller", {"target_number": 20, "target_unit": "trafikkontroller"}),
                ("prata med skolor", {}),
                ("vandra i centrum", {}),
            ]
        )
    )
    FollowUp = old.get_model("followup", "FollowUp")
    Status = old.get_model("followup", "CommitmentStatus")
    first = FollowUp.objects.create(promise=promise, year=2023, half=1)
    second = FollowUp.objects.create(promise=promise, year=2023, half=2)
    rows = {
        "targeted_first": Status.objects.create(
            followup=first, commitment=targeted, status="in_progress", achieved_number=12
        ),
        "targeted_second": Status.objects.create(
            followup=second, commitment=targeted, status="done", achieved_number=25
        ),
        "counted": Status.objects.create(
            followup=first,
            commitment=counted,
            status="partly_done",
            reason="Halva.",
            achieved_number=5,
        ),
        "plain": Status.objects.create(followup=first, commitment=plain, status="in_progress"),
    }
    return (targeted, counted, plain), {k: v.pk for k, v in rows.items()}


def test_targets_and_achieved_numbers_become_measures_and_values(reference_data, back_to_latest):
    old = migrate_to(BEFORE)
    (targeted, counted, plain), rows = _old_document(old)

    new = migrate_to(AFTER)
    Measure = new.get_model("loften", "Measure")
    MeasureValue = new.get_model("followup", "MeasureValue")
    Status = new.get_model("followup", "CommitmentStatus")

    [measure] = Measure.objects.filter(commitment_id=targeted.pk)
    assert (measure.name, measure.unit, measure.target, measure.promise_id) == (
        "trafikkontroller",
        "",
        Decimal(20),
        targeted.promise_id,
    )
    values = {
        v.status_id: (v.measure_id, v.value, v.approximate) for v in MeasureValue.objects.all()
    }
    assert values[rows["targeted_first"]] == (measure.pk, Decimal(12), False)
    assert values[rows["targeted_second"]] == (measure.pk, Decimal(25), False)
    # An achieved number without a target is kept, in a measure without a target.
    [untargeted] = Measure.objects.filter(commitment_id=counted.pk)
    assert (untargeted.name, untargeted.target) == ("Uppnått antal", None)
    assert values[rows["counted"]] == (untargeted.pk, Decimal(5), False)
    assert not Measure.objects.filter(commitment_id=plain.pk).exists()
    assert rows["plain"] not in values
    # Each figure as the rule had it before: 12 of 20, genomförd, delvis genomförd, pågår.
    progress = dict(Status.objects.values_list("pk", "progress"))
    assert progress[rows["targeted_first"]] == 60
    assert progress[rows["targeted_second"]] == 100
    assert progress[rows["counted"]] == 50
    assert progress[rows["plain"]] == 25

    back = migrate_to(BEFORE)
    Commitment = back.get_model("loften", "Commitment")
    Status = back.get_model("followup", "CommitmentStatus")
    restored = Commitment.objects.get(pk=targeted.pk)
    assert (restored.target_number, restored.target_unit) == (20, "trafikkontroller")
    assert Status.objects.get(pk=rows["targeted_first"]).achieved_number == 12
