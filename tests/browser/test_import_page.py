"""The admin's import page in a real browser: an editor signs in, uploads a Word file, sees the
proposal beside the source text and saves it; axe-core finds no violation on either step and
the Content Security Policy holds."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from loften.models import CitizenPromise
from tests.browser.test_accessibility import AXE_OPTIONS, describe
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS
from tests.factories import MembershipFactory, municipality
from tests.loften import import_documents as documents
from tests.two_factor import PASSWORD, code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 375])
def test_an_editor_imports_a_word_file_on_accessible_pages(
    live_server, reference_data, settings, page_at, tmp_path, width
):
    settings.ADMIN_REQUIRE_2FA = True
    editor = MembershipFactory(
        user__username="redaktor.flen", municipality=municipality("0482")
    ).user
    device = TOTPDevice.objects.create(user=editor, name="Telefon", confirmed=True)
    name, data = documents.word_template_a()
    path = tmp_path / name
    path.write_bytes(data)

    base = live_server.url
    page = page_at(width=width)
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(base + reverse("admin:login"))
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.fill("#id_token", code_for(device))
    page.click("input[type=submit]")
    page.wait_for_url(base + reverse("admin:index"))

    axe = Axe()
    page.goto(base + reverse("admin:loften_citizenpromise_import"))
    found = {"upload": axe.run(page, options=AXE_OPTIONS).response["violations"]}
    page.set_input_files("#id_file", str(path))
    page.select_option("#id_municipality", label="Flen")
    page.click("input[type=submit]")
    page.wait_for_selector(".import-lines")
    found["review"] = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert page.evaluate("window.__cspViolations") == []
    page.click("input[type=submit].default")
    page.wait_for_selector(".messagelist")
    assert CitizenPromise.objects.get().title == "Medborgarlöfte Flens kommun 2024"
    assert not any(found.values()), {step: describe(v) for step, v in found.items() if v}
