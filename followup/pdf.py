"""The follow-up report PDF: gather one period's statuses, reasons, charts and the amendments of
its löften in force by its end (`followup.selectors.followup_amendments`); rendering, signing and
storage are the same as for the medborgarlöfte (`loften.pdf`)."""

import dataclasses
import datetime

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from loften.models import Commitment, by_group
from loften.pdf import stored_pdf
from loften.pdf.gather import AmendmentItem, amendment_item, paragraphs
from loften.periods import period_label

from .charts import STATUS_COLOURS  # the same colours as the pages' charts
from .figures import row_texts
from .indicators import IndicatorChart, indicator_charts
from .models import RECURRING_STATUSES, CommitmentStatus, FollowUp, Status
from .parts import other_work_by_party, reported_by_commitment
from .progress import average_of, progress_label, rows_for_figures, table_in_words
from .selectors import followup_amendments

CHART_LABEL_WIDTH = 150
CHART_BAR_WIDTH = 280
CHART_ROW_HEIGHT = 22


@dataclasses.dataclass(frozen=True)
class StatusRow:
    text: str
    status: str
    status_label: str
    reason: str
    comment: str
    progress: int | None  # followup.progress, as on the pages, in the admin and in the API
    progress_label: str  # "60 %", or "–"
    figures: tuple[str, ...]  # the rate and measures in words (followup.figures.row_texts)
    part: str = ""  # "Polisens del" where the parts of a joint löfte are shown apart
    circumstance: str = ""  # the title of a shared circumstance given as the reason
    circumstance_anchor: str = ""
    first_of_commitment: bool = True


@dataclasses.dataclass(frozen=True)
class StatusGroup:
    heading: str
    rows: tuple[StatusRow, ...]


@dataclasses.dataclass(frozen=True)
class TextItem:
    """A titled text of the follow-up: a circumstance or an item of other work."""

    title: str
    paragraphs: tuple[str, ...]
    anchor: str = ""


@dataclasses.dataclass(frozen=True)
class OtherWorkGroup:
    party: str
    items: tuple[TextItem, ...]


@dataclasses.dataclass(frozen=True)
class ReportAmendment:
    """An amendment the report lists, with the text of its löfte."""

    commitment: str
    amendment: AmendmentItem


@dataclasses.dataclass(frozen=True)
class ChartBar:
    label: str
    count: int
    percent: int
    colour: str
    y: int
    width: int


@dataclasses.dataclass(frozen=True)
class FollowUpReport:
    """What the PDF of one follow-up shows."""

    pk: int
    promise_pk: int
    title: str
    promise_title: str
    municipality: str
    municipality_long: str
    police_area: str
    period: str  # in words, "2025 tertial 2"
    period_slug: str
    period_start: datetime.date
    period_end: datetime.date
    valid_from: datetime.date
    valid_until: datetime.date
    published_on: datetime.date | None
    summary: tuple[str, ...]
    circumstances: tuple[TextItem, ...]
    groups: tuple[StatusGroup, ...]
    other_work: tuple[OtherWorkGroup, ...]
    chart: tuple[ChartBar, ...]
    commitment_count: int
    progress: int | None  # followup.progress, as on the pages, in the admin and in the API
    progress_table: str
    indicators: tuple[IndicatorChart, ...]  # as on the follow-up's page
    amendments: tuple[ReportAmendment, ...]  # as on the follow-up's page
    public_path: str

    @property
    def identifier(self):
        return f"uppfoljning:{self.pk}"

    @property
    def promise_identifier(self):
        return f"medborgarlofte:{self.promise_pk}"

    @property
    def validity(self):
        return period_label(self.valid_from, self.valid_until)

    @property
    def chart_height(self):
        return len(self.chart) * CHART_ROW_HEIGHT

    @property
    def chart_label_width(self):
        return CHART_LABEL_WIDTH

    @property
    def chart_width(self):
        return CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 60


def gather_followup_report(followup):
    pk = followup.pk if isinstance(followup, FollowUp) else followup
    followup = FollowUp.objects.select_related("promise__municipality", "promise__police_area").get(
        pk=pk
    )
    commitments = list(Commitment.objects.filter(promise=followup.promise_id).in_document_order())
    statuses = list(
        rows_for_figures(CommitmentStatus.objects.filter(followup=followup)).select_related(
            "party", "circumstance"
        )
    )
    amendments = followup_amendments(followup)
    with override("sv"):
        return _gather(followup, commitments, statuses, amendments)


