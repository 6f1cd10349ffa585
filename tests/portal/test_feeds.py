"""The Atom feeds (national, municipality, police area, focus area): valid Atom, only what citizens
may see, newest first and bounded, linked from their pages, and a query count that does not grow
with the rows."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from followup.models import FollowUp
from loften.models import CitizenPromise, FocusArea
from loften.services import citizen_promise_withdraw
from portal.feeds import FEED_LIMIT
from tests.assertions import count_queries
from tests.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    FollowUpFactory,
    PoliceAreaFactory,
    build_promise,
    municipality,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"

FEEDS = {
    "national": lambda promise: reverse("loften:feed"),
    "municipality": lambda promise: reverse(
        "loften:municipality_feed", args=[promise.municipality.slug]
    ),
    "police_area": lambda promise: reverse(
        "loften:police_area_feed", args=[promise.police_area.slug]
    ),
    "focus_area": lambda promise: reverse("loften:focus_area_feed", args=["trafik"]),
}


def when(year, month, day):
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


def read_feed(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def assert_valid_atom(feed):
    """The elements RFC 4287 requires of a feed and its entries, and absolute entry links."""
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{name}") or "").strip(), name
    datetime.datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))
    # An author on the feed, so that entries need none (they have one anyway).
    assert feed.findtext(f"{ATOM}author/{ATOM}name")
    ids = []
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and link.get("href").startswith("http://testserver/")
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids)), "entry ids are not unique"


def entry_links(feed):
    return [
        entry.find(f"{ATOM}link[@rel='alternate']").get("href").removeprefix("http://testserver")
        for entry in feed.findall(f"{ATOM}entry")
    ]


def entries_by_link(feed):
    return {
        entry.find(f"{ATOM}link[@rel='alternate']")
        .get("href")
        .removeprefix("http://testserver"): entry
        for entry in feed.findall(f"{ATOM}entry")
    }


def public_urls(promise):
    """The document and its published follow-ups: what a feed announces of it."""
    followups = FollowUp.objects.published().filter(promise=promise)
    return {promise.get_absolute_url()} | {f.get_absolute_url() for f in followups}


def another_document(**kwargs):
    """A published document elsewhere: Katrineholm, another police area, no focus area."""
    values = {
        "municipality": municipality("0483"),
        "police_area": PoliceAreaFactory(slug="lokalpolisomrade-annat", name="Annat område"),
        "published": True,
        "title": "Medborgarlöfte Katrineholm",
    }
    promise = CitizenPromiseFactory(**{**values, **kwargs})
    CommitmentFactory(promise=promise)
    FollowUpFactory(promise=promise, state=FollowUp.State.PUBLISHED, published_at=timezone.now())
    return promise


@pytest.mark.parametrize("feed", sorted(FEEDS))
def test_every_feed_is_valid_atom_with_swedish_titles(client, feed):
    promise = build_promise(followups=2)
    root = read_feed(client, FEEDS[feed](promise))
    assert_valid_atom(root)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "sv"
    assert root.findtext(f"{ATOM}title").startswith("Medborgarlöften")
    assert set(entry_links(root)) == public_urls(promise)
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert promise.title in titles
    assert f"Uppföljning 2021 halvår 2: {promise.title}" in titles


def test_national_feed_lists_documents_and_followups_newest_first(client):
    older = build_promise(followups=0, published_at=when(2024, 1, 10))
    followup = FollowUpFactory(
        promise=older, year=2021, number=1, state="published", published_at=when(2024, 6, 1)
    )
    newer = another_document(published_at=when(2025, 3, 1))
    root = read_feed(client, reverse("loften:feed"))
    links = entry_links(root)
    assert links.index(newer.get_absolute_url()) < links.index(followup.get_absolute_url())
    assert links.index(followup.get_absolute_url()) < links.index(older.get_absolute_url())
    published = [e.findtext(f"{ATOM}published") for e in root.findall(f"{ATOM}entry")]
    dates = [datetime.datetime.fromisoformat(p) for p in published]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("state", [CitizenPromise.State.DRAFT, CitizenPromise.State.SIGNED])
@pytest.mark.parametrize("feed", sorted(FEEDS))
def test_unpublished_documents_and_their_followups_are_never_in_a_feed(client, feed, state):
    # build_promise gives even a draft published follow-ups: they must not leak either.
    promise = build_promise(state=state, followups=2)
    root = read_feed(client, FEEDS[feed](promise))
    assert root.findall(f"{ATOM}entry") == []
    assert promise.title not in ET.tostring(root, encoding="unicode")


@pytest.mark.parametrize("feed", sorted(FEEDS))
def test_a_draft_followup_of_a_published_document_is_not_in_a_feed(client, feed):
    promise = build_promise(followups=1)
    draft = FollowUpFactory(promise=promise, year=2022, number=1)
    assert draft.get_absolute_url() not in entry_links(read_feed(client, FEEDS[feed](promise)))


@pytest.mark.parametrize("feed", ["municipality", "police_area", "focus_area"])
def test_a_local_feed_has_only_its_own_documents_and_followups(client, feed):
    promise = build_promise(followups=2)
    elsewhere = another_document()
    links = set(entry_links(read_feed(client, FEEDS[feed](promise))))
    assert links == public_urls(promise)
    assert not links & public_urls(elsewhere)
    # The national feed has both.
    assert public_urls(promise) | public_urls(elsewhere) <= set(
        entry_links(read_feed(client, reverse("loften:feed")))
    )


def test_a_withdrawn_document_stays_marked_and_updated(client, editor):
    """Decision: a withdrawn document is public (its page says it is withdrawn), so its entry
    stays where it was published, says so and is updated, instead of vanishing."""
    promise = build_promise(followups=1, published_at=when(2024, 1, 10))
    citizen_promise_withdraw(promise=promise, user=editor, reason="Ersatt av ett nytt löfte.")
    root = read_feed(client, reverse("loften:municipality_feed", args=["vingaker"]))
    entry = entries_by_link(root)[promise.get_absolute_url()]
    assert entry.findtext(f"{ATOM}title") == f"{promise.title} (tillbakadraget)"
    assert entry.findtext(f"{ATOM}summary") == (
        "Medborgarlöftet från Vingåkers kommun och Lokalpolisområde Katrineholm för "
        "1 januari 2021 – 31 december 2024 har dragits tillbaka. Skäl: Ersatt av ett nytt löfte."
    )
    published = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
    updated = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert published == when(2024, 1, 10)
    assert updated.date() == timezone.now().date() > published.date()
    # Its published follow-up stays too: its page still answers.
    followup = promise.followups.get()
    assert followup.get_absolute_url() in entries_by_link(root)


def test_a_replaced_document_says_so_and_its_new_version_has_its_own_entry(client):
    old = build_promise(followups=0, published_at=when(2024, 1, 10))
    new = CitizenPromiseFactory(
        police_area=old.police_area, replaces=old, published=True, title="Ny version"
    )
    CitizenPromise.objects.filter(pk=old.pk).update(replaced_at=new.published_at)
    entries = entries_by_link(read_feed(client, reverse("loften:feed")))
    assert entries[old.get_absolute_url()].findtext(f"{ATOM}title") == (
        f"{old.title} (ersatt av en ny version)"
    )
    assert entries[new.get_absolute_url()].findtext(f"{ATOM}title") == "Ny version"
    assert (
        entries[new.get_absolute_url()]
        .findtext(f"{ATOM}summary")
        .startswith("Nytt medborgarlöfte från Vingåkers kommun och Lokalpolisområde Katrineholm.")
    )


def test_a_feed_is_bounded_to_the_newest_entries(client):
    area = PoliceAreaFactory()
    for day in range(1, FEED_LIMIT + 6):
        CitizenPromiseFactory(
            police_area=area,
            published=True,
            published_at=when(2025, 1, 1) + datetime.timedelta(days=day),
            title=f"Löfte {day}",
        )
    root = read_feed(client, reverse("loften:feed"))
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert len(titles) == FEED_LIMIT
    assert titles[0] == f"Löfte {FEED_LIMIT + 5}"
    assert "Löfte 5" not in titles and "Löfte 6" in titles


def test_an_officials_markup_reaches_the_reader_as_text(client):
    promise = build_promise(followups=0)
    FollowUpFactory(
        promise=promise,
        state="published",
        published_at=timezone.now(),
        year=2021,
        number=1,
        summary='<script>alert("x")</script> & mer',
    )
    root = read_feed(client, reverse("loften:feed"))
    summaries = [e.findtext(f"{ATOM}summary") for e in root.findall(f"{ATOM}entry")]
    # The summary is type="html": escaped once, a reader shows the characters, runs nothing.
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; mer" in summaries


def test_ids_do_not_change_with_the_host_or_scheme(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "medborgarloften.example"]
    build_promise(followups=2)
    url = reverse("loften:feed")

    def ids(root):
        return [root.findtext(f"{ATOM}id")] + [
            e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")
        ]

    here = read_feed(client, url)
    there = read_feed(client, url, HTTP_HOST="medborgarloften.example", secure=True)
    assert ids(here) == ids(there)
    assert all(i.startswith("urn:uuid:") for i in ids(here))
    link = there.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link.startswith("https://medborgarloften.example/kommuner/")


@pytest.mark.parametrize(
    "url",
    [
        "/kommuner/finns-inte/flode/",
        "/lokalpolisomraden/finns-inte/flode/",
        "/fokusomraden/finns-inte/flode/",
    ],
)
def test_a_feed_of_something_unknown_is_404(client, url):
    assert client.get(url).status_code == 404


def test_a_deactivated_focus_area_keeps_its_feed(client):
    promise = build_promise(followups=1)
    FocusArea.objects.filter(slug="trafik").update(is_active=False)
    root = read_feed(client, reverse("loften:focus_area_feed", args=["trafik"]))
    assert set(entry_links(root)) == public_urls(promise)


PAGES_WITH_FEEDS = {
    "home": (lambda p: reverse("loften:home"), "national"),
    "municipality": (lambda p: p.municipality.get_absolute_url(), "municipality"),
    "police_area": (lambda p: p.police_area.get_absolute_url(), "police_area"),
    "focus_area": (lambda p: reverse("loften:focus_area", args=["trafik"]), "focus_area"),
}


@pytest.mark.parametrize("page", sorted(PAGES_WITH_FEEDS))
def test_pages_link_their_feed_in_the_head_and_visibly(client, page):
    promise = build_promise()
    page_url, feed = PAGES_WITH_FEEDS[page]
    feed_url = FEEDS[feed](promise)
    response = client.get(page_url(promise))
    assert response.status_code == 200
    head = response.text.split("</head>")[0]
    title = read_feed(client, feed_url).findtext(f"{ATOM}title")
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{feed_url}">'
        in head
    )
    body = response.text.split("<body>")[1]
    assert f'<a href="{feed_url}" type="application/atom+xml">Följ via flöde (Atom)</a>' in body


@pytest.mark.parametrize("feed", sorted(FEEDS))
def test_query_count_does_not_grow_with_entries(client, feed, django_assert_max_num_queries):
    small = build_promise(commitments=3, followups=1)
    url = FEEDS[feed](small)
    client.get(url)  # warm up per-process caches (translations)
    small_count = count_queries(client, url)
    build_promise(commitments=30, followups=8, municipality=small.municipality, title="Stort löfte")
    another_document()
    assert count_queries(client, url) == small_count
    with django_assert_max_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200
