"""The visible "Följ via flöde (Atom)" links on a phone: seen, reachable, and leading to the feed
the page's head names. (The pages themselves are in test_accessibility.py's axe run.)"""

import pytest
from django.urls import reverse

from tests.factories import build_promise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pages(live_server, reference_data):
    promise = build_promise(followups=1)
    return live_server.url, {
        "start": reverse("loften:home"),
        "kommun": promise.municipality.get_absolute_url(),
        "lokalpolisområde": promise.police_area.get_absolute_url(),
        "fokusområde": reverse("loften:focus_area", args=["trafik"]),
    }


def test_each_page_shows_a_link_to_its_own_feed_on_a_phone(pages, page_at):
    base, paths = pages
    page = page_at(width=375)
    for name, path in paths.items():
        page.goto(base + path)
        link = page.get_by_role("link", name="Följ via flöde (Atom)")
        assert link.is_visible(), name
        head = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
        assert head.count() == 1, name
        href = link.get_attribute("href")
        assert href == head.get_attribute("href"), name
        response = page.request.get(base + href)
        assert response.status == 200, name
        assert response.headers["content-type"].startswith("application/atom+xml"), name
        assert head.get_attribute("title") in response.text(), name
