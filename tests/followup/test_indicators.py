"""Effect indicators: the chart and its table say the same, when a value becomes public, a public
value is corrected with a reason and never removed, who may add values, and the pages' queries."""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from followup.indicators import (
    indicator_charts,
    indicator_value_delete,
    indicator_value_save,
    scale_top,
)
from followup.models import FollowUp, IndicatorValue
from followup.pdf import followup_pdf
from loften import approval, lifecycle, services
from loften.models import CitizenPromise, EffectIndicator, format_figure
from loften.pdf import promise_pdf
from tests.assertions import count_queries
from tests.factories import (
    EffectIndicatorFactory,
    FollowUpFactory,
    IndicatorValueFactory,
    UserFactory,
    add_indicator,
    build_promise,
    party_editors,
)
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def indicator_svg(html):
    [svg] = re.findall(
        r'<svg viewBox="[^"]*" class="chart-svg" role="img" aria-labelledby="indicator.*?</svg>',
        html,
        re.S,
    )
    return ET.fromstring(svg)


def table_values(html):
    table = html[html.index('class="table table-sm indicator-table"') :]
    table = table[: table.index("</table>")]
    return re.findall(r'<td class="number">([^<]*)</td>', table)


def relative_luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


# --- The chart and its table ---------------------------------------------------------------------


def test_chart_and_table_show_the_same_figures_with_baseline_target_and_direction(client):
    promise = build_promise()
    add_indicator(promise)
    html = client.get(promise.get_absolute_url()).text
    svg = indicator_svg(html)
    shown = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "indicator-value"]
    assert shown == ["60 %", "55 %", "48 %", "41 %"]
    # The table: the baseline and the values in the same order, then the target.
    assert table_values(html) == [*shown, "40 %"]
    assert "Önskad riktning" in html and "Minska" in html
    assert "Utgångsvärde" in html
    assert svg.find(f"{SVG}title").text == "Andel invånare som känner sig otrygga vid stationen"
    assert "Mål 40 %" in [t.text for t in svg.iter(f"{SVG}text")]
    # The baseline is a square, each value a circle; the target a dashed line.
    assert len(svg.findall(f".//{SVG}rect")) == 1
    assert len(svg.findall(f".//{SVG}circle")) == 3
    [target] = [line for line in svg.iter(f"{SVG}line") if line.get("stroke-dasharray")]


def test_geometry_follows_the_figures():
    promise = build_promise()
    indicator = add_indicator(promise)
    [chart] = indicator_charts(promise)
    ys = [point.y for point in chart.points]
    assert ys == sorted(ys)  # falling figures sink on screen: 60, 55, 48, 41
    xs = [point.x for point in chart.points]
    assert xs == sorted(xs) and len(set(xs)) == 4
    top, bottom = chart.ticks[-1].y, chart.ticks[0].y
    assert [tick.label for tick in chart.ticks] == ["0 %", "30 %", "60 %"]
    assert chart.points[0].y == top  # 60 % is the top of the scale
    # The target (40 %) lies two thirds of the way up from 0 to 60.
    assert chart.target_y == round(bottom - (bottom - top) * 40 / 60)
    assert chart.points[-1].y < chart.target_y  # 41 % is just above the target line
    assert chart.path.startswith(f"M{xs[0]},{ys[0]} L")
    assert indicator.values.count() == 3


@pytest.mark.parametrize(
    ("largest", "top"),
    [(Decimal(60), 60), (Decimal(61), 80), (Decimal("0.7"), 1), (Decimal(1234), 1500), (0, 1)],
)
def test_scale_tops_are_nice_numbers(largest, top):
    assert scale_top(largest) == top


def test_figures_are_written_the_swedish_way():
    assert format_figure(Decimal("40.00"), "%") == "40 %"
    assert format_figure(Decimal("12.50"), "anmälda brott") == "12,5 anmälda brott"
    assert format_figure(None) == ""


def test_chart_colours_contrast_at_least_3_to_1_with_white():
    html = (settings.BASE_DIR / "templates" / "print" / "_indicator_svg.html").read_text()
    colours = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6})"', html)) - {"#ced4da"}
    assert colours  # the grid lines (#ced4da) only decorate; every mark carries its figure
    for colour in colours:
        assert 1.05 / (relative_luminance(colour) + 0.05) >= 3, colour


