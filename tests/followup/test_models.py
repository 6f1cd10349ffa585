import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from followup.models import STATUSES_REQUIRING_REASON, CommitmentStatus, FollowUp, Status
from loften.models import Cadence
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
    def test_one_follow_up_per_document_and_period(self):
        existing = FollowUpFactory(year=2025, number=2)
        duplicate = FollowUp(promise=existing.promise, year=2025, number=2)
        assert_rejected(duplicate, "Det finns redan en uppföljning för det här medborgarlöftet")

    def test_a_half_yearly_document_has_periods_1_and_2(self):
        followup = FollowUp(promise=CitizenPromiseFactory(), year=2025, number=3)
        with pytest.raises(ValidationError) as excinfo:
            followup.full_clean()
        assert excinfo.value.message_dict["number"] == [
            "Medborgarlöftet följs upp halvårsvis: välj period 1–2."
        ]

    def test_no_cadence_has_a_fourth_period(self):
        followup = FollowUpFactory.build(promise=CitizenPromiseFactory(), year=2025, number=4)
        with pytest.raises(IntegrityError), transaction.atomic():
            followup.save()

    @pytest.mark.parametrize(
        ("cadence", "number", "message"),
        [
            (Cadence.TERTIAL, 4, "Medborgarlöftet följs upp per tertial: välj period 1–3."),
            (Cadence.YEARLY, 2, "Medborgarlöftet följs upp årsvis och har bara period 1."),
            (
                Cadence.END_OF_PERIOD,
                2,
                "Medborgarlöftet följs upp en gång vid periodens slut och har bara period 1.",
            ),
        ],
    )
    def test_the_range_of_numbers_follows_the_cadence(self, cadence, number, message):
        promise = CitizenPromiseFactory(cadence=cadence)
        with pytest.raises(ValidationError) as excinfo:
            FollowUp(promise=promise, year=2025, number=number).full_clean()
        assert excinfo.value.message_dict["number"] == [message]

    def test_a_tertial_document_accepts_its_third_tertial(self):
        promise = CitizenPromiseFactory(
            cadence=Cadence.TERTIAL,
            valid_from=datetime.date(2025, 1, 1),
            valid_until=datetime.date(2026, 12, 31),
        )
        FollowUp(promise=promise, year=2025, number=3).full_clean()

    def test_the_end_of_period_follow_up_is_in_the_year_the_validity_ends(self):
        promise = CitizenPromiseFactory(
            cadence=Cadence.END_OF_PERIOD,
            valid_from=datetime.date(2025, 1, 1),
            valid_until=datetime.date(2026, 12, 31),
        )
        FollowUp(promise=promise, year=2026, number=1).full_clean()
        with pytest.raises(ValidationError) as excinfo:
            FollowUp(promise=promise, year=2025, number=1).full_clean()
        assert excinfo.value.message_dict["year"] == [
            "Medborgarlöftet följs upp en gång vid periodens slut. Ange året då "
            "giltighetstiden slutar, 2026."
        ]

    def test_year_must_be_plausible(self):
        assert_rejected(
            FollowUp(promise=CitizenPromiseFactory(), year=1999, number=1),
            "Kontrollera att detta värde är större än eller lika med 2000.",
        )

    def test_published_needs_time(self):
        followup = FollowUpFactory()
        followup.state = FollowUp.State.PUBLISHED
        assert_rejected(followup, "måste ha en publiceringstid")

    @pytest.mark.parametrize(("year", "number"), [(2024, 2), (2027, 1)])
    def test_period_must_lie_within_validity(self, year, number):
        promise = CitizenPromiseFactory(
            valid_from=datetime.date(2025, 1, 1), valid_until=datetime.date(2026, 12, 31)
        )
        with pytest.raises(ValidationError) as excinfo:
            FollowUp(promise=promise, year=year, number=number).full_clean()
        assert f"{year} halvår {number} ligger utanför medborgarlöftets giltighetstid" in str(
            excinfo.value
        )

    def test_a_tertial_outside_the_validity_is_named_as_a_tertial(self):
        promise = CitizenPromiseFactory(
            cadence=Cadence.TERTIAL,
            valid_from=datetime.date(2025, 5, 1),
            valid_until=datetime.date(2026, 4, 30),
        )
        with pytest.raises(ValidationError) as excinfo:
            FollowUp(promise=promise, year=2026, number=2).full_clean()
        assert "2026 tertial 2 ligger utanför medborgarlöftets giltighetstid" in str(excinfo.value)

    @pytest.mark.parametrize(("year", "number"), [(2025, 1), (2025, 2), (2026, 1), (2026, 2)])
    def test_every_half_year_of_the_validity_is_accepted(self, year, number):
        promise = CitizenPromiseFactory(
            valid_from=datetime.date(2025, 1, 1), valid_until=datetime.date(2026, 12, 31)
        )
        FollowUp(promise=promise, year=year, number=number).full_clean()

    def test_a_validity_starting_mid_half_year_includes_that_half_year(self):
        promise = CitizenPromiseFactory(
            valid_from=datetime.date(2025, 3, 1), valid_until=datetime.date(2026, 2, 28)
        )
        FollowUp(promise=promise, year=2025, number=1).full_clean()
        FollowUp(promise=promise, year=2026, number=1).full_clean()

    def test_the_period_is_of_the_documents_cadence(self):
        followup = FollowUpFactory(
            promise=CitizenPromiseFactory(cadence=Cadence.TERTIAL), year=2025, number=2
        )
        assert str(followup.period) == "2025 tertial 2"
        assert followup.get_absolute_url().endswith("/uppfoljningar/2025-tertial-2/")


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
            "löper enligt plan",
            "under plan",
        ]


def test_only_a_published_follow_up_of_a_public_document_is_public(db):
    promise = build_promise(commitments=1, followups=1)
    published = promise.followups.get()
    assert published.is_public
    assert FollowUp.objects.published().filter(pk=published.pk).exists()
    draft = FollowUpFactory(promise=promise, year=published.year + 1, number=1)
    assert not draft.is_public
    assert not FollowUp.objects.published().filter(pk=draft.pk).exists()
