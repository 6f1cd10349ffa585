"""A complete medborgarlöfte for the PDF tests (storage and certificates: tests/conftest.py), and
an editor and a signable draft for the service tests."""

import datetime

import pytest

from loften.models import Signatory
from tests.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    MembershipFactory,
    PlaceFactory,
    SignatoryFactory,
    SourceFactory,
    make_promise,
    municipality,
)


@pytest.fixture
def promise(db):
    return make_promise()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Service and admin tests sign users in; a real password hash would take most of the time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    return MembershipFactory(user__username="kommun.vingaker", municipality=municipality()).user


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
