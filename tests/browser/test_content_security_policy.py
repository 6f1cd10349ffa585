"""The Content Security Policy holds in a real browser: Chromium walks the public pages, the API's
documentation and the admin (signed in as an official: lists, a document's change form, a
follow-up's form and history, and the two-factor pages) and reports no violation at all. A page
that needed an inline script or style, an eval, a font or an image from elsewhere would show here
as a violation, because the policy refuses it."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from followup.models import FollowUp
from loften.models import CitizenPromise
from tests.factories import FollowUpFactory, MembershipFactory, build_promise, municipality
from tests.two_factor import PASSWORD, code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every violation is an event on the document; the script below, added by Playwright outside the
# page's policy, keeps them where the test can read them.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile || document.location.pathname}:${event.lineNumber} ${event.sample}`
  );
});
"""


@pytest.fixture
def site(live_server, reference_data, settings):
    settings.ADMIN_REQUIRE_2FA = True
    promise = build_promise(commitments=6, followups=2)
    draft = build_promise(state=CitizenPromise.State.DRAFT, followups=0, title="Utkast till löfte")
    followup = FollowUpFactory(promise=promise, year=2022, number=1, state=FollowUp.State.DRAFT)
    editor = MembershipFactory(user__username="redaktor.vingaker", municipality=municipality()).user
    device = TOTPDevice.objects.create(user=editor, name="Telefon", confirmed=True)
    public = {
        "start": reverse("loften:home"),
        "kommuner": reverse("loften:municipality_list"),
        "kommun": promise.municipality.get_absolute_url(),
        "medborgarlöfte": promise.get_absolute_url(),
        "löfte": promise.commitments.first().get_absolute_url(),
        "uppföljning": promise.followups.filter(state="published").first().get_absolute_url(),
        "fokusområden": reverse("loften:focus_area_list"),
        "fokusområde": reverse("loften:focus_area", args=["trafik"]),
        "lokalpolisområde": promise.police_area.get_absolute_url(),
        "statistik": reverse("loften:statistics"),
        "sök": reverse("loften:search") + "?q=trafikkontroller",
        "verifiera": reverse("loften:verify"),
        "om": reverse("loften:about"),
        "öppna data": reverse("opendata:index"),
        "API-dokumentation": reverse("opendata:docs"),
        "404": "/kommuner/finns-inte/",
    }
    admin = {
        "admin": reverse("admin:index"),
        "medborgarlöften": reverse("admin:loften_citizenpromise_changelist"),
        "medborgarlöftet": reverse("admin:loften_citizenpromise_change", args=[draft.pk]),
        "nytt medborgarlöfte": reverse("admin:loften_citizenpromise_add"),
        "historik": reverse("admin:loften_citizenpromise_history", args=[promise.pk]),
        "uppföljningar": reverse("admin:followup_followup_changelist"),
        "uppföljningen": reverse("admin:followup_followup_change", args=[followup.pk]),
        "uppföljningens formulär": reverse("admin:followup_followup_form", args=[followup.pk]),
        "tvåstegsverifiering": reverse("admin:two_factor"),
    }
    return live_server.url, public, admin, editor, device


def violations_on(page, base, path, *, status=200):
    response = page.goto(base + path)
    assert response.status == status, path
    assert "default-src 'none'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__cspViolations")


@pytest.fixture
def page(page_at):
    page = page_at()
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.csp_console = console
    return page


def test_public_pages_and_the_api_documentation_break_no_rule_of_the_policy(site, page):
    base, public, _, _, _ = site
    found = {}
    for name, path in public.items():
        violations = violations_on(page, base, path, status=404 if name == "404" else 200)
        if violations:
            found[name] = violations
        if name == "API-dokumentation":
            # Swagger UI ran: it fetched the schema and drew the API's operations.
            page.wait_for_selector(".opblock", timeout=10000)
    assert not found, found
    assert not page.csp_console, page.csp_console


def test_the_admin_breaks_no_rule_of_the_policy(site, page):
    base, _, admin, editor, device = site
    assert violations_on(page, base, reverse("admin:login")) == []
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.fill("#id_token", code_for(device))
    page.click("input[type=submit]")
    page.wait_for_url(base + reverse("admin:index"))

    found = {}
    for name, path in admin.items():
        violations = violations_on(page, base, path)
        if violations:
            found[name] = violations
    assert not found, found
    assert not page.csp_console, page.csp_console
