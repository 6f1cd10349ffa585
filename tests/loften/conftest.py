"""Fixtures for the PDF tests: a throw-away storage, throw-away certificates and a complete
medborgarlöfte."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from loften.certificates import create_signing_certificates
from loften.models import CitizenPromise, Party, Signatory
from loften.pdf import renderer
from tests.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    FocusAreaFactory,
    PlaceFactory,
    SignatoryFactory,
    SourceFactory,
)

PASSPHRASE = "test-passphrase"

COMMITMENTS = [
    (Party.POLICE, "genomföra minst 20 trafikkontroller på Storgatan under kvällstid."),
    (Party.POLICE, "besöka högstadiet varje termin och prata om narkotika."),
    (Party.MUNICIPALITY, "förbättra belysningen längs gångvägen till stationen."),
    (Party.MUNICIPALITY, "anställa trygghetsvärdar i centrum under sommarlovet."),
    (Party.JOINT, "genomföra en trygghetsvandring i centrum varje höst."),
]


@pytest.fixture
def pdf_storage(settings, tmp_path):
    """Default storage in a temporary folder, and no signing certificate."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    settings.PDF_SIGNING_PKCS12_PATH = ""
    settings.PDF_SIGNING_PKCS12_PASSPHRASE = ""
    settings.PDF_SIGNING_TRUST_ROOTS = ""
    return tmp_path / "media"


@pytest.fixture(scope="session")
def certificates(tmp_path_factory):
    """A throw-away root and signing certificate (PKCS#12), made once per test run."""
    return create_signing_certificates(
        tmp_path_factory.mktemp("certs"), passphrase=PASSPHRASE, common_name="Testsignering"
    )


@pytest.fixture(scope="session")
def other_certificates(tmp_path_factory):
    """A second, unrelated certificate: signatures from it are not the portal's."""
    return create_signing_certificates(
        tmp_path_factory.mktemp("other-certs"),
        passphrase=PASSPHRASE,
        organisation="Någon annan",
        common_name="Främmande signering",
    )


@pytest.fixture
def signing(settings, pdf_storage, certificates):
    """Sign with the test certificate and trust its root."""
    settings.PDF_SIGNING_PKCS12_PATH = str(certificates.pkcs12)
    settings.PDF_SIGNING_PKCS12_PASSPHRASE = PASSPHRASE
    settings.PDF_SIGNING_TRUST_ROOTS = str(certificates.root)
    return certificates


@pytest.fixture
def render_spy():
    """Counts renders while still rendering for real; `.results` keeps each (unsigned) result."""
    original = renderer.render_pdf
    results = []

    def render(*args, **kwargs):
        results.append(original(*args, **kwargs))
        return results[-1]

    with mock.patch.object(renderer, "render_pdf", side_effect=render) as spy:
        spy.results = results
        yield spy


def make_promise(*, state=CitizenPromise.State.PUBLISHED, **kwargs):
    now = timezone.now()
    values = {
        "state": state,
        "signed_at": None if state == CitizenPromise.State.DRAFT else now,
        "published_at": now if state in CitizenPromise.PUBLIC_STATES else None,
        "withdrawal_reason": "Ersatt av en ny version." if state == "withdrawn" else "",
        "situation": "Invånarna känner sig otrygga vid stationen.\n\nTrafiken i centrum stör.",
    }
    promise = CitizenPromiseFactory(**{**values, **kwargs})
    trafik = FocusAreaFactory(name="Trafik", slug="trafik")
    for order, (party, text) in enumerate(COMMITMENTS):
        commitment = CommitmentFactory(promise=promise, party=party, text=text, order=order)
        if order == 0:
            commitment.focus_areas.add(trafik)
    SourceFactory(promise=promise)
    PlaceFactory(promise=promise)
    signed_on = None if state == CitizenPromise.State.DRAFT else datetime.date(2024, 12, 9)
    SignatoryFactory(
        promise=promise,
        name="Karin Sjöberg",
        title="kommunstyrelsens ordförande",
        side=Signatory.Side.MUNICIPALITY,
        signed_on=signed_on,
        order=1,
    )
    SignatoryFactory(
        promise=promise,
        name="Mikael Berglund",
        title="lokalpolisområdeschef",
        side=Signatory.Side.POLICE,
        signed_on=signed_on,
        order=2,
    )
    return promise


@pytest.fixture
def promise(db):
    return make_promise()
