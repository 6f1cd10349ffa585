"""The progress rule (`followup.progress`): one commitment's figure from its status and, where it
is measured, its achieved number against its target; the same rule in Python and in SQL; and the
same figure and label on every page, in the admin, the APIs, the CSV files and the PDF."""

import csv
import io
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followup.models import CommitmentStatus, FollowUp, Status
from followup.pdf import followup_pdf, gather_followup_report
from followup.progress import (
    average_of,
    average_progress,
    commitment_progress_label,
    progress_expression,
    progress_percent,
    row_progress,
    table_in_words,
)
from followup.selectors import national_progress, promises_with_progress
from loften.models import CitizenPromise, Commitment, CommitmentGroup
from tests.factories import (
    CircumstanceFactory,
    CommitmentStatusFactory,
    FollowUpFactory,
    OtherWorkFactory,
    UserFactory,
    build_promise,
    in_force_today,
)
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db

S = Status


@pytest.mark.parametrize(
    ("status", "achieved", "target", "expected"),
    [
        # By status, where nothing is measured: the table.
        (S.DONE, None, None, 100),
        (S.PARTLY_DONE, None, None, 50),
        (S.IN_PROGRESS, None, None, 25),
        (S.NOT_STARTED, None, None, 0),
        (S.NOT_DONE, None, None, 0),
        (S.POSTPONED, None, None, 0),
        # Measured: achieved / target, rounded down, capped at 100 %.
        (S.IN_PROGRESS, 12, 20, 60),
        (S.PARTLY_DONE, 1, 3, 33),
        (S.PARTLY_DONE, 2, 3, 66),
        (S.IN_PROGRESS, 199, 200, 99),  # 100 % only when the target is reached
        (S.IN_PROGRESS, 20, 20, 100),
        (S.IN_PROGRESS, 35, 20, 100),  # achieved > target: capped
        (S.NOT_DONE, 12, 20, 60),  # not kept, but 12 of 20 were done
        (S.POSTPONED, 5, 20, 25),
        (S.IN_PROGRESS, 0, 20, 0),
        # The status decides: genomförd and ej påbörjad state the amount themselves.
        (S.DONE, 12, 20, 100),
        (S.DONE, None, 20, 100),  # done without numbers
        (S.NOT_STARTED, 5, 20, 0),
        # Not measured: no achieved number, no target, or a target of 0.
        (S.IN_PROGRESS, None, 20, 25),
        (S.PARTLY_DONE, 12, None, 50),
        (S.PARTLY_DONE, 12, 0, 50),
        (S.POSTPONED, 0, 0, 0),
        # No status: not followed up.
        (None, None, None, None),
        (None, 12, 20, None),
    ],
)
def test_the_rule(status, achieved, target, expected):
    assert progress_percent(status, achieved, target) == expected


@pytest.mark.parametrize(
    ("status", "achieved", "target", "label"),
    [
        (S.IN_PROGRESS, 12, 20, "12 av 20 trafikkontroller (60 %)"),
        (S.DONE, 12, 20, "12 av 20 trafikkontroller (100 %)"),
        (S.IN_PROGRESS, 35, 20, "35 av 20 trafikkontroller (100 %)"),
        (S.IN_PROGRESS, None, 20, "25 %"),
        (S.PARTLY_DONE, 12, 0, "50 %"),
        (S.DONE, None, None, "100 %"),
        (None, None, 20, "–"),
    ],
)
def test_the_label(status, achieved, target, label):
    assert commitment_progress_label(status, achieved, target, "trafikkontroller") == label


def test_the_rule_in_words_is_written_from_the_constants():
    assert table_in_words() == (
        "genomförd 100 %, ej påbörjad 0 %; med ett mätbart mål uppnått antal av målet, högst "
        "100 %; annars delvis genomförd 50 %, pågår 25 %, övriga 0 %"
    )


TARGETS = [None, 0, 1, 3, 20]
ACHIEVED = [None, 0, 1, 2, 3, 7, 20, 25]


