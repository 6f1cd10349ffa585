"""The search at /sok/: what it finds and never finds, excerpts, filters alone and together,
errors a visitor can act on, pagination and a query count that does not grow with the matches.
Runs on SQLite (containment) and PostgreSQL (full-text); tests/portal/test_search_postgresql.py
has what only PostgreSQL does (stemming, ranking, the index)."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followup import services
from followup.models import FollowUp, Status
from loften.models import CitizenPromise, PartyRole
from portal.models import SearchEntry
from portal.search.filters import SearchFilter
from tests.factories import (
    CommitmentFactory,
    CommitmentStatusFactory,
    FocusAreaFactory,
    FollowUpFactory,
    PlaceFactory,
    PoliceAreaFactory,
    build_promise,
    in_force_today,
    municipality,
)

pytestmark = pytest.mark.django_db

URL = reverse("loften:search")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a commit runs: search entries are rebuilt once a write commits, and a test's
    transaction never commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def titles(response):
    return [p.title for p in response.context["promises"]]


# --- What the search finds -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "word, where",
    [
        ("Vingåker", "the title"),
        ("stationen", "the lägesbild"),
        ("centrum", "the effects"),
        ("halvår", "the follow-up plan"),
        ("Järnvägsstationen", "a place"),
        ("trygghetsmätning", "a source's kind"),
        ("belysningen", "a löfte"),
        ("Sammanfattning", "a published follow-up's summary"),
        ("vakanser", "a published status's reason"),
    ],
)
def test_finds_a_document_by_every_part_of_it(client, committed, word, where):
    with committed():
        promise = build_promise(commitments=6, followups=2)
    assert titles(search(client, q=word)) == [promise.title], where


def test_a_search_is_case_insensitive_beyond_ascii(client, committed):
    with committed():
        promise = build_promise(situation="Oron är störst vid Östra torget.")
    assert titles(search(client, q="ÖSTRA TORGET")) == [promise.title]


def test_every_word_must_match(client, committed):
    with committed():
        build_promise()
    assert titles(search(client, q="stationen kvällarna")) != []
    assert titles(search(client, q="stationen flygplatsen")) == []


def test_matching_commitments_and_follow_ups_are_shown_marked(client, committed):
    with committed():
        promise = build_promise(commitments=6, followups=2)
    response = search(client, q="belysningen")
    found = response.context["promises"][0].found
    assert [c.pk for c in found.commitments] == [
        promise.commitments.get(text__startswith="förbättra belysningen").pk
    ]
    assert "<mark>belysningen</mark>" in response.text.lower()
    assert "Löften som matchar" in response.text

    response = search(client, q="vakanser")
    assert "Ur uppföljningarna" in response.text
    assert "<mark>vakanser</mark>" in response.text


def test_at_most_three_commitments_per_document_and_how_many_more(client, committed):
    with committed():
        promise = build_promise(commitments=6)
        for order, text in enumerate(["fler trafikkontroller", "trafikkontroller vid skolan"]):
            CommitmentFactory(promise=promise, text=text, order=10 + order)
        CommitmentFactory(promise=promise, text="trafikkontroller i byarna", order=20)
    response = search(client, q="trafikkontroller")
    found = response.context["promises"][0].found
    assert len(found.commitments) == 3
    assert found.more_commitments == 1
    assert "och 1 löfte till i medborgarlöftet" in response.text


def test_excerpts_are_escaped(client, committed):
    with committed():
        build_promise(situation='Trygghet & <script>alert("x")</script> <b>fet</b> och mer.')
    response = search(client, q="fet")
    excerpt = response.context["promises"][0].found.body
    assert "<mark>fet</mark>" in excerpt
    assert "Trygghet &amp;" in excerpt
    assert "alert(&quot;x&quot;)" in excerpt
    assert "<script" not in response.text
    assert "<b>" not in response.text


def test_the_start_page_search_box_leads_here(client):
    response = client.get(reverse("loften:home"))
    assert response.status_code == 200
    assert f'action="{URL}"' in response.text
    assert 'name="q"' in response.text


def test_a_municipality_name_lists_the_municipality_too(client, committed):
    with committed():
        build_promise()
    response = search(client, q="Vingåker")
    assert "Kommuner som matchar" in response.text
    assert municipality("0428").get_absolute_url() in response.text


def test_without_a_search_every_public_document_is_listed_newest_first(client, committed):
    with committed():
        old = build_promise()
    new = build_promise(
        title="Nytt löfte",
        valid_from=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2026, 12, 31),
    )
    assert titles(search(client)) == [new.title, old.title]


def test_nothing_found_says_what_to_try(client, committed):
    with committed():
        build_promise()
    response = search(client, q="flygplatsen")
    assert "0 medborgarlöften" in response.text
    assert "Pröva ett annat ord" in response.text


# --- Never public --------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [CitizenPromise.State.DRAFT, CitizenPromise.State.SIGNED])
def test_unpublished_documents_are_never_found(client, committed, state):
    with committed():
        build_promise(state=state, title="Hemligt utkast", situation="Hemliga planer vid hamnen.")
    for params in ({"q": "hamnen"}, {"q": "Hemligt"}, {}, {"part": PartyRole.POLICE}):
        response = search(client, **params)
        assert "Hemligt utkast" not in response.text, params
        assert "Hemliga planer" not in response.text, params
        assert response.context["promises"] == [], params
    assert not SearchEntry.objects.exists()


def test_a_draft_follow_up_is_never_found_and_publishing_it_makes_it_found(
    client, committed, editor
):
    with committed():
        promise = build_promise(followups=1, **in_force_today())
        draft = FollowUpFactory(
            promise=promise,
            year=promise.valid_from.year,
            number=2,
            summary="Grannsamverkan startade i Marmorbyn.",
        )
        for commitment in promise.commitments.all():
            CommitmentStatusFactory(followup=draft, commitment=commitment, status=Status.DONE)
    assert titles(search(client, q="Marmorbyn")) == []

    with committed():
        services.followup_publish(followup=draft, user=editor)

    response = search(client, q="Marmorbyn")
    assert titles(response) == [promise.title]
    assert "<mark>Marmorbyn</mark>" in response.text


def test_withdrawn_documents_are_found_and_marked(client, committed):
    with committed():
        build_promise(state=CitizenPromise.State.WITHDRAWN, title="Tillbakadraget löfte")
    response = search(client, q="stationen")
    assert titles(response) == ["Tillbakadraget löfte"]
    assert "Tillbakadraget" in response.text


def test_deleting_a_public_document_removes_its_entry(client, committed):
    with committed():
        promise = build_promise(followups=0)
    assert SearchEntry.objects.filter(promise=promise).exists()
    with committed():
        PlaceFactory(promise=promise, name="Torget")
        promise.delete()
    assert not SearchEntry.objects.exists()


def test_rebuild_command_writes_entries_after_bulk_writes(client, committed):
    with committed():
        promise = build_promise()
    CitizenPromise.objects.filter(pk=promise.pk).update(title="Omdöpt i bulk")
    assert titles(search(client, q="Omdöpt")) == []
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert titles(search(client, q="Omdöpt")) == ["Omdöpt i bulk"]


# --- Filters -------------------------------------------------------------------------------------


@pytest.fixture
def three_documents(db, committed):
    """Vingåker (Södermanland) 2021–2024, ended; Katrineholm (Södermanland) in force today with
    a police löfte in Narkotika that is done; Stockholm (Stockholm) in force, municipal löften."""
    with committed():
        vingaker = build_promise(commitments=4, followups=1, title="Vingåker")
        katrineholm = build_promise(
            commitments=0,
            followups=0,
            title="Katrineholm",
            municipality=municipality("0483"),
            situation="Narkotikan på skolgårdarna oroar.",
            **in_force_today(),
        )
        narcotics = FocusAreaFactory(slug="narkotika", name="Narkotika")
        police = CommitmentFactory(
            promise=katrineholm, party=PartyRole.POLICE, text="besöka skolorna om narkotika"
        )
        police.focus_areas.add(narcotics)
        municipal = CommitmentFactory(
            promise=katrineholm, party=PartyRole.MUNICIPALITY, text="ordna fritidsgårdar"
        )
        followup = FollowUpFactory(
            promise=katrineholm,
            year=katrineholm.valid_from.year,
            number=1,
            state=FollowUp.State.PUBLISHED,
            published_at=timezone.now(),
        )
        CommitmentStatusFactory(followup=followup, commitment=police, status=Status.DONE)
        CommitmentStatusFactory(followup=followup, commitment=municipal, status=Status.IN_PROGRESS)
        stockholm_area = PoliceAreaFactory(
            name="Lokalpolisområde Test Stockholm",
            slug="lokalpolisomrade-test-stockholm",
            municipalities=[municipality("0180")],
        )
        stockholm = build_promise(
            commitments=0,
            followups=0,
            title="Stockholm",
            municipality=municipality("0180"),
            police_area=stockholm_area,
            situation="Narkotika säljs vid tunnelbanan.",
            **in_force_today(),
        )
        CommitmentFactory(
            promise=stockholm, party=PartyRole.MUNICIPALITY, text="stänga langningsställen"
        )
    return vingaker, katrineholm, stockholm


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"lan": "04"}, {"Vingåker", "Katrineholm"}),
        ({"lan": "01"}, {"Stockholm"}),
        ({"kommun": "katrineholm"}, {"Katrineholm"}),
        ({"lokalpolisomrade": "lokalpolisomrade-test-stockholm"}, {"Stockholm"}),
        ({"fokusomrade": "narkotika"}, {"Katrineholm"}),
        ({"fokusomrade": "trafik"}, {"Vingåker"}),
        ({"part": "police"}, {"Vingåker", "Katrineholm"}),
        ({"part": "municipality"}, {"Vingåker", "Katrineholm", "Stockholm"}),
        ({"status": "done"}, {"Vingåker", "Katrineholm"}),
        ({"status": "in_progress"}, {"Vingåker", "Katrineholm"}),
        ({"status": "postponed"}, {"Vingåker"}),
        ({"status": "not_done"}, set()),
        ({"ar": "2022"}, {"Vingåker"}),
        ({"giltighet": "pagaende"}, {"Katrineholm", "Stockholm"}),
        ({"giltighet": "avslutade"}, {"Vingåker"}),
    ],
    ids=lambda value: (
        "&".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else None
    ),
)
def test_each_filter_alone(client, three_documents, params, expected):
    assert set(titles(search(client, **params))) == expected


@pytest.mark.parametrize(
    "params, expected",
    [
        # One and the same löfte must meet part, status and focus area together.
        ({"part": "police", "status": "done", "fokusomrade": "narkotika"}, {"Katrineholm"}),
        ({"part": "municipality", "fokusomrade": "narkotika"}, set()),
        ({"part": "municipality", "status": "done", "kommun": "katrineholm"}, set()),
        ({"lan": "04", "giltighet": "pagaende"}, {"Katrineholm"}),
        ({"lan": "04", "ar": "2022", "part": "police"}, {"Vingåker"}),
        # With the search.
        ({"q": "narkotika"}, {"Vingåker", "Katrineholm", "Stockholm"}),
        ({"q": "narkotika", "lan": "01"}, {"Stockholm"}),
        ({"q": "narkotika", "part": "police", "giltighet": "pagaende"}, {"Katrineholm"}),
        ({"q": "narkotika", "ar": "2022"}, {"Vingåker"}),
    ],
    ids=lambda value: (
        "&".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else None
    ),
)
def test_filters_together_and_with_the_search(client, three_documents, params, expected):
    assert set(titles(search(client, **params))) == expected


def test_filters_without_a_search_list_the_chosen_commitments(client, three_documents):
    response = search(client, part="police", status="done", fokusomrade="narkotika")
    found = response.context["promises"][0].found
    assert [c.text for c in found.commitments] == ["besöka skolorna om narkotika"]
    assert "Löften som filtren valde" in response.text


def test_the_filter_state_is_in_the_form_and_the_page_links(client, committed, three_documents):
    with committed():
        for n in range(21):
            build_promise(commitments=1, followups=0, title=f"Extra {n}", situation="Narkotika.")
    response = search(client, q="narkotika", lan="04")
    assert 'value="narkotika"' in response.text
    assert '<option value="04" selected>' in response.text
    assert "q=narkotika&amp;lan=04&amp;sida=2" in response.text
    second = search(client, q="narkotika", lan="04", sida="2")
    assert len(second.context["promises"]) == 23 - 20


@pytest.mark.parametrize("params", [{"q": "narkotika"}, {"q": "narkotika", "part": "police"}, {}])
def test_the_pages_list_the_matches_in_their_order(client, committed, three_documents, params):
    """The page is ranked and counted on the matches alone and its documents read afterwards:
    page after page they are the filtered queryset's, in its order, each once."""
    with committed():
        for n in range(23):
            build_promise(commitments=1, followups=0, title=f"Extra {n}", situation="Narkotika.")
    request = RequestFactory().get(URL, params)
    filters = SearchFilter(request.GET, queryset=CitizenPromise.objects.published())
    expected = [p.title for p in filters.qs]
    listed = []
    for page in (1, 2):
        response = search(client, **params, sida=str(page))
        assert response.context["page"].paginator.count == len(expected)
        listed += titles(response)
    assert listed == expected
    assert titles(search(client, **params, sida="99")) == expected[20:]