# --- When a value is public ----------------------------------------------------------------------


def test_a_value_reported_in_a_follow_up_is_public_with_it(client):
    promise = build_promise(followups=1)
    indicator = add_indicator(promise, values=((2021, 55),))
    draft = FollowUpFactory(promise=promise, year=2022, number=1)
    IndicatorValueFactory(indicator=indicator, year=2022, value=47, followup=draft)
    assert table_values(client.get(promise.get_absolute_url()).text) == ["60 %", "55 %", "40 %"]
    draft.state, draft.published_at = FollowUp.State.PUBLISHED, timezone.now()
    draft.save()
    html = client.get(promise.get_absolute_url()).text
    assert table_values(html) == ["60 %", "55 %", "47 %", "40 %"]


def test_a_follow_up_shows_the_values_measured_by_the_end_of_its_period(client):
    promise = build_promise(followups=3)  # 2021 h1, 2021 h2, 2022 h1
    indicator = add_indicator(promise, values=((2021, 55), (2022, 48)))
    IndicatorValueFactory(
        indicator=indicator, year=2022, measured_on=datetime.date(2022, 5, 3), value=50
    )
    first, second, third = promise.followups.order_by("year", "number")
    # A value given with only a year counts from that year's last day.
    assert table_values(client.get(first.get_absolute_url()).text) == ["60 %", "40 %"]
    assert table_values(client.get(second.get_absolute_url()).text) == ["60 %", "55 %", "40 %"]
    assert table_values(client.get(third.get_absolute_url()).text) == [
        "60 %",
        "55 %",
        "50 %",
        "40 %",
    ]
    page = client.get(third.get_absolute_url()).text
    assert "Värden som mätts till och med den här uppföljningens period." in page


def test_values_of_an_unpublished_document_are_not_public():
    promise = build_promise(state=CitizenPromise.State.SIGNED)
    add_indicator(promise)
    assert not IndicatorValue.objects.published().exists()
    promise.state, promise.published_at = CitizenPromise.State.PUBLISHED, timezone.now()
    promise.save()
    assert IndicatorValue.objects.published().count() == 3


# --- Writing values ------------------------------------------------------------------------------


@pytest.fixture
def running():
    promise = build_promise()
    return promise, add_indicator(promise, values=()), party_editors(promise)


def test_an_editor_adds_a_value_and_a_public_value_is_corrected_with_a_reason(running, client):
    promise, indicator, (editor, _police) = running
    value = indicator_value_save(
        value=IndicatorValue(indicator=indicator, year=2021, value=55), user=editor
    )
    value.value = 52
    with pytest.raises(ValidationError) as refused:
        indicator_value_save(value=value, user=editor)
    assert "är redan publikt" in str(refused.value)
    value.correction = "Fel i inmatningen; mätningen visade 52 %."
    indicator_value_save(value=value, user=editor)
    assert [row.value for row in value.history.all()] == [52, 55]
    assert value.history.first().history_change_reason == "Rättat från 55 % för 2021"
    html = client.get(promise.get_absolute_url()).text
    assert "Rättat:" in html and "Fel i inmatningen" in html
    with pytest.raises(ValidationError, match="tas inte bort"):
        indicator_value_delete(value=value, user=editor)


def test_a_public_value_is_not_moved_into_an_unpublished_follow_up(running):
    promise, indicator, (editor, _police) = running
    value = indicator_value_save(
        value=IndicatorValue(indicator=indicator, year=2021, value=55), user=editor
    )
    value.followup = FollowUpFactory(promise=promise, year=2022, number=1)
    with pytest.raises(ValidationError, match="försvinna från webbplatsen"):
        indicator_value_save(value=value, user=editor)


def test_a_value_in_an_unpublished_follow_up_may_change_and_be_removed(running):
    promise, indicator, (editor, _police) = running
    draft = FollowUpFactory(promise=promise, year=2022, number=1)
    value = indicator_value_save(
        value=IndicatorValue(indicator=indicator, year=2022, value=47, followup=draft),
        user=editor,
    )
    value.value = 45
    indicator_value_save(value=value, user=editor)
    indicator_value_delete(value=value, user=editor)
    assert not IndicatorValue.objects.exists()