def test_python_and_sql_agree_on_every_combination():
    """Every status × target × achieved number: the SQL expression gives each row the Python
    figure, and each follow-up's average is the same both ways."""
    promise = build_promise(commitments=0, followups=0)
    group = CommitmentGroup.objects.create(promise=promise, lead_in="Polisen lovar att", order=0)
    commitments = Commitment.objects.bulk_create(
        Commitment(
            promise=promise,
            group=group,
            text=f"löfte {index}",
            order=index,
            target_number=target,
            target_unit="" if target is None else "kontroller",
        )
        for index, (target, _achieved) in enumerate(itertools.product(TARGETS, ACHIEVED))
    )
    for half_year, status in enumerate(Status):
        followup = FollowUpFactory(
            promise=promise, year=2021 + half_year // 2, half=1 + half_year % 2
        )
        CommitmentStatus.objects.bulk_create(
            CommitmentStatus(
                followup=followup,
                commitment=commitment,
                status=status,
                reason="Skäl.",
                achieved_number=achieved,
            )
            for commitment, (_target, achieved) in zip(
                commitments, itertools.product(TARGETS, ACHIEVED), strict=True
            )
        )
    rows = CommitmentStatus.objects.select_related("commitment").annotate(sql=progress_expression())
    assert len(rows) == len(Status) * len(TARGETS) * len(ACHIEVED)
    disagreements = [
        (row.status, row.achieved_number, row.commitment.target_number, row.sql, row_progress(row))
        for row in rows
        if row.sql != row_progress(row)
    ]
    assert disagreements == []

    for followup in FollowUp.objects.with_progress():
        python = average_of(row_progress(row) for row in rows if row.followup_id == followup.pk)
        assert round(followup.progress) == python
        assert average_progress(CommitmentStatus.objects.filter(followup=followup)) == python
        assert average_progress(FollowUp.objects.filter(pk=followup.pk), "statuses__") == python


def test_database_figure_equals_python_figure_per_document():
    """Each document gets its own latest follow-up's figure (not a neighbour's)."""
    first = build_promise(commitments=6, followups=1)
    second = build_promise(commitments=2, followups=3, title="Andra löftet")
    annotated = {p.pk: p for p in promises_with_progress(CitizenPromise.objects.all())}
    for promise in (first, second):
        latest = promise.followups.order_by("-year", "-half").first()
        expected = average_of(row_progress(s) for s in latest.statuses.select_related("commitment"))
        assert round(annotated[promise.pk].progress) == expected
        assert annotated[promise.pk].latest_followup_pk == latest.pk
        assert average_progress(CommitmentStatus.objects.filter(followup=latest)) == expected
        assert gather_followup_report(latest).progress == expected
    assert round(annotated[first.pk].progress) != round(annotated[second.pk].progress)


def test_national_progress_averages_the_commitments_figures():
    promise = build_promise(commitments=2, followups=0, **in_force_today())
    measured, by_status = promise.commitments.order_by("order")
    followup = FollowUpFactory(
        promise=promise,
        year=promise.valid_from.year,
        half=1,
        state=FollowUp.State.PUBLISHED,
        published_at=timezone.now(),
    )
    CommitmentStatusFactory(
        followup=followup, commitment=measured, status=S.IN_PROGRESS, achieved_number=12
    )
    CommitmentStatusFactory(
        followup=followup, commitment=by_status, status=S.PARTLY_DONE, reason="Halva klar."
    )
    figures = national_progress()
    assert [(b["label"], b["percent"]) for b in figures["by_county"]["bars"]] == [
        ("Södermanlands län", 55)  # (12/20 = 60 % + delvis genomförd 50 %) / 2
    ]


