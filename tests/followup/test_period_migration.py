"""The migration to cadences (loften 0016, followup 0008): every existing document becomes
half-yearly, and every follow-up's half becomes its period number with the same value, its
address now naming the half-year in words."""

import datetime

import pytest

from tests.migrations import migrate_to, vingaker_and_police_area

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("followup", "0007_commitment_latest_status"),
    ("loften", "0015_optional_headings_and_lead_ins"),
]
AFTER = [("followup", "0008_followup_period_number"), ("loften", "0016_citizenpromise_cadence")]


def test_documents_become_half_yearly_and_halves_become_period_numbers(
    reference_data, back_to_latest
):
    old = migrate_to(BEFORE)
    CitizenPromise = old.get_model("loften", "CitizenPromise")
    FollowUp = old.get_model("followup", "FollowUp")
    vingaker, area = vingaker_and_police_area(old)
    promise = CitizenPromise.objects.create(
        municipality=vingaker,
        police_area=area,
        title="Medborgarlöfte 2023–2024",
        valid_from=datetime.date(2023, 1, 1),
        valid_until=datetime.date(2024, 12, 31),
    )
    for year, half in ((2023, 1), (2023, 2), (2024, 2)):
        FollowUp.objects.create(promise=promise, year=year, half=half, summary=f"{year}:{half}")

    new = migrate_to(AFTER)
    CitizenPromise = new.get_model("loften", "CitizenPromise")
    FollowUp = new.get_model("followup", "FollowUp")

    assert CitizenPromise.objects.get(pk=promise.pk).cadence == "half_yearly"
    assert list(
        FollowUp.objects.filter(promise_id=promise.pk)
        .order_by("year", "number")
        .values_list("year", "number", "summary")
    ) == [(2023, 1, "2023:1"), (2023, 2, "2023:2"), (2024, 2, "2024:2")]
