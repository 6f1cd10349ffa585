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
