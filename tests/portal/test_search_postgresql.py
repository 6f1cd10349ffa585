"""What the search does only on PostgreSQL: Swedish stemming, ranking and its GIN index. These
run when DATABASE_URL points at PostgreSQL (as CI does); SQLite falls back to containment
(tests/portal/test_search.py)."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loften.models import CitizenPromise
from portal.search.filters import SearchFilter
from tests.factories import CommitmentFactory, build_promise, municipality

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Swedish full-text search is PostgreSQL's; SQLite searches by containment. "
        "These run on PostgreSQL (CI sets DATABASE_URL).",
    ),
]

URL = reverse("loften:search")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a commit runs: search entries are rebuilt once a write commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def titles(client, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return [p.title for p in response.context["promises"]], response


@pytest.mark.parametrize(
    "written, searched, marked",
    [
        ("Bedrägerier mot äldre ska minska.", "bedrägerierna", "Bedrägerier"),
        ("Tryggheten i centrum ska öka.", "trygghet", "Tryggheten"),
        ("Fler trygghetsvandringar i centrum.", "trygghetsvandring", "trygghetsvandringar"),
    ],
)
def test_other_forms_of_a_word_are_found(client, committed, written, searched, marked):
    with committed():
        promise = build_promise(situation=written)
    found, response = titles(client, searched)
    assert found == [promise.title]
    assert f"<mark>{marked}</mark>" in response.text


def test_a_stemmed_word_is_marked_in_a_commitment(client, committed):
    with committed():
        promise = build_promise(commitments=3)
        CommitmentFactory(promise=promise, text="motverka bedrägerier mot äldre", order=9)
    found, response = titles(client, "Bedrägerierna")
    assert found == [promise.title]
    assert "motverka <mark>bedrägerier</mark> mot äldre" in response.text


def test_title_and_commitments_rank_above_the_lagesbild(client, committed):
    with committed():
        lagesbild = build_promise(title="Löfte A", situation="Narkotika vid skolan.")
        commitment = build_promise(title="Löfte B", municipality=municipality("0483"))
        CommitmentFactory(promise=commitment, text="prata om narkotika i skolan", order=9)
        title = build_promise(title="Löfte C mot narkotika", municipality=municipality("0180"))
    found, _ = titles(client, "narkotika")
    assert found == [title.title, commitment.title, lagesbild.title]


def test_search_syntax_phrases_and_exclusion(client, committed):
    with committed():
        build_promise(title="Ett", situation="Belysningen vid stationen är svag.")
        build_promise(
            title="Två", municipality=municipality("0483"), situation="Stationen har belysning."
        )
    assert titles(client, '"belysningen vid stationen"')[0] == ["Ett"]
    assert titles(client, "stationen -belysningen")[0] == []
    assert set(titles(client, "stationen")[0]) == {"Ett", "Två"}


def test_only_stop_words_find_nothing_and_say_so(client, committed):
    with committed():
        build_promise()
    found, response = titles(client, "och i")
    assert found == []
    assert "Pröva ett annat ord" in response.text


def test_the_search_uses_the_gin_index(committed):
    """The index is usable by the query the page runs: with sequential scans discouraged, the
    plan reads it (on a tiny table the planner would rightly prefer a scan, and on the national
    data set, where a broad word is in nearly every document, it rightly does)."""
    with committed():
        build_promise()
    request = RequestFactory().get(URL, {"q": "trygghet"})
    filters = SearchFilter(request.GET, queryset=CitizenPromise.objects.published())
    sql, params = filters.qs.query.sql_with_params()
    with connection.cursor() as cursor:
        # Without nested loops the entries are read on their own, and without sequential or
        # plain index scans the way to find the matching ones is the GIN index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_nestloop = off")
        # Nor reading a tiny table through its primary key and filtering every row.
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "portal_searchentry_vector_gin" in plan, plan


#: The tables that grow with the country's documents (15,000 löften and 63,000 statuses in five
#: years of generated national data).
BIG_TABLES = (
    "portal_searchentry",
    "loften_commitment",
    "followup_followup",
    "followup_commitmentstatus",
)


@pytest.mark.parametrize("params", [{"q": "belysningen"}, {"q": "vakanser", "part": "police"}])
def test_no_query_of_the_page_has_to_scan_a_big_table(client, committed, params):
    """Every query the page runs (matching, counting, the page's rows, its excerpts) can find its
    rows of the big tables through an index: with sequential scans discouraged, no plan still
    reads a whole big table. On a tiny table the planner would rightly prefer a scan, so that is
    what is discouraged, not what is measured."""
    with committed():
        build_promise(commitments=6, followups=2)
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL, params)
    assert response.status_code == 200
    assert response.context["promises"]
    selects = [q["sql"] for q in context.captured_queries if q["sql"].startswith("SELECT")]
    assert any("ts_headline" in sql for sql in selects)  # the excerpts are among them
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in selects:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            for table in BIG_TABLES:
                assert f"Seq Scan on {table}" not in plan, (sql, plan)
