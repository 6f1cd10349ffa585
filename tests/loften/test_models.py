import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils import timezone

from loften.models import CitizenPromise, Commitment, Place, RatePer
from tests.assertions import assert_rejected
from tests.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    CommitmentStatusFactory,
    MeasureFactory,
    PoliceAreaFactory,
    municipality,
)

pytestmark = pytest.mark.django_db


def test_validity_must_end_after_it_starts():
    promise = CitizenPromiseFactory.build(
        police_area=PoliceAreaFactory(),
        valid_from=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2025, 1, 1),
    )
    assert_rejected(promise, "Giltighetstidens slut måste ligga efter dess början.")


def test_withdrawn_document_needs_a_reason():
    promise = CitizenPromiseFactory(published=True)
    promise.state = CitizenPromise.State.WITHDRAWN
    assert_rejected(promise, "måste ha ett skäl till tillbakadragandet")


def test_published_document_needs_a_publication_time():
    promise = CitizenPromiseFactory()
    promise.state = CitizenPromise.State.PUBLISHED
    assert_rejected(promise, "måste ha en publiceringstid")


def test_document_cannot_replace_itself():
    promise = CitizenPromiseFactory()
    promise.replaces = promise
    assert_rejected(promise, "kan inte ersätta sig självt")


def test_valid_document_passes_full_clean():
    CitizenPromiseFactory(published=True).full_clean()


def test_a_rate_target_needs_its_rate_per_and_what_is_counted():
    commitment = CommitmentFactory()
    commitment.rate_target = 1
    assert_rejected(commitment, "Fyll i alla tre")
    commitment.rate_per, commitment.rate_counted = RatePer.DAY, "trafikkontroller"
    commitment.full_clean()
    assert commitment.is_recurring
    assert commitment.rate_target_text() == "minst 1 trafikkontroller per dygn"
    commitment.rate_target = 0
    assert_rejected(commitment, "")


def test_a_measure_belongs_to_a_löfte_of_its_own_document():
    measure = MeasureFactory(target=Decimal("12.5"), unit="st")
    assert measure.target_text() == "12,5 st"
    measure.commitment = CommitmentFactory()
    with pytest.raises(ValidationError, match="Välj ett löfte i samma medborgarlöfte."):
        measure.full_clean()
    measure.commitment, measure.target = measure.promise.commitments.first(), 0
    assert_rejected(measure, "")


def test_place_coordinates_come_in_pairs_and_in_range():
    promise = CitizenPromiseFactory()
    assert_rejected(
        Place(promise=promise, name="Torget", latitude="59.0"), "både latitud och longitud"
    )
    assert_rejected(
        Place(promise=promise, name="Torget", latitude=95, longitude=15),
        "Latituden måste ligga mellan -90 och 90.",
    )
    Place(promise=promise, name="Torget", latitude="59.04516", longitude="15.87123").full_clean()


def test_municipality_with_documents_cannot_be_deleted():
    CitizenPromiseFactory()
    with pytest.raises(ProtectedError):
        municipality().delete()


def test_commitment_with_recorded_status_cannot_be_deleted():
    status = CommitmentStatusFactory()
    with pytest.raises(ProtectedError):
        status.commitment.delete()


def test_published_and_current_querysets():
    draft = CitizenPromiseFactory()
    published = CitizenPromiseFactory(published=True)
    withdrawn = CitizenPromiseFactory(
        published=True, state=CitizenPromise.State.WITHDRAWN, withdrawal_reason="Ersatt."
    )
    old = CitizenPromiseFactory(
        published=True,
        valid_from=datetime.date(2020, 1, 1),
        valid_until=datetime.date(2020, 12, 31),
    )
    assert set(CitizenPromise.objects.published()) == {published, withdrawn, old}
    on = datetime.date(2025, 6, 1)
    assert set(CitizenPromise.objects.published().current(on)) == {published, withdrawn}
    assert draft not in CitizenPromise.objects.published()
    assert published.is_ongoing(on) and not old.is_ongoing(on)


def test_commitments_keep_their_order():
    promise = CitizenPromiseFactory()
    second = CommitmentFactory(promise=promise, order=2)
    first = CommitmentFactory(promise=promise, order=1)
    assert list(promise.commitments.all()) == [first, second]
    assert str(first).startswith("genomföra")


def test_str_and_public_flag():
    promise = CitizenPromiseFactory(published=True, published_at=timezone.now())
    assert str(promise) == "Medborgarlöfte Vingåker 2025–2026"
    assert promise.is_public


def test_models_read_swedish():
    assert str(CitizenPromise._meta.verbose_name) == "medborgarlöfte"
    assert str(Commitment._meta.verbose_name) == "löfte"
    assert CitizenPromise.State.WITHDRAWN.label == "tillbakadraget"
