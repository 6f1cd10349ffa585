"""Every public page type: content for citizens, 404 for anything not published, and a query
count that does not grow with the number of rows."""

import datetime
import types

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from followup.models import FollowUp
from loften.models import CitizenPromise
from municipalities.models import Municipality
from portal.templatetags.portal_lists import link_items, municipality_items
from tests.assertions import count_queries
from tests.factories import CitizenPromiseFactory, FollowUpFactory, build_promise, in_force_today

pytestmark = pytest.mark.django_db


def promise_url(promise):
    return promise.get_absolute_url()


def commitment_url(promise):
    return promise.commitments.first().get_absolute_url()


def followup_url(promise):
    published = promise.followups.filter(state=FollowUp.State.PUBLISHED)
    return published.order_by("-year", "-number").first().get_absolute_url()


def municipality_url(promise):
    return promise.municipality.get_absolute_url()


def police_area_url(promise):
    return promise.police_area.get_absolute_url()


PAGES = {
    "home": lambda p: reverse("loften:home"),
    "municipality_list": lambda p: reverse("loften:municipality_list"),
    "municipality": municipality_url,
    "promise": promise_url,
    "commitment": commitment_url,
    "followup": followup_url,
    "focus_area_list": lambda p: reverse("loften:focus_area_list"),
    "focus_area": lambda p: reverse("loften:focus_area", args=["trafik"]),
    "police_area": police_area_url,
    "statistics": lambda p: reverse("loften:statistics"),
    "about": lambda p: reverse("loften:about"),
    "accessibility": lambda p: reverse("loften:accessibility"),
}


