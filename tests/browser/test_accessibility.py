"""WCAG 2.1 AA: axe-core finds no violations on any public page type at two widths, in Swedish and
in English, and the medborgarlöfte page and the language link work with the keyboard alone."""

import datetime
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from followup.models import Status
from loften.models import CitizenPromise
from tests.factories import (
    CircumstanceFactory,
    CommitmentStatusFactory,
    OtherWorkFactory,
    add_indicator,
    approved_amendment,
    build_promise,
    in_force_today,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "medborgarlofte.png"


@pytest.fixture
def site(live_server, reference_data):
    # In force today: only a running document's löften are amended (below).
    promise = build_promise(commitments=6, followups=3, **in_force_today())
    # Effect indicators: a chart with its table on the document's and the follow-up's pages.
    add_indicator(promise, values=((2021, 55), (2022, 48)))
    add_indicator(promise, values=(), name="Anmälda skadegörelsebrott", unit="brott")
    # An approved amendment: its history table on the document's and the löfte's pages.
    approved_amendment(promise.commitments.first(), ends_on=datetime.date(2027, 12, 31))
    build_promise(state=CitizenPromise.State.WITHDRAWN, title="Tillbakadraget löfte")
    followup = promise.followups.order_by("-year", "-number").first()
    joint = _report_in_parts(followup)
    pages = {
        "start": reverse("loften:home"),
        "kommuner": reverse("loften:municipality_list"),
        "kommun": promise.municipality.get_absolute_url(),
        "medborgarlöfte": promise.get_absolute_url(),
        "löfte": promise.commitments.first().get_absolute_url(),
        "uppföljning": followup.get_absolute_url(),
        "löfte i delar": joint.get_absolute_url(),
        "fokusområden": reverse("loften:focus_area_list"),
        "fokusområde": reverse("loften:focus_area", args=["trafik"]),
        "lokalpolisområde": promise.police_area.get_absolute_url(),
        "lokalpolisområden": reverse("loften:police_area_list"),
        "tidigare lokalpolisområde": reverse(
            "loften:police_area", args=["lokalpolisomrade-norrmalm"]
        ),
        "kommun utan lokalpolisområde": reverse("loften:municipality", args=["gotland"]),
        "statistik": reverse("loften:statistics"),
        "sök": reverse("loften:search") + "?q=trafikkontroller&lan=04&part=police",
        "verifiera": reverse("loften:verify"),
        "om": reverse("loften:about"),
        "tillgänglighet": reverse("loften:accessibility"),
        "öppna data": reverse("opendata:index"),
        "404": "/kommuner/finns-inte/",
        "start (English)": "/en/",
        "medborgarlöfte (English)": "/en" + promise.get_absolute_url(),
        "404 (English)": "/en/finns-inte/",
    }
    return live_server.url, pages, promise


def _report_in_parts(followup):
    """The follow-up's first joint löfte reported by the police alone, giving a shared
    circumstance as its reason, and other work by the kommun: the page shows parts, a party
    that has not reported yet, the circumstance and the other work."""
    joint = next(c for c in followup.promise.commitments.all() if c.parties.count() > 1)
    police = joint.parties.get(kind="police_area")
    circumstance = CircumstanceFactory(followup=followup, title="Skogsbränderna")
    followup.statuses.filter(commitment=joint).delete()
    CommitmentStatusFactory(
        followup=followup,
        commitment=joint,
        party=police,
        status=Status.NOT_DONE,
        circumstance=circumstance,
    )
    OtherWorkFactory(followup=followup, party=joint.parties.get(kind="municipality"))
    return joint


def describe(violations):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in violations
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_every_page_type_has_zero_axe_violations(site, page_at, width):
    base, pages, _ = site
    page = page_at(width=width)
    axe = Axe()
    failures = {}
    for name, path in pages.items():
        response = page.goto(base + path)
        assert response.status == (404 if name.startswith("404") else 200), name
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            failures[name] = describe(violations)
    assert not failures, "\n\n".join(f"{name}:\n{text}" for name, text in failures.items())


def test_pages_do_not_scroll_sideways_on_a_phone(site, page_at):
    base, pages, _ = site
    page = page_at(width=320)
    for name, path in pages.items():
        page.goto(base + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} is {overflow}px too wide at 320px"


def test_keyboard_reaches_and_opens_the_first_commitment(site, page_at):
    base, _, promise = site
    first = promise.commitments.order_by("order").first()
    page = page_at()
    page.goto(base + promise.get_absolute_url())

    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    assert skip_link.inner_text() == "Hoppa till huvudinnehållet"
    assert skip_link.is_visible()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused element has no visible focus ring"

    target = first.get_absolute_url()
    for _ in range(80):
        if page.evaluate("document.activeElement.getAttribute('href')") == target:
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reached the first commitment's link")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(base + target)
    assert first.text in page.locator("h1").inner_text()


def test_keyboard_switches_the_page_to_english_and_back(site, page_at):
    base, _, promise = site
    page = page_at()
    page.goto(base + promise.get_absolute_url())
    for language, name, path in (
        ("en", "English", "/en" + promise.get_absolute_url()),
        ("sv", "Svenska", promise.get_absolute_url()),
    ):
        for _ in range(40):
            if page.evaluate("document.activeElement.getAttribute('lang')") == language:
                break
            page.keyboard.press("Tab")
        else:
            pytest.fail(f"Tab never reached the link to {name}")
        assert page.locator(":focus").inner_text() == name
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
        page.keyboard.press("Enter")
        page.wait_for_url(base + path)
        assert page.evaluate("document.documentElement.lang") == language


def test_skip_link_moves_focus_to_the_main_content(site, page_at):
    base, _, promise = site
    page = page_at()
    page.goto(base + promise.get_absolute_url())
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_screenshot_of_what_citizens_see(site, page_at, tmp_path):
    """Takes the README's screenshot (written to docs/ when UPDATE_SCREENSHOTS=1)."""
    base, _, promise = site
    page = page_at(width=1100, height=1400)
    page.goto(base + promise.get_absolute_url())
    path = SCREENSHOT if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path / "promise.png"
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 10_000