@pytest.fixture
def seeded(db):
    """One published follow-up of a document with two löften: 12 of 20 trafikkontroller while
    the work goes on (60 %), and one partly done without a target (50 %); 55 % on average."""
    promise = build_promise(commitments=2, followups=0)
    measured, by_status = promise.commitments.order_by("order")
    Commitment.objects.filter(pk=measured.pk).update(target_unit="trafikkontroller")
    followup = FollowUpFactory(
        promise=promise,
        year=2021,
        half=1,
        state=FollowUp.State.PUBLISHED,
        published_at=promise.published_at,
    )
    CommitmentStatusFactory(
        followup=followup, commitment=measured, status=S.IN_PROGRESS, achieved_number=12
    )
    CommitmentStatusFactory(
        followup=followup, commitment=by_status, status=S.PARTLY_DONE, reason="Halva klar."
    )
    return promise, followup, measured


LABEL = "12 av 20 trafikkontroller (60 %)"


def test_the_same_figure_and_label_on_the_pages(client, seeded):
    promise, followup, measured = seeded
    slug = promise.municipality.slug
    document = client.get(promise.get_absolute_url())
    assert document.status_code == 200
    assert f"Genomfört: {LABEL}" in document.text
    assert "55 % genomfört" in document.text
    assert f"Genomfört: {LABEL}" in client.get(followup.get_absolute_url()).text
    commitment_page = client.get(reverse("loften:commitment", args=[slug, promise.pk, measured.pk]))
    assert f'<td class="commitment-progress">{LABEL}</td>' in commitment_page.text


def test_the_same_figure_and_label_in_the_admin(client, seeded):
    promise, followup, _measured = seeded
    client.force_login(UserFactory(is_superuser=True))
    change = client.get(reverse("admin:followup_followup_change", args=[followup.pk]))
    assert change.status_code == 200
    assert LABEL in change.text
    statuses = client.get(reverse("admin:followup_commitmentstatus_changelist"))
    assert f'<td class="field-progress_display">{LABEL}</td>' in statuses.text
    for name in ("admin:loften_citizenpromise_changelist", "admin:followup_followup_changelist"):
        assert '<td class="field-progress_display">55 %</td>' in client.get(reverse(name)).text


def test_the_same_figure_and_label_in_the_apis_and_the_csv_files(client, seeded):
    promise, followup, measured = seeded
    document = client.get(
        reverse("loften:api_promise", args=[promise.municipality.slug, promise.pk])
    ).json()
    assert document["progress"] == 55
    assert document["commitments"][0]["latest_progress"] == 60
    assert document["commitments"][0]["latest_progress_label"] == LABEL

    commitment = client.get(reverse("opendata:commitment-detail", args=[measured.pk])).json()
    assert (commitment["latest_progress"], commitment["latest_progress_label"]) == (60, LABEL)
    row = client.get(reverse("opendata:followup-detail", args=[followup.pk])).json()
    assert row["progress"] == 55
    assert (row["statuses"][0]["progress"], row["statuses"][0]["progress_label"]) == (60, LABEL)
    statuses = client.get(reverse("opendata:status-list")).json()["results"]
    assert [(s["progress"], s["progress_label"]) for s in statuses] == [
        (60, LABEL),
        (50, "50 %"),
    ]

    def csv_rows(key):
        text = client.get(reverse("opendata:csv", args=[key])).content.decode("utf-8")
        return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))

    first = csv_rows("loften")[0]
    assert (first["senaste_procent"], first["senaste_procent_text"]) == ("60", LABEL)
    first = csv_rows("statusar")[0]
    assert (first["procent"], first["procent_text"]) == ("60", LABEL)
    assert csv_rows("uppfoljningar")[0]["genomfort_procent"] == "55"


@pytest.mark.usefixtures("pdf_storage")
def test_the_same_figure_and_label_in_the_pdf(seeded):
    _promise, followup, _measured = seeded
    # The narrow column hyphenates long words ("trafikkon‐ troller"); a reader joins them.
    text = pdf_text(followup_pdf(followup).read()).replace("\u2010 ", "")
    assert LABEL in text
    assert "55 % genomfört" in text
    assert table_in_words() in text