class TestContent:
    def test_start_page_explains_lists_and_counts(self, client, published_promise):
        response = client.get("/")
        assert response.status_code == 200
        text = response.text
        assert "Ett medborgarlöfte är ett gemensamt löfte" in text
        assert 'role="search"' in text
        assert "Södermanlands län" in text
        assert published_promise.title in text
        assert "Uppföljning 2021 halvår 2".lower() in text.lower()
        figures = response.context["figures"]
        # The document ended in 2024: nothing is in force today.
        assert figures["municipalities"] == 0

    def test_national_figures_count_documents_in_force(self, client):
        build_promise(commitments=6, followups=1, **in_force_today())
        figures = client.get("/").context["figures"]
        assert figures["municipalities"] == 1
        assert figures["commitments"] == 6
        # 100 + 25 + 50 + 0 + 0 + 0 over six commitments (followup.progress).
        assert figures["progress"] == 29

    def test_directory_by_county_with_name_filter(self, client, published_promise):
        response = client.get(reverse("loften:municipality_list"))
        assert response.text.count("list-group-item") == 290
        response = client.get(reverse("loften:municipality_list"), {"q": "vingå"})
        assert "Vingåker" in response.text and "Katrineholm" not in response.text
        assert "1 kommun" in response.text

    def test_lists_of_kommuner_link_each_to_its_page_in_the_pages_language(
        self, client, published_promise
    ):
        for language in ("sv", "en"):
            with translation.override(language):
                lists = {
                    reverse("loften:municipality_list"): Municipality.objects.all(),
                    reverse("loften:home"): [published_promise.municipality],
                }
                for url, kommuner in lists.items():
                    text = client.get(url).text
                    for kommun in kommuner:
                        link = f'<a href="{kommun.get_absolute_url()}">{kommun.name}</a>'
                        assert link in text, (url, kommun)
                assert (language == "en") == ("/en/kommuner/" in text)

    def test_directory_says_which_municipalities_have_a_valid_document(self, client):
        today = timezone.localdate()
        build_promise(
            valid_from=today - datetime.timedelta(days=30),
            valid_until=today.replace(year=today.year + 1),
        )
        response = client.get(reverse("loften:municipality_list"), {"q": "Vingåker"})
        assert "Har ett gällande medborgarlöfte" in response.text
        response = client.get(reverse("loften:municipality_list"), {"q": "Katrineholm"})
        assert "Inget gällande medborgarlöfte" in response.text

    def test_municipality_page_shows_documents_and_police_area(self, client, published_promise):
        response = client.get(municipality_url(published_promise))
        assert published_promise.title in response.text
        assert "Tidigare och andra medborgarlöften" in response.text
        assert "Lokalpolisområde Katrineholm" in response.text
        assert reverse("loften:municipality", args=["katrineholm"]) in response.text

    def test_promise_page_shows_every_section(self, client, published_promise):
        response = client.get(promise_url(published_promise))
        text = response.text
        assert response.status_code == 200
        assert "1 januari 2021 – 31 december 2024" in text
        assert "Avslutat" in text
        assert "Lägesbild" in text and "Trygghetsmätning" in text and "Järnvägsstationen" in text
        assert "Polisen lovar att" in text
        assert "Kommunen lovar att" in text
        assert "Polisen och kommunen lovar gemensamt att" in text
        assert "besöka högstadieskolorna och prata om narkotika (löfte 4)" in text
        # Latest status (2021 H2) of commitment 1 is "pågår"; target vs achieved is shown.
        assert "Pågår" in text and "<li>kontroller: 10 av 20</li>" in text
        assert "Anna Andersson" in text and "lokalpolisområdeschef" in text
        assert "Undertecknat den 16 december 2020" in text  # once, for the document
        assert 'href="/fokusomraden/trafik/"' in text
        # Timeline: 8 half-years, two published, the rest late (the period has ended).
        timeline = response.context["timeline"]
        assert len(timeline) == 8
        assert [e.state for e in timeline].count("published") == 2
        assert [e.state for e in timeline].count("overdue") == 6
        assert "Uppföljning försenad" in text
        assert "<progress" in text
        pdf_url = reverse(
            "loften:promise_pdf", args=[published_promise.municipality.slug, published_promise.pk]
        )
        assert f'href="{pdf_url}"' in text and "Ladda ner PDF" in text

    def test_withdrawn_document_is_public_and_marked(self, client):
        promise = build_promise(state=CitizenPromise.State.WITHDRAWN)
        response = client.get(promise_url(promise))
        assert response.status_code == 200
        assert "Medborgarlöftet är tillbakadraget" in response.text
        assert "Ersatt av ett nytt löfte." in response.text

    def test_replacement_links_both_ways(self, client, published_promise):
        newer = CitizenPromiseFactory(
            police_area=published_promise.police_area,
            replaces=published_promise,
            state=CitizenPromise.State.PUBLISHED,
            signed_at=timezone.now(),
            published_at=timezone.now(),
            valid_from=datetime.date(2025, 1, 1),
            valid_until=datetime.date(2026, 12, 31),
        )
        old_page = client.get(promise_url(published_promise)).text
        assert "har ersatts av en nyare version" in old_page
        assert newer.get_absolute_url() in old_page
        new_page = client.get(promise_url(newer)).text
        assert "ersätter en tidigare version" in new_page
        assert published_promise.get_absolute_url() in new_page

    def test_draft_replacement_is_not_announced(self, client, published_promise):
        CitizenPromiseFactory(police_area=published_promise.police_area, replaces=published_promise)
        assert "nyare version" not in client.get(promise_url(published_promise)).text

    def test_followup_page_shows_status_reason_comment_and_previous(
        self, client, published_promise
    ):
        response = client.get(followup_url(published_promise))
        text = response.text
        assert "Uppföljning 2021 halvår 2" in text
        assert "Sammanfattning för 2021 halvår 2." in text
        assert "Förra (2021 halvår 1)" in text
        assert "Flyttad på grund av vakanser." in text
        rows = [entry.main for group in response.context["groups"] for entry in group["rows"]]
        assert all(row.previous is not None for row in rows)

    def test_commitment_page_shows_its_history(self, client, published_promise):
        response = client.get(commitment_url(published_promise))
        statuses = list(response.context["statuses"])
        assert [(s.followup.year, s.followup.number) for s in statuses] == [(2021, 1), (2021, 2)]
        assert "Genomförd" in response.text and "Pågår" in response.text

    def test_focus_area_page_filters_by_county_and_year(self, client, published_promise):
        url = reverse("loften:focus_area", args=["trafik"])
        assert "4 publicerade löften" in client.get(url).text
        assert "4 publicerade löften" in client.get(url, {"lan": "04", "ar": "2022"}).text
        assert "0 publicerade löften" in client.get(url, {"lan": "01"}).text
        assert "0 publicerade löften" in client.get(url, {"ar": "2019"}).text

    def test_focus_area_page_links_each_loefte_in_the_pages_language_page_by_page(self, client):
        promise = build_promise(commitments=30)
        commitments = list(promise.commitments.order_by("order", "pk"))
        for language in ("sv", "en"):
            with translation.override(language):
                url = reverse("loften:focus_area", args=["trafik"])
                pages = [client.get(url).text, client.get(url, {"sida": "2"}).text]
                for number, text in enumerate(pages):
                    for commitment in commitments[number * 25 : (number + 1) * 25]:
                        link = f'<a href="{commitment.get_absolute_url()}">'
                        assert text.count(link) == 1, (language, number, commitment)
                assert (language == "en") == ("/en/kommuner/" in pages[0])
                if language == "sv":
                    assert "30 publicerade löften" in pages[1]
                assert "Vingåker (Södermanlands län), 2021–2024" in pages[1]

    def test_police_area_page_lists_municipalities_and_documents(self, client, published_promise):
        text = client.get(police_area_url(published_promise)).text
        assert "Vingåker" in text and "Katrineholm" in text and published_promise.title in text

    def test_about_and_accessibility_statement(self, client):
        assert "Så fungerar det" in client.get(reverse("loften:about")).text
        text = client.get(reverse("loften:accessibility")).text
        assert "Digg" in text and "WCAG 2.1" in text

    def test_404_page_is_in_the_site_design(self, client):
        response = client.get("/kommuner/finns-inte/")
        assert response.status_code == 404
        assert "Sidan finns inte" in response.text
        assert "Hoppa till huvudinnehållet" in response.text

    def test_english_is_available_under_en(self, client, published_promise):
        response = client.get("/en/")
        assert response.status_code == 200
        assert '<html lang="en">' in response.text