def test_another_kommun_may_not_add_values(running, stranger):
    _promise, indicator, _editors = running
    with pytest.raises(PermissionDenied):
        indicator_value_save(
            value=IndicatorValue(indicator=indicator, year=2021, value=1), user=stranger
        )


def test_values_are_for_signed_and_published_documents_only(running):
    promise, indicator, (editor, _police) = running
    CitizenPromise.objects.filter(pk=promise.pk).update(
        state=CitizenPromise.State.WITHDRAWN, withdrawal_reason="Ersatt."
    )
    indicator.refresh_from_db()
    with pytest.raises(ValidationError, match="undertecknade och publicerade"):
        indicator_value_save(
            value=IndicatorValue(indicator=indicator, year=2021, value=1), user=editor
        )


def test_one_value_per_year_or_date_and_never_before_the_baseline(running):
    _promise, indicator, (editor, _police) = running
    indicator_value_save(value=IndicatorValue(indicator=indicator, year=2021, value=1), user=editor)
    for value, message in (
        (IndicatorValue(indicator=indicator, year=2021, value=2), "redan ett värde för det året"),
        (IndicatorValue(indicator=indicator, year=2019, value=2), "före utgångsvärdets år"),
        (
            IndicatorValue(
                indicator=indicator, year=2022, measured_on=datetime.date(2023, 1, 1), value=2
            ),
            "inom året 2022",
        ),
    ):
        with pytest.raises(ValidationError, match=message):
            indicator_value_save(value=value, user=editor)


# --- The indicator itself: part of the signed content --------------------------------------------


def test_target_must_lie_in_the_desired_direction_and_other_sources_are_described():
    indicator = EffectIndicatorFactory.build(
        promise=build_promise(state=CitizenPromise.State.DRAFT),
        target_value=70,
        source=EffectIndicator.Source.OTHER,
    )
    with pytest.raises(ValidationError) as refused:
        indicator.full_clean()
    assert set(refused.value.error_dict) == {"target_value", "source_description"}


def test_an_indicator_is_frozen_content_and_changes_the_approved_content():
    draft = build_promise(state=CitizenPromise.State.DRAFT)
    before = approval.content_hash(draft)
    editor, _police = party_editors(draft)
    indicator = EffectIndicatorFactory.build(promise=draft)
    services.citizen_promise_part_save(part=indicator, user=editor)
    assert approval.content_hash(draft) != before
    signed = build_promise(state=CitizenPromise.State.SIGNED)
    editor, _police = party_editors(signed)
    with pytest.raises(ValidationError, match="innehållet är låst"):
        services.citizen_promise_part_save(
            part=EffectIndicatorFactory.build(promise=signed), user=editor
        )


def test_approvals_given_before_indicators_existed_still_cover_a_document_without_any(
    monkeypatch,
):
    draft = build_promise(state=CitizenPromise.State.DRAFT)
    now = approval.content_hash(draft)
    parts = tuple(p for p in lifecycle.CONTENT_PARTS if p != "effect_indicators")
    monkeypatch.setattr(lifecycle, "CONTENT_PARTS", parts)
    assert approval.content_hash(draft) == now  # the hash as it was before indicators


def test_a_new_version_copies_the_indicators():
    promise = build_promise()
    add_indicator(promise)
    editor, _police = party_editors(promise)
    new = services.citizen_promise_new_version(promise=promise, user=editor)
    [copy] = new.effect_indicators.all()
    assert copy.name == "Andel invånare som känner sig otrygga vid stationen"
    assert not copy.values.exists()  # values belong to the document they were measured for


# --- The admin -----------------------------------------------------------------------------------


def test_the_admin_offers_only_own_running_documents_and_refuses_a_forged_indicator(
    running, client, stranger
):
    _promise, indicator, (editor, _police) = running
    client.force_login(stranger)
    add_url = reverse("admin:followup_indicatorvalue_add")
    page = client.get(add_url)
    assert page.status_code == 200
    assert indicator.name not in page.text
    response = client.post(add_url, {"indicator": indicator.pk, "value": "10", "year": "2021"})
    assert response.status_code == 200  # the form again, with the refusal
    assert not IndicatorValue.objects.exists()
    client.force_login(editor)
    response = client.post(add_url, {"indicator": indicator.pk, "value": "10", "year": "2021"})
    assert response.status_code == 302
    value = IndicatorValue.objects.get()
    change_url = reverse("admin:followup_indicatorvalue_change", args=[value.pk])
    response = client.post(
        change_url, {"value": "12", "year": "2021", "note": "", "correction": ""}
    )
    assert response.status_code == 200
    assert "är redan publikt" in response.text
    value.refresh_from_db()
    assert value.value == 10
    assert (
        client.get(reverse("admin:followup_indicatorvalue_delete", args=[value.pk])).status_code
        == 403
    )