@pytest.fixture
def seeded_parts(db):
    """A published follow-up whose joint löfte the police reported alone, giving a shared
    circumstance as the reason; the kommun lists other work."""
    promise = build_promise(commitments=3, followups=0)
    joint = promise.commitments.order_by("order")[2]
    police = promise.parties.get(kind="police_area")
    kommun = promise.parties.get(kind="municipality")
    followup = FollowUpFactory(
        promise=promise,
        year=2021,
        half=1,
        state=FollowUp.State.PUBLISHED,
        published_at=promise.published_at,
    )
    circumstance = CircumstanceFactory(followup=followup, title="Skogsbränderna")
    for commitment in promise.commitments.order_by("order")[:2]:
        CommitmentStatusFactory(followup=followup, commitment=commitment, status=S.DONE)
    CommitmentStatusFactory(
        followup=followup,
        commitment=joint,
        party=police,
        status=S.POSTPONED,
        circumstance=circumstance,
    )
    OtherWorkFactory(followup=followup, party=kommun, title="Sommarvärdar i centrum")
    return promise, followup


PARTS = ("Polisens del", "Kommunen har inte rapporterat ännu", "Skogsbränderna")


@pytest.mark.usefixtures("pdf_storage")
def test_parts_circumstances_and_other_work_are_the_same_everywhere(client, seeded_parts):
    promise, followup = seeded_parts
    page = client.get(followup.get_absolute_url()).text
    assert all(text in page for text in (*PARTS, "Sommarvärdar i centrum"))

    client.force_login(UserFactory(is_superuser=True))
    change = client.get(reverse("admin:followup_followup_change", args=[followup.pk])).text
    assert "Skogsbränderna" in change and "Sommarvärdar i centrum" in change
    assert promise.police_area.name in change  # the reporting party of the joint löfte

    row = client.get(reverse("opendata:followup-detail", args=[followup.pk])).json()
    joint = row["statuses"][-1]
    assert (joint["party"]["kind"], joint["circumstance"]["title"]) == (
        "police_area",
        "Skogsbränderna",
    )
    assert [c["title"] for c in row["circumstances"]] == ["Skogsbränderna"]
    assert [(w["party"]["kind"], w["title"]) for w in row["other_work"]] == [
        ("municipality", "Sommarvärdar i centrum")
    ]

    def csv_rows(key):
        text = client.get(reverse("opendata:csv", args=[key])).content.decode("utf-8")
        return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))

    last = csv_rows("statusar")[-1]
    assert (last["rapporterande_part"], last["omstandighet"]) == (
        promise.police_area.name,
        "Skogsbränderna",
    )
    summary = csv_rows("uppfoljningar")[0]
    assert (summary["antal_loften"], summary["antal_omstandigheter"]) == ("3", "1")
    assert summary["antal_ovrigt_arbete"] == "1"

    text = pdf_text(followup_pdf(followup).read())
    assert all(part in text for part in (*PARTS, "Sommarvärdar i centrum"))


def test_admin_list_sorts_by_progress(client):
    build_promise(commitments=6, followups=1, title="Sex löften")
    build_promise(commitments=2, followups=3, title="Två löften")
    client.force_login(UserFactory(is_superuser=True))
    url = reverse("admin:loften_citizenpromise_changelist")
    ascending = client.get(url, {"o": "7"}).context["cl"].result_list  # column "genomfört"
    figures = [round(p.progress) for p in ascending]
    assert figures == sorted(figures) and figures[0] != figures[1]
    descending = client.get(url, {"o": "-7"}).context["cl"].result_list
    assert [p.pk for p in descending] == [p.pk for p in reversed(ascending)]


def test_admin_lists_query_counts_do_not_grow_with_the_documents(client):
    client.force_login(UserFactory(is_superuser=True))
    counts = []
    for size in (1, 6):
        while CitizenPromise.objects.count() < size:
            build_promise(
                commitments=3, followups=2, title=f"Löfte {CitizenPromise.objects.count()}"
            )
        queries = []
        for name in (
            "admin:loften_citizenpromise_changelist",
            "admin:followup_followup_changelist",
            "admin:followup_commitmentstatus_changelist",
        ):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse(name)).status_code == 200
            queries.append(len(captured))
        counts.append(queries)
    assert counts[0] == counts[1]
