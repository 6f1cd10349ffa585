import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tests read what a Swedish citizen or official reads, and serve static files from the
    source folders (no collectstatic run needed)."""
    settings.LANGUAGE_CODE = "sv"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    # Two-factor sign-in is on outside DEBUG; tests that are not about it sign in with
    # force_login, so it is off here and tests/test_login_security.py switches it on.
    settings.ADMIN_REQUIRE_2FA = False


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests (a live server) start from empty tables: load the reference data and
    the focus areas again with the same code the migrations run."""
    import importlib

    from django.apps import apps

    for module, function in (
        ("municipalities.migrations.0002_reference_data", "load_reference_data"),
        ("loften.migrations.0002_focus_areas", "seed_focus_areas"),
    ):
        getattr(importlib.import_module(module), function)(apps, None)
