"""The progress rule (`followup.progress`): one commitment's figure from its status and, where it
is measured, its achieved number against its target; the same rule in Python and in SQL; and the
same figure and label on every page, in the admin, the APIs, the CSV files and the PDF."""

import csv
import io
import itertools
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followup.models import RECURRING_STATUSES, CommitmentStatus, FollowUp, Status
from followup.pdf import followup_pdf, gather_followup_report
from followup.progress import (
    average_of,
    average_progress,
    compute_progress,
    period_length,
    progress_percent,
    rows_for_figures,
    table_in_words,
)
from followup.selectors import promises_with_progress
from loften.models import CitizenPromise, Commitment, CommitmentGroup, RatePer
from loften.numbers import number
from portal.national import national_progress
from tests.factories import (
    CircumstanceFactory,
    CommitmentStatusFactory,
    FollowUpFactory,
    MeasureFactory,
    MeasureValueFactory,
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
        # By status, where nothing is counted: the table.
        (S.DONE, None, None, 100),
        (S.PARTLY_DONE, None, None, 50),
        (S.IN_PROGRESS, None, None, 25),
        (S.NOT_STARTED, None, None, 0),
        (S.NOT_DONE, None, None, 0),
        (S.POSTPONED, None, None, 0),
        (S.ON_TRACK, None, None, 100),
        (S.BELOW_PLAN, None, None, 50),
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
        (S.IN_PROGRESS, Decimal("12.5"), Decimal("25"), 50),  # decimals
        # The status decides: genomförd and ej påbörjad state the amount themselves.
        (S.DONE, 12, 20, 100),
        (S.DONE, None, 20, 100),  # done without numbers
        (S.NOT_STARTED, 5, 20, 0),
        # Not measured: no achieved value, or no target.
        (S.IN_PROGRESS, None, 20, 25),
        (S.PARTLY_DONE, 12, None, 50),
        # No status: not followed up.
        (None, None, None, None),
        (None, 12, 20, None),
    ],
)
def test_the_rule(status, achieved, target, expected):
    assert progress_percent(status, measured=[(achieved, target)]) == expected


def test_several_measures_average_those_with_a_target_and_a_value():
    measured = [(12, 20), (30, 20), (5, None), (None, 10)]  # 60 %, 100 %; the others left out
    assert progress_percent(S.IN_PROGRESS, measured=measured) == 80
    assert progress_percent(S.IN_PROGRESS, measured=[(1, 3), (1, 3)]) == 33


@pytest.mark.parametrize(
    ("count", "per", "start", "end", "rate", "percent"),
    [
        # 142 controls in the first half of 2021 (181 days), against at least 1 per day.
        (142, RatePer.DAY, date(2021, 1, 1), date(2021, 6, 30), "0,78", 78),
        (223, RatePer.DAY, date(2021, 1, 1), date(2021, 6, 30), "1,23", 100),
        (13, RatePer.WEEK, date(2021, 1, 1), date(2021, 1, 28), "3,25", 100),
        (18, RatePer.MONTH, date(2021, 1, 1), date(2021, 6, 30), "3", 100),
        (9, RatePer.MONTH, date(2021, 5, 1), date(2021, 7, 31), "3", 100),
        (4, RatePer.PERIOD, date(2021, 1, 1), date(2021, 12, 31), "4", 100),
        (0, RatePer.DAY, date(2021, 1, 1), date(2021, 6, 30), "0", 0),
    ],
)
def test_the_rate_over_a_period(count, per, start, end, rate, percent):
    value = Fraction(count) / period_length(start, end, per)
    assert number(value) == rate
    assert progress_percent(S.ON_TRACK, rate=value, rate_target=Decimal(1)) == percent


def test_the_rate_decides_before_the_measures_and_the_status_before_the_rate():
    rate = Fraction(1, 2)
    assert progress_percent(S.BELOW_PLAN, rate=rate, rate_target=1, measured=[(20, 20)]) == 50
    assert progress_percent(S.DONE, rate=rate, rate_target=1) == 100
    assert progress_percent(S.NOT_STARTED, rate=rate, rate_target=1) == 0


def test_the_rule_in_words_is_written_from_the_constants():
    assert table_in_words() == (
        "genomförd 100 %, ej påbörjad 0 %; för ett återkommande löfte takten mot målet, högst "
        "100 %; med mått som har mål uppnått värde av målet, högst 100 % per mått och "
        "medelvärdet av dem; annars löper enligt plan 100 %, delvis genomförd 50 %, under plan "
        "50 %, pågår 25 %, övriga 0 %"
    )


TARGETS = [None, 1, 3, 20]
ACHIEVED = [None, 0, 1, 2, 3, 7, 20, 25]


