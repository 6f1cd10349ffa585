from unittest import mock

import pytest

from loften.certificates import create_signing_certificates
from loften.pdf import renderer
from tests.factories import MembershipFactory, municipality
from tests.migrations import migrate_to_latest

PASSPHRASE = "test-passphrase"
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Tests read what a Swedish citizen or official reads, serve static files from the
    source folders (no collectstatic run needed) and store files (attachments, PDFs) in a
    temporary folder of their own."""
    settings.LANGUAGE_CODE = "sv"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    # Two-factor sign-in is on outside DEBUG; tests that are not about it sign in with
    # force_login, so it is off here and tests/test_login_security.py switches it on.
    settings.ADMIN_REQUIRE_2FA = False


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: no page, counter or rate limit of another test,
    and no copy of a page in this process."""
    from django.core.cache import cache

    from portal.cache import copies

    cache.clear()
    copies.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Many tests create and sign in users; a real password hash would take most of their time.
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture
def editor(db):
    """An editor of Vingåker, the municipality of the factories' documents."""
    return MembershipFactory(user__username="kommun.vingaker", municipality=municipality()).user


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests (a live server) start from empty tables: load the reference data (the
    police areas included) and the focus areas again with the same code the migrations run."""
    import importlib

    from django.apps import apps

    for module, function in (
        ("municipalities.migrations.0002_reference_data", "load_reference_data"),
        ("municipalities.migrations.0008_load_police_areas", "load_police_areas"),
        ("loften.migrations.0002_focus_areas", "seed_focus_areas"),
    ):
        getattr(importlib.import_module(module), function)(apps, None)


# --- PDF: storage, certificates, render counting (tests/loften, tests/portal) ---------------------


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
def back_to_latest():
    """For a migration test (tests/migrations.py): every migration runs again at the end."""
    yield
    migrate_to_latest()