class TestNeverPublic:
    @pytest.mark.parametrize("state", [CitizenPromise.State.DRAFT, CitizenPromise.State.SIGNED])
    @pytest.mark.parametrize("page", ["promise", "commitment", "followup"])
    def test_unpublished_documents_are_404_at_every_url(self, client, state, page):
        promise = build_promise(state=state)
        assert client.get(PAGES[page](promise)).status_code == 404

    @pytest.mark.parametrize("state", [CitizenPromise.State.DRAFT, CitizenPromise.State.SIGNED])
    def test_unpublished_documents_appear_in_no_listing(self, client, state):
        promise = build_promise(state=state)
        for name in ("home", "municipality", "police_area", "focus_area"):
            assert promise.title not in client.get(PAGES[name](promise)).text, name
        assert "0 publicerade löften" in client.get(PAGES["focus_area"](promise)).text

    def test_draft_followup_of_a_published_document_is_404(self, client, published_promise):
        draft = FollowUpFactory(promise=published_promise, year=2023, number=1)
        assert draft.state == FollowUp.State.DRAFT
        assert client.get(draft.get_absolute_url()).status_code == 404

    def test_wrong_municipality_in_the_address_is_404(self, client, published_promise):
        url = reverse("loften:promise", args=["katrineholm", published_promise.pk])
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", sorted(PAGES))
def test_query_count_does_not_grow_with_rows(client, page, django_assert_max_num_queries):
    small = build_promise(commitments=3, followups=1)
    url = PAGES[page](small)
    client.get(url)  # warm up per-process caches (content types, translations)
    small_count = count_queries(client, url)

    large = build_promise(
        commitments=30, followups=8, municipality=small.municipality, title="Stort löfte"
    )
    large_url = PAGES[page](large)
    # The first request after a change computes the national figures again (in a fixed number
    # of queries too: tests/portal/test_national_figures.py); the next ones read them.
    client.get(large_url)
    large_count = count_queries(client, large_url)
    assert large_count == small_count, (small_count, large_count)
    # The medborgarlöfte page reads its parties, sections, own focus areas, attachments, the
    # löften's amendments and its effect indicators too, and each löfte's measures and latest
    # values (three queries).
    with django_assert_max_num_queries(19 if page == "promise" else 17):
        response = client.get(large_url)
    assert response.status_code == 200, large_url


def test_municipality_items_escape_names_and_say_whether_a_document_is_in_force():
    rows = [
        types.SimpleNamespace(url="/k/a&b/", name='Å & "B" <i>', has_current=True),
        types.SimpleNamespace(url="/k/c/", name="C", has_current=False),
    ]
    assert municipality_items(rows) == (
        '<li class="list-group-item d-flex justify-content-between flex-wrap gap-2">'
        '<a href="/k/a&amp;b/">Å &amp; &quot;B&quot; &lt;i&gt;</a> '
        '<span class="badge state-badge">Har ett gällande medborgarlöfte</span></li>'
        '<li class="list-group-item d-flex justify-content-between flex-wrap gap-2">'
        '<a href="/k/c/">C</a> '
        '<span class="small text-body-secondary">Inget gällande medborgarlöfte</span></li>'
    )
    with translation.override("en"):
        assert "Has a current citizen promise" in municipality_items(rows[:1])


def test_link_items_escape_what_they_join():
    rows = [{"url": "/a/?b=1&c=<2>", "name": 'Å & "B" <i>'}, {"url": "/c/", "name": "C"}]
    assert link_items(rows) == (
        '<li><a href="/a/?b=1&amp;c=&lt;2&gt;">Å &amp; &quot;B&quot; &lt;i&gt;</a></li>'
        '<li><a href="/c/">C</a></li>'
    )
