from html import escape

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from followup import figures, progress
from followup.models import Status
from followup.periods import Period
from followup.selectors import latest_row

register = template.Library()


# The badge and the bar are made here rather than by templates of their own: lists show one per
# document or löfte, and drawing an inclusion tag's template for each took a fifth of the search
# page's time.


@register.simple_tag
def status_badge(status):
    """A badge that always says the status in words; colour is only a second cue."""
    if not status:
        return format_html(
            '<span class="badge status-badge status-none">{}</span>',
            gettext("Ingen uppföljning ännu"),
        )
    return format_html(
        '<span class="badge status-badge status-{}">{}</span>',
        status,
        capfirst(Status(status).label),
    )


@register.simple_tag
def progress_bar(value, label_id=""):
    """A native <progress> element (no inline styles) with the figure also in text."""
    value = progress.rounded(value)
    if value is None:
        return format_html(
            '<span class="text-body-secondary small">{}</span>', gettext("Inte uppföljt ännu")
        )
    return format_html(
        '<span class="progress-figure"><progress max="100" value="{}"{}>{} %</progress> '
        '<span class="small">{}</span></span>',
        value,
        format_html(' aria-labelledby="{}"', label_id) if label_id else "",
        value,
        gettext("%(value)s %% genomfört") % {"value": value},
    )


# A chart's bars and its table's rows are joined in Python, like the search form's options: drawn
# by the template language, the statistics page's 33 bars (two charts) took three quarters of the
# page. Every label is escaped (the standard library's `html.escape`, as Django's `escape`); a
# percent is written by `progress.progress_label`, as everywhere else, and a count is a whole
# number, which the template language too prints as it is.


@register.simple_tag
def percent_bar_shapes(chart):
    """The SVG of each bar of a `followup.charts.percent_bars` chart: its label, the bar and its
    figure."""
    label_x, bar_x, value_x = chart["label_width"] - 8, chart["label_width"], chart["value_x"]
    # Safe: the one text, the label, is escaped here.
    return mark_safe(  # nosec B308, B703
        "".join(
            f'<g><text x="{label_x}" y="{bar["y"] + 18}" text-anchor="end" font-size="12"'
            f' fill="#1f2328">{escape(str(bar["label"]))}</text>'
            f'<rect x="{bar_x}" y="{bar["y"] + 6}" width="{bar["width"]}" height="16"'
            ' fill="#0b6b3a"/>'
            f'<text x="{value_x}" y="{bar["y"] + 18}" font-size="12" fill="#1f2328">'
            f"{progress.progress_label(bar['percent'])}</text></g>"
            for bar in chart["bars"]
        )
    )


@register.simple_tag
def percent_bar_rows(chart):
    """The table rows of a `followup.charts.percent_bars` chart: label, percent, number of
    löften."""
    # Safe: the one text, the label, is escaped here.
    return mark_safe(  # nosec B308, B703
        "".join(
            f'<tr><th scope="row">{escape(str(bar["label"]))}</th>'
            f"<td>{progress.progress_label(bar['percent'])}</td><td>{bar['count']}</td></tr>"
            for bar in chart["bars"]
        )
    )


@register.filter
def row_progress_label(row):
    """A status row's figure in text ("60 %")."""
    return progress.progress_label(row.progress)


@register.filter
def latest_progress_label(commitment):
    """The figure in text of a commitment annotated with its latest status."""
    return progress.progress_label(commitment.latest_progress)


@register.simple_tag
def period_of(promise, year, number):
    """The period `(year, number)` of `promise`'s cadence, for a follow-up read without its
    document (`{% period_of promise followup.year followup.number as period %}`): its name in
    words and its `slug` for the address."""
    return Period.of(promise, year, number)


def figures_list(texts):
    """Figures in words as a list (`figures.row_texts`), or nothing without any: built here, not
    by an inclusion tag's template, as pages show one per löfte or status row. The line break
    after it is the one the template ended with."""
    if not texts:
        return "\n"
    return format_html(
        '<ul class="list-unstyled small mb-0 commitment-figures">{}</ul>\n',
        format_html_join("", "<li>{}</li>", ((text,) for text in texts)),
    )


@register.simple_tag
def row_figures(row):
    """A status row's rate and measures in words (read with `progress.rows_for_figures`)."""
    return figures_list(figures.row_texts(row))


@register.simple_tag
def latest_figures(commitment):
    """A löfte's figures in its latest published follow-up (read by
    `selectors.commitments_with_latest_figures`)."""
    return figures_list(figures.row_texts(latest_row(commitment), commitment))


@register.simple_tag
def reason_comment(status, circumstance_url=""):
    """The reason and comment of one status, as a table cell; a shared circumstance is linked
    (`circumstance_url`: the follow-up page, when shown elsewhere). Built here, as the tables
    have a cell per status row; the line break after it is the one its template ended with."""
    reason = gettext("Skäl:")
    parts = []
    if status.circumstance:
        parts.append(
            format_html(
                '<p class="mb-1"><strong>{}</strong> <a href="{}#{}">{}</a></p>',
                reason,
                circumstance_url,
                status.circumstance.anchor,
                status.circumstance.title,
            )
        )
    if status.reason:
        parts.append(
            format_html('<p class="mb-1"><strong>{}</strong> {}</p>', reason, status.reason)
        )
    if status.comment:
        parts.append(format_html('<p class="mb-0">{}</p>', status.comment))
    return format_html("<td>{}</td>\n", format_html_join("", "{}", ((part,) for part in parts)))
