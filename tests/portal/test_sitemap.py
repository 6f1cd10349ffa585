"""/sitemap.xml (an index of one sitemap per kind of page) and /robots.txt: every public page with
the request's host, `lastmod` where it means something, never a draft, and a query count that does
not grow with the rows."""

import datetime
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from followup.models import FollowUp
from loften.models import CitizenPromise
from portal.sitemaps import PromiseSitemap
from tests.assertions import count_queries
from tests.factories import FollowUpFactory, build_promise

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def when(year, month, day):
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


def get_xml(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def read_sitemap(client, **extra):
    """Every address the sitemap lists, with its lastmod (None without), following the index."""
    index = get_xml(client, reverse("loften:sitemap"), **extra)
    assert index.tag == f"{SITEMAP}sitemapindex"
    urls = {}
    for loc in index.iterfind(f"{SITEMAP}sitemap/{SITEMAP}loc"):
        parts = urlsplit(loc.text)
        section = get_xml(client, parts.path + (f"?{parts.query}" if parts.query else ""), **extra)
        assert section.tag == f"{SITEMAP}urlset"
        for url in section.iterfind(f"{SITEMAP}url"):
            urls[url.findtext(f"{SITEMAP}loc")] = url.findtext(f"{SITEMAP}lastmod")
    return urls


def absolute(path):
    return f"http://testserver{path}"


def document_urls(promise):
    """The document's page, each of its löften and each of its published follow-ups."""
    return (
        {absolute(promise.get_absolute_url())}
        | {absolute(c.get_absolute_url()) for c in promise.commitments.all()}
        | {
            absolute(f.get_absolute_url())
            for f in FollowUp.objects.filter(promise=promise, state=FollowUp.State.PUBLISHED)
        }
    )


def test_every_public_page_is_listed(client):
    promise = build_promise(commitments=4, followups=2)
    withdrawn = build_promise(
        state=CitizenPromise.State.WITHDRAWN,
        followups=1,
        title="Tillbakadraget löfte",
        valid_from=datetime.date(2017, 1, 1),
        valid_until=datetime.date(2018, 12, 31),
    )
    urls = read_sitemap(client)
    pages = [
        "loften:home",
        "loften:municipality_list",
        "loften:police_area_list",
        "loften:focus_area_list",
        "loften:statistics",
        "loften:about",
        "loften:accessibility",
        "loften:verify",
    ]
    assert {absolute(reverse(name)) for name in pages} <= set(urls)
    assert document_urls(promise) | document_urls(withdrawn) <= set(urls)
    assert len(document_urls(promise)) == 1 + 4 + 2
    assert absolute(promise.police_area.get_absolute_url()) in urls
    assert absolute(reverse("loften:focus_area", args=["trafik"])) in urls
    municipalities = [u for u in urls if urlsplit(u).path.count("/") == 3 and "/kommuner/" in u]
    assert len(municipalities) == 290
    # Every listed address answers.
    for url in urls:
        assert client.get(urlsplit(url).path).status_code == 200, url


@pytest.mark.parametrize("state", [CitizenPromise.State.DRAFT, CitizenPromise.State.SIGNED])
def test_unpublished_documents_are_never_listed(client, state):
    # build_promise gives even a draft published follow-ups: they must not leak either.
    promise = build_promise(state=state, followups=2)
    urls = read_sitemap(client)
    assert not document_urls(promise) & set(urls)
    assert not any("/medborgarloften/" in url for url in urls)


def test_a_draft_followup_of_a_published_document_is_not_listed(client):
    promise = build_promise(followups=1)
    draft = FollowUpFactory(promise=promise, year=2022, number=1)
    assert absolute(draft.get_absolute_url()) not in read_sitemap(client)


def test_lastmod_of_documents_commitments_and_followups(client):
    promise = build_promise(commitments=2, followups=0)
    # The fields a save sets (updated_at is auto_now) are set here without one.
    CitizenPromise.objects.filter(pk=promise.pk).update(
        published_at=when(2024, 1, 10), updated_at=when(2024, 2, 20)
    )
    urls = read_sitemap(client)
    page = absolute(promise.get_absolute_url())
    assert urls[page] == "2024-02-20"  # the later of publication and last change
    commitment = absolute(promise.commitments.first().get_absolute_url())
    assert urls[commitment] == "2024-02-20"

    followup = FollowUpFactory(
        promise=promise, year=2021, number=1, state="published", published_at=when(2024, 9, 30)
    )
    FollowUpFactory(promise=promise, year=2021, number=2)  # a draft: changes nothing public
    urls = read_sitemap(client)
    assert urls[absolute(followup.get_absolute_url())] == "2024-09-30"
    # Both pages show the follow-up's statuses: they changed when it was published.
    assert urls[page] == "2024-09-30"
    assert urls[commitment] == "2024-09-30"
    # Pages that change with many rows carry no date rather than a wrong one.
    assert urls[absolute(reverse("loften:home"))] is None


def test_index_gives_each_dated_section_its_latest_lastmod(client):
    promise = build_promise(followups=1)
    CitizenPromise.objects.filter(pk=promise.pk).update(
        published_at=when(2024, 1, 10), updated_at=when(2024, 1, 10)
    )
    FollowUp.objects.filter(promise=promise).update(published_at=when(2024, 5, 5))
    index = get_xml(client, reverse("loften:sitemap"))
    lastmods = {
        urlsplit(s.findtext(f"{SITEMAP}loc")).path: s.findtext(f"{SITEMAP}lastmod")
        for s in index.iterfind(f"{SITEMAP}sitemap")
    }
    assert lastmods["/sitemap-uppfoljningar.xml"].startswith("2024-05-05")
    assert lastmods["/sitemap-medborgarloften.xml"].startswith("2024-05-05")
    assert lastmods["/sitemap-kommuner.xml"] is None


def test_addresses_use_the_requests_host_and_scheme(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "medborgarloften.example"]
    promise = build_promise()
    urls = read_sitemap(client, HTTP_HOST="medborgarloften.example", secure=True)
    assert f"https://medborgarloften.example{promise.get_absolute_url()}" in urls
    assert all(url.startswith("https://medborgarloften.example/") for url in urls)


def test_a_large_section_is_split_into_pages_the_index_lists(client, monkeypatch):
    first = build_promise()
    second = build_promise(
        valid_from=datetime.date(2017, 1, 1), valid_until=datetime.date(2018, 12, 31)
    )
    # The sitemap protocol's limit is 50 000 addresses a file; a limit of one shows the paging.
    monkeypatch.setattr(PromiseSitemap, "limit", 1)
    index = get_xml(client, reverse("loften:sitemap"))
    locs = [loc.text for loc in index.iterfind(f"{SITEMAP}sitemap/{SITEMAP}loc")]
    assert "http://testserver/sitemap-medborgarloften.xml?p=2" in locs
    urls = read_sitemap(client)
    assert absolute(first.get_absolute_url()) in urls
    assert absolute(second.get_absolute_url()) in urls


def test_an_unknown_section_is_404(client):
    assert client.get("/sitemap-finns-inte.xml").status_code == 404


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /intern/" in lines
    assert "Disallow: /en/intern/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt_names_the_sitemap_at_the_requests_host(client, settings):
    settings.ALLOWED_HOSTS = ["medborgarloften.example"]
    response = client.get("/robots.txt", HTTP_HOST="medborgarloften.example", secure=True)
    assert "Sitemap: https://medborgarloften.example/sitemap.xml" in response.text.splitlines()


SECTIONS = ["/sitemap.xml"] + [
    f"/sitemap-{name}.xml"
    for name in (
        "sidor",
        "kommuner",
        "lokalpolisomraden",
        "fokusomraden",
        "medborgarloften",
        "loften",
        "uppfoljningar",
    )
]


@pytest.mark.parametrize("url", SECTIONS)
def test_query_count_does_not_grow_with_rows(client, url, django_assert_max_num_queries):
    small = build_promise(commitments=3, followups=1)
    client.get(url)  # warm up per-process caches
    small_count = count_queries(client, url)
    build_promise(
        commitments=30,
        followups=8,
        municipality=small.municipality,
        title="Stort löfte",
        published_at=timezone.now(),
    )
    assert count_queries(client, url) == small_count
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
