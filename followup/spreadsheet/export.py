"""Writing a follow-up's file (the package's docstring describes its lines)."""

import csv
import io

from django.utils.translation import gettext as _

from loften.numbers import number

from ..models import Status
from .columns import (
    BOM,
    CIRCUMSTANCE,
    COLUMNS,
    COMMITMENT,
    DELIMITER,
    INDICATOR,
    KINDS,
    MEASURE,
    OTHER_WORK,
    formula_safe,
)


def _status_label(status):
    return str(Status(status).label).capitalize() if status else ""


def approximate_cell(value, is_approximate):
    """A measure's value as the file writes it: "64", "12,5", "ca 100" (read back by
    `parse_value`)."""
    text = number(value)
    return f"ca {text}" if is_approximate else text


def _line(**cells):
    """One line of the file: its cells by column key, empty where not given."""
    return [cells.get(key, "") for key in COLUMNS]


def _commitment_lines(rows, period):
    for commitment in rows.commitments:
        for party, status, previous in rows.slots(commitment):
            part = {
                "period": str(period),
                "part_id": party.pk if party else "",
                "rapporterande_part": formula_safe(party.name if party else _("hela löftet")),
            }
            yield _line(
                loefte_id=commitment.pk,
                part=formula_safe(commitment.party_names()),
                loefte=formula_safe(commitment.text),
                mal=formula_safe(commitment.rate_target_text()),
                foregaende_status=_status_label(previous.status if previous else ""),
                status=_status_label(status.status if status else ""),
                skal=formula_safe(status.reason if status else ""),
                kommentar=formula_safe(status.comment if status else ""),
                antal="" if status is None or status.count is None else status.count,
                omstandighet_id=(status.circumstance_id or "") if status else "",
                radtyp=KINDS[COMMITMENT],
                **part,
            )
            values = {v.measure_id: v for v in status.measure_values.all()} if status else {}
            for measure in commitment.measures.all():
                value = values.get(measure.pk)
                yield _line(
                    loefte_id=commitment.pk,
                    matt_id=measure.pk,
                    loefte=formula_safe(measure.name),
                    mal=formula_safe(measure.target_text()),
                    uppnatt=approximate_cell(value.value, value.approximate) if value else "",
                    radtyp=KINDS[MEASURE],
                    **part,
                )


def _part_lines(parts, period):
    """The lines of the follow-up's circumstances, other work and indicator values, each kind
    with its empty lines to fill in."""
    common = {"period": str(period)}
    for circumstance in [*parts.circumstances, None]:
        yield _line(
            omstandighet_id=circumstance.pk if circumstance else "",
            radtyp=KINDS[CIRCUMSTANCE],
            rubrik=formula_safe(circumstance.title) if circumstance else "",
            text=formula_safe(circumstance.text) if circumstance else "",
            **common,
        )
    for work, party in [(w, w.party) for w in parts.other_work] + [
        (None, p) for p in parts.parties
    ]:
        yield _line(
            part_id=party.pk,
            rapporterande_part=formula_safe(party.name),
            radtyp=KINDS[OTHER_WORK],
            ovrigt_id=work.pk if work else "",
            rubrik=formula_safe(work.title) if work else "",
            text=formula_safe(work.text) if work else "",
            **common,
        )
    for indicator in parts.indicators:
        indicator_cells = {
            "mal": formula_safe(indicator.target_label()),
            "radtyp": KINDS[INDICATOR],
            "rubrik": formula_safe(indicator.name),
            "indikator_id": indicator.pk,
            "enhet": formula_safe(indicator.unit),
            **common,
        }
        for value in indicator.reported_values or [None]:
            yield _line(
                text=formula_safe(value.note) if value else "",
                ar=value.year if value else period.end.year,
                matdatum=value.measured_on.isoformat() if value and value.measured_on else "",
                varde=number(value.value) if value else "",
                **indicator_cells,
            )


def export_rows(rows, period, parts):
    """The CSV text (with its byte order mark) for a follow-up's `rows`
    (`followup.selectors.FollowUpRows`, its löften read with their measures and its statuses
    with their measure values) and `parts` (`followup.selectors.FollowUpFileParts`), every
    line naming the follow-up's `period`; the module's docstring describes the lines."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_commitment_lines(rows, period))
    writer.writerows(_part_lines(parts, period))
    return out.getvalue()
