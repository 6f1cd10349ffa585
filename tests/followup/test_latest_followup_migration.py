"""The migration that marks each document's latest follow-up (followup 0012): the latest
published period of a public document is marked, and nothing else."""

import datetime

import pytest
from django.utils import timezone

from tests.migrations import migrate_to, vingaker_and_police_area

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("followup", "0011_reporting_party_other_work_circumstances")]
AFTER = [("followup", "0012_followup_latest_mark")]


def test_the_latest_published_follow_up_of_each_public_document_is_marked(
    reference_data, back_to_latest
):
    old = migrate_to(BEFORE)
    CitizenPromise = old.get_model("loften", "CitizenPromise")
    FollowUp = old.get_model("followup", "FollowUp")
    vingaker, area = vingaker_and_police_area(old)
    now = timezone.now()

    def document(state):
        return CitizenPromise.objects.create(
            municipality=vingaker,
            police_area=area,
            title=f"Medborgarlöfte ({state})",
            valid_from=datetime.date(2023, 1, 1),
            valid_until=datetime.date(2024, 12, 31),
            state=state,
            published_at=now if state != "signed" else None,
            withdrawal_reason="Ersatt." if state == "withdrawn" else "",
        )

    def followup(promise, year, number, state="published"):
        return FollowUp.objects.create(
            promise=promise,
            year=year,
            number=number,
            state=state,
            published_at=now if state == "published" else None,
        ).pk

    published, withdrawn, signed = document("published"), document("withdrawn"), document("signed")
    followup(published, 2023, 1)
    latest = followup(published, 2023, 2)  # created before an earlier period: order by period
    followup(published, 2024, 1, state="draft")
    followup(published, 2022, 2)
    withdrawn_latest = followup(withdrawn, 2023, 1)
    followup(signed, 2023, 1)  # not public: citizens see none of its follow-ups

    new = migrate_to(AFTER)
    marked = new.get_model("followup", "FollowUp").objects.filter(is_latest=True)
    assert set(marked.values_list("pk", flat=True)) == {latest, withdrawn_latest}
