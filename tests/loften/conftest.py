"""Fixtures for the PDF tests: a throw-away storage, throw-away certificates and a complete
medborgarlöfte."""

from unittest import mock

import pytest

from loften.certificates import create_signing_certificates
from loften.pdf import renderer
from tests.factories import make_promise

PASSPHRASE = "test-passphrase"


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


@pytest.fixture
def promise(db):
    return make_promise()