def _row(commitment, status, part="", first=True):
    missing = _("ingen status rapporterad")
    circumstance = status.circumstance if status else None
    return StatusRow(
        text=commitment.text.strip(),
        status=status.status if status else "",
        # A party that has not reported its part is named where the status would be.
        status_label=status.get_status_display() if status else (part or missing),
        reason=status.reason.strip() if status else "",
        comment=status.comment.strip() if status else "",
        progress=status.progress if status else None,
        progress_label=progress_label(status.progress if status else None),
        figures=tuple(row_texts(status)) if status else (),
        part=part if status else "",
        circumstance=circumstance.title if circumstance else "",
        circumstance_anchor=circumstance.anchor if circumstance else "",
        first_of_commitment=first,
    )


def _rows(entry):
    """A löfte's rows: one, or one per part and per party that has not reported yet."""
    shown = entry.shown or [("", None)]
    return tuple(
        _row(entry.commitment, status, label, first=index == 0)
        for index, (label, status) in enumerate(shown)
    )


def _text_item(item):
    return TextItem(
        title=item.title,
        paragraphs=paragraphs(item.text),
        anchor=getattr(item, "anchor", ""),
    )


def _chart(statuses, total):
    counts = dict.fromkeys(Status.values, 0)
    for status in statuses:
        counts[status.status] += 1
    for status in RECURRING_STATUSES:  # only where the document has recurring löften
        if not counts[status]:
            del counts[status]
    largest = max(counts.values(), default=0) or 1
    return tuple(
        ChartBar(
            label=str(Status(value).label).capitalize(),
            count=count,
            percent=round(100 * count / total) if total else 0,
            colour=STATUS_COLOURS[value],
            y=index * CHART_ROW_HEIGHT,
            width=round(CHART_BAR_WIDTH * count / largest),
        )
        for index, (value, count) in enumerate(counts.items())
    )


def _gather(followup, commitments, statuses, amendments):
    promise = followup.promise
    groups = [
        StatusGroup(
            heading=group.lead_in,
            rows=tuple(row for entry in entries for row in _rows(entry)),
        )
        for group, entries in by_group(
            reported_by_commitment(commitments, statuses), lambda entry: entry.commitment
        )
    ]
    period = followup.period
    return FollowUpReport(
        pk=followup.pk,
        promise_pk=promise.pk,
        title=_("Uppföljning %(period)s") % {"period": period},
        promise_title=promise.title,
        municipality=promise.municipality.name,
        municipality_long=promise.municipality.long_name,
        police_area=promise.police_area.name,
        period=str(period),
        period_slug=period.slug,
        period_start=period.start,
        period_end=period.end,
        valid_from=promise.valid_from,
        valid_until=promise.valid_until,
        published_on=(
            timezone.localtime(followup.published_at).date() if followup.published_at else None
        ),
        summary=paragraphs(followup.summary),
        circumstances=tuple(_text_item(c) for c in followup.circumstances.all()),
        groups=tuple(groups),
        other_work=tuple(
            OtherWorkGroup(party=party.name, items=tuple(_text_item(item) for item in items))
            for party, items in other_work_by_party(followup)
        ),
        chart=_chart(statuses, len(statuses)),
        commitment_count=len(commitments),
        progress=average_of(row.progress for group in groups for row in group.rows),
        progress_table=table_in_words(),
        indicators=tuple(indicator_charts(promise, followup=followup)),
        amendments=tuple(
            ReportAmendment(commitment=a.commitment.text.strip(), amendment=amendment_item(a))
            for a in amendments
        ),
        public_path=promise.get_absolute_url(),
    )


def followup_pdf(followup):
    """The stored, signed (when a certificate is configured) PDF of a follow-up report."""
    report = gather_followup_report(followup)
    filename = f"uppfoljning-{slugify(report.municipality)}-{report.period_slug}-{report.pk}.pdf"
    with override("sv"):
        reason = _("Uppföljning av medborgarlöfte: %(title)s, %(period)s") % {
            "title": report.promise_title,
            "period": report.title,
        }
    return stored_pdf(
        data=report,
        kind="uppfoljningar",
        template_name="print/followup.html",
        filename=filename,
        reason=reason,
    )
