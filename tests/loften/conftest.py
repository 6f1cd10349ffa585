"""A complete medborgarlöfte for the PDF tests (storage and certificates: tests/conftest.py), and
an editor and a signable draft for the service tests."""

import datetime

import pytest

from loften.models import Signatory
from tests.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    PlaceFactory,
    SignatoryFactory,
    SourceFactory,
    make_promise,
)


@pytest.fixture
def promise(db):
    return make_promise()


@pytest.fixture
def draft(db):
    """A draft that can be signed: lägesbild, a löfte, a dated signatory."""
    promise = CitizenPromiseFactory()
    CommitmentFactory(promise=promise)
    SourceFactory(promise=promise)
    PlaceFactory(promise=promise)
    SignatoryFactory(promise=promise, signed_on=datetime.date(2024, 12, 10))
    SignatoryFactory(
        promise=promise,
        name="Bo Berg",
        title="lokalpolisområdeschef",
        side=Signatory.Side.POLICE,
        signed_on=datetime.date(2024, 12, 11),
    )
    return promise