def test_the_stored_figure_is_the_rule_on_every_combination():
    """Every status × target × achieved value, written row by row: each row's stored figure
    (`CommitmentStatus.progress`) is what the rule says, and SQL averages of the column equal
    the Python average of the rule."""
    promise = build_promise(commitments=0, followups=0)
    group = CommitmentGroup.objects.create(promise=promise, lead_in="Polisen lovar att", order=0)
    combinations = list(itertools.product(TARGETS, ACHIEVED))
    commitments = []
    for index, (target, _achieved) in enumerate(combinations):
        commitment = Commitment.objects.create(
            promise=promise, group=group, text=f"löfte {index}", order=index
        )
        measure = MeasureFactory(commitment=commitment, target=target)
        commitments.append((commitment, measure))
    vocabulary = [s for s in Status if s not in RECURRING_STATUSES]
    for half_year, status in enumerate(vocabulary):
        followup = FollowUpFactory(
            promise=promise, year=2021 + half_year // 2, number=1 + half_year % 2
        )
        for (commitment, measure), (_target, achieved) in zip(
            commitments, combinations, strict=True
        ):
            row = CommitmentStatusFactory(
                followup=followup, commitment=commitment, status=status, reason="Skäl."
            )
            if achieved is not None:
                MeasureValueFactory(status=row, measure=measure, value=achieved)
    rows = list(rows_for_figures(CommitmentStatus.objects.all()))
    assert len(rows) == len(vocabulary) * len(combinations)
    disagreements = [
        (row.status, row.commitment.text, row.progress, compute_progress(row))
        for row in rows
        if row.progress != compute_progress(row)
    ]
    assert disagreements == []

    for followup in FollowUp.objects.with_progress():
        python = average_of(compute_progress(row) for row in rows if row.followup_id == followup.pk)
        assert round(followup.progress) == python
        assert average_progress(CommitmentStatus.objects.filter(followup=followup)) == python
        assert average_progress(FollowUp.objects.filter(pk=followup.pk), "statuses__") == python


def test_the_stored_figure_follows_every_write():
    """Changing a status, adding, changing and removing a value: the figure follows at once."""
    build_promise(commitments=1, followups=1)
    row = CommitmentStatus.objects.get()
    row.status = S.IN_PROGRESS
    row.save()
    row.refresh_from_db()
    assert row.progress == 25  # 5 of 20
    value = row.measure_values.get()
    value.value = 15
    value.save()
    row.refresh_from_db()
    assert row.progress == 75  # 15 of 20
    value.delete()
    row.refresh_from_db()
    assert row.progress == 25  # pågår, without a value
    row.status = S.DONE
    row.save()
    row.refresh_from_db()
    assert row.progress == 100


def test_database_figure_equals_python_figure_per_document():
    """Each document gets its own latest follow-up's figure (not a neighbour's)."""
    first = build_promise(commitments=6, followups=1)
    second = build_promise(commitments=2, followups=3, title="Andra löftet")
    annotated = {p.pk: p for p in promises_with_progress(CitizenPromise.objects.all())}
    for promise in (first, second):
        latest = promise.followups.order_by("-year", "-number").first()
        expected = average_of(compute_progress(s) for s in rows_for_figures(latest.statuses.all()))
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
        number=1,
        state=FollowUp.State.PUBLISHED,
        published_at=timezone.now(),
    )
    row = CommitmentStatusFactory(followup=followup, commitment=measured, status=S.IN_PROGRESS)
    MeasureValueFactory(status=row, measure=measured.measures.get(), value=12)
    CommitmentStatusFactory(
        followup=followup, commitment=by_status, status=S.PARTLY_DONE, reason="Halva klar."
    )
    figures = national_progress()
    assert [(b["label"], b["percent"]) for b in figures["by_county"]["bars"]] == [
        ("Södermanlands län", 55)  # (12/20 = 60 % + delvis genomförd 50 %) / 2
    ]


@pytest.fixture
def seeded(db):
    """One published follow-up (first half of 2021, 181 days) of a document with two löften:
    one with two measures, ca 12 of 20 trafikkontroller (60 %) and 31 förare without a target;
    one recurring, at least 1 trafikkontroll per day, 142 in the period (0,78 per day, 78 %).
    69 % on average."""
    promise = build_promise(commitments=2, followups=0)
    measured, recurring = promise.commitments.order_by("order")
    controls = measured.measures.get()
    controls.name = "trafikkontroller"
    controls.save()
    drivers = MeasureFactory(commitment=measured, name="förare", target=None, order=1)
    Commitment.objects.filter(pk=recurring.pk).update(
        rate_target=1, rate_per=RatePer.DAY, rate_counted="trafikkontroller"
    )
    followup = FollowUpFactory(
        promise=promise,
        year=2021,
        number=1,
        state=FollowUp.State.PUBLISHED,
        published_at=promise.published_at,
    )
    row = CommitmentStatusFactory(followup=followup, commitment=measured, status=S.IN_PROGRESS)
    MeasureValueFactory(status=row, measure=controls, value=12, approximate=True)
    MeasureValueFactory(status=row, measure=drivers, value=31)
    CommitmentStatusFactory(
        followup=followup,
        commitment=recurring,
        status=S.BELOW_PLAN,
        reason="Färre patruller under vintern.",
        count=142,
    )
    return promise, followup, measured


