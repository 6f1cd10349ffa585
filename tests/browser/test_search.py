"""The search page in a real browser: zero axe-core violations in every state (results with
marked excerpts, filters chosen, an error, nothing found) at 1280 and 375 px, and a search made
with the keyboard alone from the start page, without JavaScript."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.factories import build_promise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
SEARCH = reverse("loften:search")
STATES = {
    "results": "?q=belysningen",
    "follow-up excerpts": "?q=vakanser",
    "filters": "?part=police&status=done&lan=04&ar=2022&giltighet=avslutade",
    "error": "?kommun=finns-inte&q=" + "x" * 201,
    "nothing found": "?q=flygplatsen",
    "everything": "",
}


@pytest.fixture
def site(live_server, reference_data):
    # A live server commits every write, so the search entries are built as in production.
    # Five löften reach the kommun's "belysningen" and a status with a reason ("vakanser");
    # 22 documents make two pages.
    for n in range(22):
        build_promise(commitments=5, followups=1, title=f"Medborgarlöfte {n}")
    return live_server.url


@pytest.mark.parametrize("width", [1280, 375])
def test_search_page_has_zero_axe_violations(site, page_at, width):
    page = page_at(width=width)
    axe = Axe()
    failures = {}
    for name, query in STATES.items():
        response = page.goto(site + SEARCH + query)
        assert response.status == 200, name
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            failures[name] = "\n".join(
                f"{v['id']} ({v['impact']}): {v['help']} -> "
                + "; ".join(node["target"][0] for node in v["nodes"][:3])
                for v in violations
            )
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} is {overflow}px too wide at {width}px"
    assert not failures, "\n\n".join(f"{name}:\n{text}" for name, text in failures.items())


def test_search_and_filter_with_the_keyboard_without_javascript(browser, site):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="sv-SE", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(site + reverse("loften:home"))
        page.get_by_label("Sök din kommun, ett ämne eller ett löfte").focus()
        page.keyboard.type("belysningen")
        page.keyboard.press("Enter")
        page.wait_for_url("**/sok/?q=belysningen")
        assert page.locator("mark").first.inner_text().lower() == "belysningen"
        assert "22 medborgarlöften" in page.get_by_role("status").inner_text()

        page.get_by_label("Part").focus()
        page.keyboard.press("ArrowDown")  # Alla parter → polisen
        page.keyboard.press("ArrowDown")  # → kommunen, who promise better lighting
        for _ in range(20):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent") == "Visa träffar":
                break
        else:
            pytest.fail("Tab never reached the button Visa träffar")
        page.keyboard.press("Enter")
        page.wait_for_url("**part=municipality**")
        assert page.get_by_label("Sökord").input_value() == "belysningen"

        page.get_by_role("link", name="Nästa").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**sida=2**")
        assert "part=municipality" in page.url and "q=belysningen" in page.url
    finally:
        context.close()
