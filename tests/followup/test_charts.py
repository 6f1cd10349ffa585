"""Charts are well-formed SVG with a title, and each comes with a table saying the same."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from followup.charts import STATUS_COLOURS, STATUS_SHAPES, percent_bars, stacked_status_bars
from followup.models import Status
from followup.selectors import commitment_status_tracks
from loften.models import PartyRole
from tests.assertions import count_queries
from tests.factories import CommitmentStatusFactory, build_promise, in_force_today

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def svgs(html):
    return [ET.fromstring(match) for match in re.findall(r"<svg viewBox.*?</svg>", html, re.S)]


def relative_luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_status_colours_contrast_with_white_and_shapes_differ():
    for colour in STATUS_COLOURS.values():
        ratio = 1.05 / (relative_luminance(colour) + 0.05)
        assert ratio >= 4.5, colour  # white numbers sit on the segments
    assert len(set(STATUS_SHAPES.values())) == len(Status)


def test_stack_is_exactly_as_tall_as_its_total():
    chart = stacked_status_bars(
        [("2025 h1", {Status.DONE: 1, Status.IN_PROGRESS: 1, Status.NOT_DONE: 1})]
    )
    bar = chart["bars"][0]
    assert sum(segment.height for segment in bar.segments) == chart["baseline"] - 10
    assert bar.counts == [1, 0, 1, 0, 0, 1]


def test_promise_page_chart_is_svg_with_title_and_table(client):
    promise = build_promise(commitments=6, followups=3)
    html = client.get(promise.get_absolute_url()).text
    [chart] = svgs(html)
    assert chart.get("role") == "img"
    assert chart.find(f"{SVG}title").text == "Löftenas status vid varje publicerad uppföljning"
    labels = [t.text for t in chart.iter(f"{SVG}text")]
    assert {"2021 h1", "2021 h2", "2022 h1"} <= set(labels)
    assert len(chart.findall(f".//{SVG}rect")) == 3 * 6  # six statuses in each of three bars
    table = html[html.index("Visa diagrammet som tabell") :]
    assert '<th scope="row">2021 h1</th><td>1</td><td>1</td><td>1</td><td>1</td>' in table


def test_commitment_page_track_has_a_marker_per_follow_up(client):
    promise = build_promise(commitments=3, followups=4)
    commitment = promise.commitments.order_by("order").first()
    html = client.get(commitment.get_absolute_url()).text
    [track] = svgs(html)
    assert track.find(f"{SVG}title").text == "Löftets status över tid"
    marker_titles = [t.text for t in track.iter(f"{SVG}title")][1:]
    assert marker_titles == [
        "2021 h1: genomförd",
        "2021 h2: pågår",
        "2022 h1: delvis genomförd",
        "2022 h2: framflyttad",
    ]


def report_in_parts(commitment, followup):
    """The joint löfte's status in `followup` as two parts: the police's done, the kommun's
    not (for want of money)."""
    followup.statuses.filter(commitment=commitment).delete()
    for kind, status, reason in (
        ("police_area", Status.DONE, ""),
        ("municipality", Status.NOT_DONE, "Pengarna räckte inte."),
    ):
        CommitmentStatusFactory(
            followup=followup,
            commitment=commitment,
            party=commitment.parties.get(kind=kind),
            status=status,
            reason=reason,
        )


def test_a_loefte_reported_in_parts_has_a_track_per_part(client):
    """Together in 2021 h1, in parts in 2021 h2: each part's track has the whole löfte's status
    where the parties reported together and its own where they reported apart, as the table
    beside it."""
    promise = build_promise(commitments=3, followups=2)
    joint = promise.commitments.with_role(PartyRole.JOINT).get()
    url = joint.get_absolute_url()
    client.get(url)  # warm up per-process caches
    together = count_queries(client, url)
    report_in_parts(joint, promise.followups.get(year=2021, number=2))

    statuses = list(
        joint.statuses.published().select_related("followup", "party").order_by("followup__year")
    )
    tracks = commitment_status_tracks(promise, joint, statuses)
    # 2021 h1 at 25 %: its measure's value (5 of 20), as the table says.
    assert [
        (
            track["label"],
            [(m["label"], m["status"], m["percent"]) for m in track["chart"]["markers"]],
        )
        for track in tracks
    ] == [
        ("Kommunens del", [("2021 h1", Status.PARTLY_DONE, 25), ("2021 h2", Status.NOT_DONE, 0)]),
        ("Polisens del", [("2021 h1", Status.PARTLY_DONE, 25), ("2021 h2", Status.DONE, 100)]),
    ]

    html = client.get(url).text
    kommun, police = svgs(html)
    assert kommun.find(f"{SVG}title").text == "Löftets status över tid: Kommunens del"
    assert [t.text for t in kommun.iter(f"{SVG}title")][1:] == [
        "2021 h1: delvis genomförd",
        "2021 h2: ej genomförd",
    ]
    assert [t.text for t in police.iter(f"{SVG}title")][1:] == [
        "2021 h1: delvis genomförd",
        "2021 h2: genomförd",
    ]
    table = html[html.index("<table") :]
    assert table.index("Kommunens del") < table.index("Pengarna räckte inte.")
    assert table.index("Polisens del") > table.index("Pengarna räckte inte.")
    assert count_queries(client, url) == together


def test_parts_that_say_the_same_have_one_track(client):
    promise = build_promise(commitments=3, followups=2)
    joint = promise.commitments.with_role(PartyRole.JOINT).get()
    followup = promise.followups.get(year=2021, number=2)
    followup.statuses.filter(commitment=joint).delete()
    for party in joint.parties.all():
        CommitmentStatusFactory(
            followup=followup, commitment=joint, party=party, status=Status.DONE
        )
    [track] = svgs(client.get(joint.get_absolute_url()).text)
    assert track.find(f"{SVG}title").text == "Löftets status över tid"
    assert [t.text for t in track.iter(f"{SVG}title")][1:] == [
        "2021 h1: delvis genomförd",
        "2021 h2: genomförd",
    ]


def test_statistics_page_charts_per_focus_area_and_county(client):
    build_promise(commitments=6, followups=1, **in_force_today())
    html = client.get(reverse("loften:statistics")).text
    by_area, by_county = svgs(html)
    assert [t.text for t in by_area.iter(f"{SVG}text")] == ["Trafik", "29 %"]
    assert [t.text for t in by_county.iter(f"{SVG}text")] == ["Södermanlands län", "29 %"]
    assert '<th scope="row">Trafik</th><td>29 %</td><td>6</td>' in html


def test_percent_bars_escape_labels_and_show_a_dash_without_a_figure():
    """The bars and table rows are joined in Python (followup_tags): a name is text, never
    markup, and a category with no follow-up yet says so with a dash."""
    chart = percent_bars([('Öster & <b>"Väster"</b>', None, 3), ("Trafik", 40, 1200)])
    html = render_to_string(
        "followup/charts/_percent_bars.html",
        {"chart": chart, "chart_id": "c", "title": "T", "category_label": "L"},
    )
    [svg] = svgs(html)
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ['Öster & <b>"Väster"</b>', "–", "Trafik", "40 %"]
    assert [r.get("width") for r in svg.iter(f"{SVG}rect")] == ["0", str(round(350 * 40 / 100))]
    assert "<b>" not in html
    assert (
        '<th scope="row">Öster &amp; &lt;b&gt;&quot;Väster&quot;&lt;/b&gt;</th><td>–</td><td>3</td>'
        in html
    )
    assert '<th scope="row">Trafik</th><td>40 %</td><td>1200</td>' in html


def test_every_status_has_a_badge_style_with_its_own_background():
    """A status without a rule in site.css would show as white text on white: the badge says
    the status in words only if it can be read."""
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    for status in Status:
        rule = re.search(rf"\.status-{status.value} \{{([^}}]*)\}}", css)
        assert rule and "background" in rule.group(1), status