def test_a_page_and_the_number_of_matches_are_read_in_one_query(client, three_documents):
    """`CountingPaginator`: the page's ids carry the count of all matches (a window count), so
    no COUNT query is made, unless the page asked for is past the last one."""
    for asked_for, counted in (("1", False), ("99", True), ("nio", False), (str(2**63), False)):
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            response = search(client, q="narkotika", sida=asked_for)
        assert response.context["page"].paginator.count == len(titles(response)) > 0
        counts = [q["sql"] for q in context if q["sql"].startswith("SELECT COUNT(*)")]
        assert bool(counts) == counted, counts
    nothing = search(client, q="ordsomintefinns")
    assert nothing.context["page"].paginator.count == 0
    assert "0 medborgarlöften" in nothing.text


@pytest.mark.parametrize(
    "params, message",
    [
        ({"kommun": "finns-inte"}, "Välj ett giltigt alternativ"),
        ({"ar": "²"}, "Välj ett giltigt alternativ"),
        ({"status": "klar"}, "Välj ett giltigt alternativ"),
        ({"q": "x" * 201}, "Sökningen får vara högst 200 tecken (den har 201)"),
    ],
)
def test_bad_input_is_explained_and_the_rest_still_filters(
    client, three_documents, params, message
):
    response = search(client, lan="01", **params)
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    assert set(titles(response)) == {"Stockholm"}


