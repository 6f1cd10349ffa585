"""Each app-server process prepares for PDFs before its first request (loften/pdf/warm.py):
the print templates, stylesheet and fonts, and the signing, with no query and nothing stored."""

import runpy

import pytest
from django.conf import settings as django_settings

from loften import signing as signing_module
from loften.pdf import renderer
from loften.pdf import warm as warm_module
from loften.pdf.warm import warm_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def cold():
    """This thread's prepared stylesheet and the process's signing caches, emptied."""
    vars(renderer._prepared).clear()
    signing_module._load_identity.cache_clear()
    signing_module._stamp_font_subset.cache_clear()


def test_warm_up_prepares_rendering_and_signing_without_a_query(
    cold, signing, django_assert_num_queries, pdf_storage
):
    with django_assert_num_queries(0):
        warm_up()
    assert getattr(renderer._prepared, "style", None) is not None
    assert signing_module._load_identity.cache_info().currsize == 1
    assert signing_module._stamp_font_subset.cache_info().currsize == 1
    assert not any(pdf_storage.rglob("*.pdf"))  # nothing stored


def test_without_a_certificate_it_prepares_the_rendering_only(cold, pdf_storage):
    warm_up()
    assert getattr(renderer._prepared, "style", None) is not None
    assert signing_module._load_identity.cache_info().currsize == 0


def test_a_failure_is_logged_and_never_keeps_the_process_from_serving(
    cold, settings, pdf_storage, tmp_path, caplog
):
    settings.PDF_SIGNING_PKCS12_PATH = str(tmp_path / "saknas.p12")
    warm_up()  # does not raise: the first PDF meets the same error with its page
    assert "Preparing for PDFs failed" in caplog.text
    assert "saknas.p12" in caplog.text


def test_gunicorn_warms_up_each_worker_before_its_first_request(monkeypatch):
    calls = []
    monkeypatch.setattr(warm_module, "warm_up", lambda: calls.append("warm"))
    config = runpy.run_path(str(django_settings.BASE_DIR / "config" / "gunicorn.conf.py"))
    config["post_worker_init"](worker=None)
    assert calls == ["warm"]