def test_the_document_admin_page_lists_the_indicators_and_offers_to_add_a_value(running, client):
    promise, indicator, (editor, _police) = running
    client.force_login(editor)
    page = client.get(reverse("admin:loften_citizenpromise_change", args=[promise.pk]))
    assert page.status_code == 200
    add_url = reverse("admin:followup_indicatorvalue_add") + f"?indicator={indicator.pk}"
    assert add_url in page.text
    form = client.get(add_url)
    assert form.status_code == 200
    assert f'<option value="{indicator.pk}" selected>' in form.text


# --- Queries -------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["promise", "followup"])
def test_query_count_does_not_grow_with_indicators_and_values(client, page):
    def url(promise):
        return (
            promise.get_absolute_url()
            if page == "promise"
            else promise.followups.order_by("-year", "-number").first().get_absolute_url()
        )

    small = build_promise(followups=1)
    add_indicator(small, values=((2021, 50),))
    client.get(url(small))
    small_count = count_queries(client, url(small))
    large = build_promise(followups=6, municipality=small.municipality, title="Stort löfte")
    for n in range(4):
        add_indicator(large, values=[(2021 + y, 50 - y) for y in range(4)], name=f"Indikator {n}")
    assert count_queries(client, url(large)) == small_count


# --- The same figures everywhere -----------------------------------------------------------------


@pytest.fixture
def reported(db):
    """A published document with one indicator (60 % in 2020, target 40 %) and a value of
    47,5 % reported in its published follow-up of 2021 h2."""
    promise = build_promise(followups=2)
    indicator = add_indicator(promise, values=())
    followup = promise.followups.get(year=2021, number=2)
    IndicatorValueFactory(indicator=indicator, year=2021, value=Decimal("47.5"), followup=followup)
    return promise, followup


def test_the_same_indicator_figures_on_the_pages_in_the_admin_and_the_apis(client, reported):
    promise, followup = reported
    for url in (promise.get_absolute_url(), followup.get_absolute_url()):
        assert table_values(client.get(url).text) == ["60 %", "47,5 %", "40 %"]
    document = client.get(
        reverse("loften:api_promise", args=[promise.municipality.slug, promise.pk])
    ).json()
    for row in (
        document["effect_indicators"][0],
        client.get(reverse("opendata:promise-detail", args=[promise.pk])).json()[
            "effect_indicators"
        ][0],
    ):
        assert (row["baseline_value"], row["target_value"], row["direction"]) == (
            "60.00",
            "40.00",
            "decrease",
        )
        assert [(v["year"], v["value"], v["followup"]) for v in row["values"]] == [
            (2021, "47.50", followup.pk)
        ]
    text = client.get(reverse("opendata:csv", args=["medborgarloften"])).content.decode()
    assert "Andel invånare som känner sig otrygga vid stationen" in text
    client.force_login(UserFactory(is_superuser=True))
    values = client.get(reverse("admin:followup_indicatorvalue_changelist"))
    assert '<td class="field-value_display">47,5 %</td>' in values.text


@pytest.mark.usefixtures("pdf_storage")
def test_the_follow_up_pdf_shows_the_chart_and_table_and_the_signed_pdf_the_indicator(reported):
    promise, followup = reported
    text = pdf_text(followup_pdf(followup).read())
    assert "Effektindikatorer" in text
    assert "Andel invånare som känner sig otrygga vid stationen" in text
    # The chart's labels and the table's cells: each figure at least twice.
    for figure in ("60 %", "47,5 %"):
        assert text.count(figure) >= 2, figure
    assert "Mål 40 %" in text and "Önskad riktning: minska" in text
    earlier = pdf_text(followup_pdf(promise.followups.get(year=2021, number=1)).read())
    assert "47,5 %" not in earlier  # reported later
    signed = pdf_text(promise_pdf(promise).read())
    assert "Effektindikatorer" in signed
    assert "60 % (2020)" in signed and "Minska" in signed
