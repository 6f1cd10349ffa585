import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from followup.halfyears import HalfYear
from followup.models import STATUSES_REQUIRING_REASON, CommitmentStatus, FollowUp, Status
from tests.assertions import assert_rejected
from tests.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    CommitmentStatusFactory,
    FollowUpFactory,
    build_promise,
)

pytestmark = pytest.mark.django_db


class TestFollowUp:
    def test_one_follow_up_per_document_and_half_year(self):
        existing = FollowUpFactory(year=2025, half=2)
        duplicate = FollowUp(promise=existing.promise, year=2025, half=2)
        assert_rejected(duplicate, "Det finns redan en uppföljning för det här medborgarlöftet")

    def test_half_is_1_or_2(self):
        followup = FollowUp(promise=CitizenPromiseFactory(), year=2025, half=3)
        with pytest.raises(ValidationError) as excinfo:
            followup.full_clean()
        assert excinfo.value.message_dict["half"] == ["Värdet 3 är inget giltigt alternativ."]
        with pytest.raises(IntegrityError), transaction.atomic():
            followup.save()

    def test_year_must_be_plausible(self):
        assert_rejected(
            FollowUp(promise=CitizenPromiseFactory(), year=1999, half=1),
            "Kontrollera att detta värde är större än eller lika med 2000.",
        )

    def test_published_needs_time(self):
        followup = FollowUpFactory()
        followup.state = FollowUp.State.PUBLISHED
        assert_rejected(followup, "måste ha en publiceringstid")

    @pytest.mark.parametrize(("year", "half"), [(2024, 2), (2027, 1)])
    def test_half_year_must_lie_within_validity(self, year, half):
        promise = CitizenPromiseFactory(
            valid_from=datetime.date(2025, 1, 1), valid_until=datetime.date(2026, 12, 31)
        )
        with pytest.raises(ValidationError) as excinfo:
            FollowUp(promise=promise, year=year, half=half).full_clean()
        assert f"{year} halvår {half} ligger utanför medborgarlöftets giltighetstid" in str(
            excinfo.value
        )

    @pytest.mark.parametrize(("year", "half"), [(2025, 1), (2025, 2), (2026, 1), (2026, 2)])
    def test_every_half_year_of_the_validity_is_accepted(self, year, half):
        promise = CitizenPromiseFactory(
            valid_from=datetime.date(2025, 1, 1), valid_until=datetime.date(2026, 12, 31)
        )
        FollowUp(promise=promise, year=year, half=half).full_clean()

    def test_a_validity_starting_mid_half_year_includes_that_half_year(self):
        promise = CitizenPromiseFactory(
            valid_from=datetime.date(2025, 3, 1), valid_until=datetime.date(2026, 2, 28)
        )
        FollowUp(promise=promise, year=2025, half=1).full_clean()
        FollowUp(promise=promise, year=2026, half=1).full_clean()


class TestCommitmentStatus:
    def test_one_status_per_commitment_and_follow_up(self):
        existing = CommitmentStatusFactory()
        duplicate = CommitmentStatus(
            followup=existing.followup, commitment=existing.commitment, status=Status.DONE
        )
        assert_rejected(duplicate, "Löftet har redan en gemensam status i den här uppföljningen.")

    @pytest.mark.parametrize("status", STATUSES_REQUIRING_REASON)
    def test_status_needs_a_reason(self, status):
        row = CommitmentStatusFactory()
        row.status, row.reason = status, ""
        with pytest.raises(ValidationError) as excinfo:
            row.full_clean()
        assert excinfo.value.message_dict["reason"] == [
            f"Ange ett skäl när status är ”{status.label}”."
        ]
        with pytest.raises(IntegrityError), transaction.atomic():
            row.save()

    def test_whitespace_is_no_reason(self):
        row = CommitmentStatusFactory()
        row.status, row.reason = Status.POSTPONED, "   "
        with pytest.raises(ValidationError):
            row.full_clean()

    @pytest.mark.parametrize("status", [Status.NOT_STARTED, Status.IN_PROGRESS, Status.DONE])
    def test_other_statuses_need_no_reason(self, status):
        row = CommitmentStatusFactory(status=status)
        row.full_clean()

    def test_status_with_reason_is_accepted(self):
        CommitmentStatusFactory(status=Status.POSTPONED, reason="Flyttad till hösten.").full_clean()

    def test_commitment_must_belong_to_the_follow_ups_document(self):
        followup = FollowUpFactory()
        other_commitment = CommitmentFactory()  # a different document
        row = CommitmentStatus(followup=followup, commitment=other_commitment)
        with pytest.raises(ValidationError) as excinfo:
            row.full_clean()
        assert "hör till ett annat medborgarlöfte än uppföljningen" in str(excinfo.value)

    def test_vocabulary_is_swedish_and_fixed(self):
        assert [s.label for s in Status] == [
            "ej påbörjad",
            "pågår",
            "genomförd",
            "delvis genomförd",
            "ej genomförd",
            "framflyttad",
        ]


class TestHalfYear:
    def test_bounds(self):
        assert HalfYear(2025, 1).start == datetime.date(2025, 1, 1)
        assert HalfYear(2025, 1).end == datetime.date(2025, 6, 30)
        assert HalfYear(2025, 2).end == datetime.date(2025, 12, 31)

    def test_next_crosses_the_year_end(self):
        assert HalfYear(2025, 2).next() == HalfYear(2026, 1)

    def test_between_lists_every_overlapping_half_year(self):
        halves = list(HalfYear.between(datetime.date(2025, 3, 1), datetime.date(2026, 7, 1)))
        assert halves == [
            HalfYear(2025, 1),
            HalfYear(2025, 2),
            HalfYear(2026, 1),
            HalfYear(2026, 2),
        ]

    def test_half_must_be_1_or_2(self):
        with pytest.raises(ValueError):
            HalfYear(2025, 3)


def test_only_a_published_follow_up_of_a_public_document_is_public(db):
    promise = build_promise(commitments=1, followups=1)
    published = promise.followups.get()
    assert published.is_public
    assert FollowUp.objects.published().filter(pk=published.pk).exists()
    draft = FollowUpFactory(promise=promise, year=published.year + 1, half=1)
    assert not draft.is_public
    assert not FollowUp.objects.published().filter(pk=draft.pk).exists()
