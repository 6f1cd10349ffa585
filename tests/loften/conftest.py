"""A complete medborgarlöfte for the PDF tests (storage and certificates: tests/conftest.py), and
an editor and a signable draft for the service tests."""

import pytest

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
    """A draft that can be signed: lägesbild, a löfte, two signatories."""
    promise = CitizenPromiseFactory()
    CommitmentFactory(promise=promise)
    SourceFactory(promise=promise)
    PlaceFactory(promise=promise)
    SignatoryFactory(promise=promise)
    SignatoryFactory(
        promise=promise,
        name="Bo Berg",
        title="lokalpolisområdeschef",
        organisation=promise.police_area.name,
    )
    return promise