MEASURES = "trafikkontroller: ca 12 av 20; förare: 31"
RATE = "0,78 per dygn (mål: minst 1 per dygn)"
COUNT_AND_RATE = f"142 trafikkontroller, {RATE}"


def test_the_same_figures_on_the_pages(client, seeded):
    promise, followup, measured = seeded
    slug = promise.municipality.slug
    document = client.get(promise.get_absolute_url())
    assert document.status_code == 200
    assert "Genomfört: 60 %" in document.text
    assert "Genomfört: 78 %" in document.text
    assert "69 % genomfört" in document.text
    assert "Mål: minst 1 trafikkontroller per dygn" in document.text
    report = client.get(followup.get_absolute_url()).text
    for text in ("Genomfört: 60 %", "<li>trafikkontroller: ca 12 av 20</li>", COUNT_AND_RATE):
        assert text in report
    commitment_page = client.get(reverse("loften:commitment", args=[slug, promise.pk, measured.pk]))
    assert '<td class="commitment-progress">60 %' in commitment_page.text
    assert "<li>förare: 31</li>" in commitment_page.text


def test_the_same_figures_in_the_admin(client, seeded):
    promise, followup, measured = seeded
    client.force_login(UserFactory(is_superuser=True))
    change = client.get(reverse("admin:followup_followup_change", args=[followup.pk]))
    assert change.status_code == 200
    assert MEASURES in change.text and COUNT_AND_RATE in change.text
    statuses = client.get(reverse("admin:followup_commitmentstatus_changelist"))
    assert '<td class="field-progress_display">60 %</td>' in statuses.text
    assert f'<td class="field-figures_display">{MEASURES}</td>' in statuses.text
    form = client.get(reverse("admin:followup_followup_form", args=[followup.pk]))
    controls = measured.measures.get(name="trafikkontroller")
    assert form.context["formset"].forms[0].initial[f"measure_{controls.pk}"] == 12
    assert form.context["formset"].forms[0].initial[f"measure_{controls.pk}_approximate"]
    assert form.context["formset"].forms[1].initial["count"] == 142
    for name in ("admin:loften_citizenpromise_changelist", "admin:followup_followup_changelist"):
        assert '<td class="field-progress_display">69 %</td>' in client.get(reverse(name)).text


def test_the_same_figures_in_the_apis_and_the_csv_files(client, seeded):
    promise, followup, measured = seeded
    document = client.get(
        reverse("loften:api_promise", args=[promise.municipality.slug, promise.pk])
    ).json()
    assert document["progress"] == 69
    first, second = document["commitments"]
    assert (first["latest_progress"], first["latest_progress_label"]) == (60, "60 %")
    assert first["measures"][0] == {
        "name": "trafikkontroller",
        "unit": "",
        "target": 20,
        "value": 12,
        "approximate": True,
        "text": "ca 12 av 20",
    }
    assert second["rate"]["rate"] == 0.78 and second["rate"]["text"] == RATE
    assert second["rate"]["count"] == 142 and second["latest_progress"] == 78

    commitment = client.get(reverse("opendata:commitment-detail", args=[measured.pk])).json()
    assert (commitment["latest_progress"], commitment["latest_progress_label"]) == (60, "60 %")
    assert commitment["measures"] == first["measures"]
    row = client.get(reverse("opendata:followup-detail", args=[followup.pk])).json()
    assert row["progress"] == 69
    assert row["statuses"][0]["measures"] == first["measures"]
    assert row["statuses"][1]["rate"] == second["rate"]
    statuses = client.get(reverse("opendata:status-list")).json()["results"]
    assert [(s["progress"], s["progress_label"]) for s in statuses] == [
        (60, "60 %"),
        (78, "78 %"),
    ]

    def csv_rows(key):
        text = client.get(reverse("opendata:csv", args=[key])).content.decode("utf-8")
        return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))

    first, second = csv_rows("loften")
    assert (first["senaste_procent"], first["senaste_procent_text"]) == ("60", "60 %")
    assert first["matt"] == MEASURES
    assert (second["senaste_antal"], second["senaste_takt"]) == ("142", RATE)
    first, second = csv_rows("statusar")
    assert (first["procent"], first["procent_text"], first["matt"]) == ("60", "60 %", MEASURES)
    assert (second["antal"], second["takt"]) == ("142", RATE)
    assert csv_rows("uppfoljningar")[0]["genomfort_procent"] == "69"


@pytest.mark.usefixtures("pdf_storage")
def test_the_same_figures_in_the_pdf(seeded):
    _promise, followup, _measured = seeded
    # The narrow column hyphenates long words ("trafikkon‐ troller"); a reader joins them.
    text = " ".join(pdf_text(followup_pdf(followup).read()).replace("\u2010 ", "").split())
    for figure in ("60 %", "trafikkontroller: ca 12 av 20", "förare: 31", COUNT_AND_RATE):
        assert figure in text
    assert "69 % genomfört" in text
    assert " ".join(table_in_words().split()) in text


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
        number=1,
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