# --- Query count ---------------------------------------------------------------------------------


def count_queries(client, params):
    cache.clear()  # drawn, not read from the page cache
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(context), response


@pytest.mark.parametrize(
    "params",
    [
        {"q": "stationen"},
        {"q": "trafikkontroller trygghetsvandring"},
        {"q": "sträckan", "lan": "04", "part": "police"},
        {"part": "police", "fokusomrade": "trafik"},
        {},
    ],
    ids=["search", "two-words", "search-and-filters", "filters", "nothing"],
)
def test_query_count_does_not_grow_with_the_matches(client, params):
    build_promise(commitments=3, followups=1)
    call_command("rebuild_search_index", stdout=io.StringIO())
    client.get(URL, params)  # warm up per-process caches
    few, response = count_queries(client, params)
    assert len(response.context["promises"]) == 1

    for n in range(6):
        build_promise(commitments=12, followups=3, title=f"Löfte {n}")
    call_command("rebuild_search_index", stdout=io.StringIO())
    many, response = count_queries(client, params)
    assert len(response.context["promises"]) == 7
    assert many == few, (few, many)
    assert many <= 16


def test_the_fallbacks_excerpt_of_a_long_text_is_cut_between_words():
    from portal.search.highlight import mark_words

    words = ["ordet"] * 60 + ["trygghetsvandringen"] + ["slutet"] * 60
    html = mark_words(" ".join(words), ["trygghet"])
    assert html.startswith("…") and html.endswith("…")
    shown = html.strip("…").replace("<mark>", "").replace("</mark>", "").split()
    assert set(shown) <= set(words), shown  # no word cut in two
    assert "<mark>trygghet</mark>svandringen" in html


def test_stray_markers_in_a_text_never_break_the_page():
    from portal.search.highlight import START, STOP, as_html

    html = as_html(f"a {START}<i>b</i>{STOP} {STOP}c{START} & d")
    assert html == "a <mark>&lt;i&gt;b&lt;/i&gt;</mark> c &amp; d"
    assert as_html("inget markerat") is None
