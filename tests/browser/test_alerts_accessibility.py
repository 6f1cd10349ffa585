"""WCAG 2.1 AA on the e-mail alerts' pages: axe-core finds no violations at 1280 and 375 px, on
each page as it first opens and after each step a citizen takes (a form with errors, the answer,
a confirmation, an unsubscription)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.urls import reverse

from portal.alerts import addresses
from tests.browser.test_accessibility import AXE_OPTIONS, describe
from tests.factories import SubscriptionFactory, build_promise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 375])
def test_alert_pages_have_zero_axe_violations(live_server, reference_data, page_at, width):
    cache.clear()  # the form's rate limits
    promise = build_promise()
    vingaker = promise.municipality
    pending = SubscriptionFactory(
        email="vantar@example.org", state="pending", confirmed_at=None, municipality=vingaker
    )
    confirmed = SubscriptionFactory(email="foljer@example.org", municipality=None, promise=promise)
    base = live_server.url
    page = page_at(width=width)
    axe = Axe()
    failures = {}

    def check(name, expected_status=None, response=None):
        if response is not None and expected_status is not None:
            assert response.status == expected_status, name
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            failures[name] = describe(violations)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} is {overflow}px too wide at {width}px"

    urls = {
        "följ kommun": reverse("alerts:follow_municipality", args=[vingaker.slug]),
        "följ medborgarlöfte": reverse("alerts:follow_promise", args=[vingaker.slug, promise.pk]),
        "felaktig länk": reverse("alerts:confirm", args=["felaktig"]),
    }
    for name, path in urls.items():
        check(name, 400 if name == "felaktig länk" else 200, page.goto(base + path))

    page.goto(base + urls["följ kommun"])
    page.get_by_role("button", name="Skicka bekräftelselänken").click()
    assert page.locator(".invalid-feedback").count() == 2
    check("formulär med fel")
    page.get_by_label("Din e-postadress").fill("ny@example.org")
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Skicka bekräftelselänken").click()
    assert page.locator("h1").inner_text() == "Bekräfta i din e-post"
    check("svar")

    confirm = reverse("alerts:confirm", args=[addresses.confirmation_token(pending)])
    check("bekräfta", 200, page.goto(base + confirm))
    page.get_by_role("button", name="Ja, bekräfta bevakningen").click()
    assert page.locator("h1").inner_text() == "Bevakningen är bekräftad"
    check("bekräftad")

    unsubscribe = reverse("alerts:unsubscribe", args=[addresses.unsubscribe_token(confirmed)])
    check("avsluta", 200, page.goto(base + unsubscribe))
    page.get_by_role("button", name="Ja, avsluta bevakningen").click()
    assert page.locator("h1").inner_text() == "Bevakningen är avslutad"
    check("avslutad")

    assert not failures, "\n\n".join(f"{name}:\n{text}" for name, text in failures.items())
