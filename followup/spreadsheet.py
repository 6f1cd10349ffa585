"""The spreadsheet round trip of a follow-up: export everything an official fills in as CSV that
Excel opens with Swedish characters intact, and read the edited file back.

The file is UTF-8 with a byte order mark, `;`-separated (Swedish Excel's list separator) and
quoted where needed, with one header row of stable column keys (`COLUMNS`). The column
`radtyp` says what each line is (`KINDS`), in this order:

- *löfte*: one line per löfte and reporting part, followed by one line per measure (*mått*) of
  that löfte, which names the measure in `matt_id` and leaves the status columns empty. A löfte
  of several parties has a line for the whole löfte and one for each party's own part
  (`part_id` empty for the whole löfte), each with its own measure lines. A löfte's line carries
  `status`, `skal`, `omstandighet_id`, `kommentar` and, for a recurring löfte, `antal` (its count
  in the period); a measure's line carries `uppnatt`, its achieved value, written "ca 100" when
  it is approximate.
- *omständighet*: one line per circumstance of the follow-up, with its number in
  `omstandighet_id`, its `rubrik` and its `text`, and one empty line to fill in for a new one. A
  line with an empty number, or a label that is no number ("A", "ny 1"), creates a circumstance;
  a löfte's line gives it as its reason by writing the same label in `omstandighet_id`.
- *övrigt arbete*: one line per item of other work, with its number in `ovrigt_id`, the party
  that did it (`part_id`, its name in `rapporterande_part`), `rubrik` and `text`, and one empty
  line per party of the document to fill in for new work.
- *indikator*: one line per value of an effect indicator reported in this follow-up, with the
  indicator's number (`indikator_id`), its name (in `rubrik`), target and unit, the year (`ar`)
  or date (`matdatum`) it was measured, the value (`varde`) and a note (`text`); an indicator
  without such a value gets a line for the period's year with `varde` empty, to fill in.

Every line names the follow-up's period in words (a file of another period is refused). Only the
columns `READ_COLUMNS` are read back; the others are there so that the person editing sees what
they edit. A file without `radtyp` (exported before the column existed) is read as löften and
measures, a line with `matt_id` being a measure's.

What is left out of the file keeps what is stored: löften without a line keep their status, a
löfte whose measure lines are all left out keeps its values, and circumstances, other work and
indicator values without a line stay as they are. What is on a line but emptied is removed: a
part left without a status has not been reported, an empty `uppnatt` removes that measure's
value, a circumstance or other work whose `rubrik` and `text` are both emptied is removed (a
circumstance only when no löfte gives it any longer), and an empty `varde` removes this
follow-up's value for that year or date. A value reported elsewhere (in another follow-up, or
directly in the document) is never changed from the file.

Reading checks the form of the file (columns, line kinds, numbers, dates, status words, no
control characters) line by line; what the rows mean (which löften, parties and indicators,
which statuses need a reason, which circumstance a label names) is checked by
`followup.services`, the same as for the one-page form, and the whole file is saved in one
transaction or not at all.
"""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loften.numbers import number

from .models import Status, status_from_text
from .status_inputs import (
    PART_KINDS,
    CircumstanceInput,
    FollowUpParts,
    IndicatorValueInput,
    MeasureInput,
    OtherWorkInput,
    StatusInput,
)

#: The columns, in order: stable keys (the header row) and what each holds.
COLUMNS = {
    "loefte_id": gettext_lazy("löftets nummer (ändra inte)"),
    "matt_id": gettext_lazy("måttets nummer, på måttets egen rad (ändra inte)"),
    "part": gettext_lazy("vem som lovar"),
    "loefte": gettext_lazy("löftet, eller måttets namn"),
    "mal": gettext_lazy("mål"),
    "foregaende_status": gettext_lazy("status i föregående uppföljning"),
    "status": gettext_lazy("ny status"),
    "skal": gettext_lazy("skäl"),
    "kommentar": gettext_lazy("kommentar"),
    "antal": gettext_lazy("antal under perioden (återkommande löfte)"),
    "uppnatt": gettext_lazy("måttets uppnådda värde, t.ex. 64 eller ca 100"),
    "period": gettext_lazy("uppföljningens period (ändra inte)"),
    "part_id": gettext_lazy(
        "rapporterande parts nummer (ändra inte på löftets rad, där den är tom för hela "
        "löftet); på en rad om övrigt arbete partens nummer"
    ),
    "rapporterande_part": gettext_lazy("rapporterande part"),
    "omstandighet_id": gettext_lazy(
        "omständighetens nummer: på löftets rad den omständighet som är skäl, i stället för "
        "eller utöver skäl; på omständighetens egen rad dess nummer (ändra inte), eller för en "
        "ny omständighet tomt eller ett märke med bokstäver, t.ex. A, som löftenas rader kan "
        "använda"
    ),
    "radtyp": gettext_lazy(
        "radens slag: löfte, mått, omständighet, övrigt arbete eller indikator (ändra inte)"
    ),
    "rubrik": gettext_lazy("omständighetens eller det övriga arbetets rubrik; indikatorns namn"),
    "text": gettext_lazy(
        "omständighetens eller det övriga arbetets text; en anteckning till indikatorns värde"
    ),
    "ovrigt_id": gettext_lazy("det övriga arbetets nummer (ändra inte; tomt för nytt arbete)"),
    "indikator_id": gettext_lazy("effektindikatorns nummer (ändra inte)"),
    "enhet": gettext_lazy("indikatorns enhet"),
    "ar": gettext_lazy("året då indikatorns värde mättes"),
    "matdatum": gettext_lazy("mätdatum inom året, t.ex. 2025-06-30 (valfritt)"),
    "varde": gettext_lazy("indikatorns uppmätta värde, t.ex. 42 eller 12,5"),
}
#: The columns an import needs; the others may be left out.
REQUIRED_COLUMNS = ("loefte_id", "status", "skal", "kommentar")
#: The columns read back when present.
READ_COLUMNS = (
    *REQUIRED_COLUMNS,
    "matt_id",
    "antal",
    "uppnatt",
    "part_id",
    "omstandighet_id",
    "radtyp",
    "rubrik",
    "text",
    "ovrigt_id",
    "indikator_id",
    "ar",
    "matdatum",
    "varde",
)

#: The kinds of line (`radtyp`): a stable key, which reading accepts too, and the word written.
COMMITMENT, MEASURE, CIRCUMSTANCE, OTHER_WORK, INDICATOR = (
    "loefte",
    "matt",
    "omstandighet",
    "ovrigt_arbete",
    "indikator",
)
KINDS = {
    COMMITMENT: gettext_lazy("löfte"),
    MEASURE: gettext_lazy("mått"),
    CIRCUMSTANCE: gettext_lazy("omständighet"),
    OTHER_WORK: gettext_lazy("övrigt arbete"),
    INDICATOR: gettext_lazy("indikator"),
}

#: Which column holds which field of a status row (for error messages).
FIELD_COLUMNS = {
    "status": "status",
    "reason": "skal",
    "party": "part_id",
    "circumstance": "omstandighet_id",
    "comment": "kommentar",
    "count": "antal",
}
#: The same for the items of `status_inputs.FollowUpParts`, by kind (`status_inputs.PART_KINDS`).
PART_FIELD_COLUMNS = {
    "circumstances": {
        "pk": "omstandighet_id",
        "label": "omstandighet_id",
        "title": "rubrik",
        "text": "text",
    },
    "other_work": {"pk": "ovrigt_id", "party": "part_id", "title": "rubrik", "text": "text"},
    "indicator_values": {
        "indicator": "indikator_id",
        "year": "ar",
        "measured_on": "matdatum",
        "value": "varde",
        "note": "text",
    },
}

DELIMITER = ";"
BOM = "\ufeff"
#: A cell starting with one of these is a formula to a spreadsheet program. Such texts are
#: exported behind an apostrophe, which reading removes again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text):
    """The text as a spreadsheet cell that is never a formula (also used by the open-data CSV
    files in portal/opendata/tables.py)."""
    text = str(text)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _uncell(text):
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


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


@dataclass
class ParsedFile:
    """What a file said: the rows that could be read, the line each came from, and an error
    message per bad line (line number, message)."""

    rows: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    periods: dict = field(default_factory=dict)  # the period each line names: {line: name}
    #: The measure lines read, by (löfte id, part id):
    #: [(line, MeasureInput or None for an empty value)].
    measure_lines: dict = field(default_factory=dict)
    #: The other lines read, by kind (`status_inputs.PART_KINDS`): [(line, input)].
    part_lines: dict = field(default_factory=lambda: {kind: [] for kind in PART_KINDS})

    def error(self, line, message):
        self.errors.append((line, message))

    @property
    def parts(self):
        """The circumstances, other work and indicator values read, for the services."""
        return FollowUpParts(
            **{kind: [given for _line, given in lines] for kind, lines in self.part_lines.items()}
        )

    @property
    def count(self):
        """How many löften, circumstances, other work and indicator values were read."""
        return len(self.rows) + sum(len(lines) for lines in self.part_lines.values())

    def check_period(self, period):
        """A file exported for another period is refused, on each line that names one."""
        wanted = " ".join(str(period).split()).casefold()
        for line, named in self.periods.items():
            if named and " ".join(named.split()).casefold() != wanted:
                self.error(
                    line,
                    _(
                        "Raden gäller %(named)s, men uppföljningen gäller %(period)s. Exportera "
                        "filen för den här uppföljningen och fyll i den."
                    )
                    % {"named": Truncator(named).chars(40), "period": period},
                )


def _decode(data):
    """Excel saves "CSV UTF-8" with a byte order mark and plain "CSV" as Windows-1252."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.removeprefix(BOM)


def _delimiter(header_line):
    for candidate in (";", "\t", ","):
        if candidate in header_line:
            return candidate
    return DELIMITER


def _check_header(header, parsed):
    keys = [name.strip().casefold() for name in header]
    expected = ";".join(COLUMNS)
    for key in keys:
        if key not in COLUMNS:
            parsed.error(
                1,
                _(
                    "Okänd kolumn ”%(column)s”. Rubrikraden ska vara den som exporten gav: "
                    "%(expected)s."
                )
                % {"column": Truncator(key).chars(40), "expected": expected},
            )
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        parsed.error(1, _("Kolumnen ”%(column)s” finns två gånger.") % {"column": key})
    for key in REQUIRED_COLUMNS:
        if key not in keys:
            parsed.error(
                1,
                _("Kolumnen ”%(column)s” saknas. Rubrikraden ska vara: %(expected)s.")
                % {"column": key, "expected": expected},
            )
    return keys


#: A whole number as a person types it: ASCII digits only. `str.isdigit()` also accepts "²" or
#: "٣", which `int()` then refuses or reads as something nobody typed. Eighteen digits keep every
#: value inside the database's bigint, and far below Python's limit on converting long strings.
NUMBER = re.compile(r"[0-9]{1,18}")

#: Control characters a cell may hold: tab, and the line breaks of a multi-line text, which a
#: spreadsheet writes inside a quoted cell (and the one-page form saves as CR LF). Every other
#: control character (NUL, which PostgreSQL cannot store, escape, the C1 range …) is nothing a
#: person typed, so the line is refused rather than stored with an invisible character.
ALLOWED_CONTROLS = frozenset("\t\n\r")


def _number(text):
    digits = "".join(text.split())  # "1 200" as Swedish Excel may write it
    return int(digits) if NUMBER.fullmatch(digits) else None


def _control_character(text):
    """The first control character in `text` that a cell may not hold, or None."""
    for char in text:
        if char not in ALLOWED_CONTROLS and unicodedata.category(char) == "Cc":
            return char
    return None


def _control_problems(values):
    problems = []
    for column in READ_COLUMNS:
        char = _control_character(values.get(column, ""))
        if char is not None:
            problems.append(
                _(
                    "Kolumnen %(column)s innehåller ett osynligt styrtecken (U+%(code)04X) som "
                    "inte kan sparas. Ta bort det, till exempel genom att skriva om texten, och "
                    "läs in filen igen."
                )
                % {"column": column, "code": ord(char)}
            )
    return problems


#: "ca" (or "ca.", "cirka", "ungefär", "~") before a value marks it approximate.
APPROXIMATE = re.compile(r"(?:ca\.?|cirka|ungefär|~)\s*", re.IGNORECASE)
#: A value: ASCII digits, at most two decimals after a comma or a point ("12,5", "12.5").
VALUE = re.compile(r"[0-9]{1,10}(?:[.,][0-9]{1,2})?")


def parse_value(text):
    """(Decimal, approximate) from a cell of `uppnatt` ("64", "1 200", "12,5", "ca 100"), or
    None when it is no such value."""
    text = text.strip()
    prefix = APPROXIMATE.match(text)
    digits = "".join(text[prefix.end() if prefix else 0 :].split())
    if not VALUE.fullmatch(digits):
        return None
    return Decimal(digits.replace(",", ".")), prefix is not None


def _parse_count(values, problems):
    text = values.get("antal", "").strip()
    count = _number(text) if text else None
    if text and count is None:
        problems.append(
            _("”%(value)s” i kolumnen antal är inte ett heltal (0 eller mer).")
            % {"value": Truncator(text).chars(40)}
        )
    return count


def _parse_measure_line(values, commitment_id, party_id, line, parsed):
    measure_id = _number(values["matt_id"])
    text = values.get("uppnatt", "").strip()
    if measure_id is None:
        parsed.error(
            line,
            _("Måttets nummer ”%(value)s” i kolumnen matt_id är inte ett nummer.")
            % {"value": Truncator(values["matt_id"]).chars(40)},
        )
        return
    value = parse_value(text) if text else None
    if text and value is None:
        parsed.error(
            line,
            _(
                "”%(value)s” i kolumnen uppnatt är inte ett värde. Skriv ett tal med högst två "
                "decimaler, t.ex. 64 eller 12,5, och ”ca” före det när det är ungefärligt, t.ex. "
                "ca 100."
            )
            % {"value": Truncator(text).chars(40)},
        )
        return
    given = MeasureInput(measure_id, *value) if value else None
    parsed.measure_lines.setdefault((commitment_id, party_id), []).append((line, given))


def _reference(values, column, problems):
    """The number in `column` (None when empty); a problem when it is no number."""
    text = values.get(column, "").strip()
    number = _number(text) if text else None
    if text and number is None:
        problems.append(
            _("”%(value)s” i kolumnen %(column)s är inte ett nummer.")
            % {"value": Truncator(text).chars(40), "column": column}
        )
    return number


def _kind(values, problems):
    """The line's kind (a key of `KINDS`): from `radtyp`, or, in a file without it, a measure's
    line when it names a measure and a löfte's otherwise."""
    text = " ".join(values.get("radtyp", "").split()).casefold()
    if not text:
        return MEASURE if values.get("matt_id", "").strip() else COMMITMENT
    for key, label in KINDS.items():
        if text in (key, str(label).casefold()):
            return key
    problems.append(
        _("Okänd radtyp ”%(value)s” i kolumnen radtyp. Använd en av: %(choices)s.")
        % {
            "value": Truncator(text).chars(40),
            "choices": ", ".join(str(label) for label in KINDS.values()),
        }
    )
    return None


def _parse_line(values, line, parsed):
    problems = _control_problems(values)
    kind = _kind(values, problems) if not problems else None
    if kind is not None:
        parsed.periods[line] = values.get("period", "").strip()
        parse = {
            CIRCUMSTANCE: _parse_circumstance,
            OTHER_WORK: _parse_other_work,
            INDICATOR: _parse_indicator_value,
        }.get(kind, _parse_commitment_line)
        parse(values, kind, line, parsed, problems)
    for problem in problems:
        parsed.error(line, problem)


def _parse_circumstance(values, kind, line, parsed, problems):
    text = values.get("omstandighet_id", "").strip()
    number = _number(text) if text else None
    if text and number is None and "".join(text.split()).isdigit():
        problems.append(
            _(
                "”%(value)s” i kolumnen omstandighet_id är inte en omständighets nummer. Skriv "
                "ett märke med bokstäver, t.ex. A, för en ny omständighet."
            )
            % {"value": Truncator(text).chars(40)}
        )
    title, body = _uncell(values.get("rubrik", "")), _uncell(values.get("text", ""))
    if not (text or title.strip() or body.strip()):
        return  # the empty line for a new circumstance, not filled in
    if not problems:
        parsed.part_lines["circumstances"].append(
            (
                line,
                CircumstanceInput(
                    pk=number, title=title, text=body, label="" if number is not None else text
                ),
            )
        )


def _parse_other_work(values, kind, line, parsed, problems):
    pk = _reference(values, "ovrigt_id", problems)
    party_id = _reference(values, "part_id", problems)
    title, text = _uncell(values.get("rubrik", "")), _uncell(values.get("text", ""))
    if pk is None and not problems and not (title.strip() or text.strip()):
        return  # an empty line for new work, not filled in
    if not problems:
        parsed.part_lines["other_work"].append(
            (line, OtherWorkInput(pk=pk, party_id=party_id, title=title, text=text))
        )


#: A date as the file writes it, and as a Swedish spreadsheet shows one: 2025-06-30.
DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def _parse_date(text, problems):
    match = DATE.fullmatch(text)
    try:
        return datetime.date(*map(int, match.groups()))
    except (AttributeError, ValueError):  # no date's form, or no such day
        problems.append(
            _("”%(value)s” i kolumnen matdatum är inte ett datum. Skriv t.ex. 2025-06-30.")
            % {"value": Truncator(text).chars(40)}
        )
        return None


def _parse_indicator_value(values, kind, line, parsed, problems):
    indicator_id = _reference(values, "indikator_id", problems)
    if indicator_id is None and not problems:
        problems.append(_("Indikatorns nummer saknas i kolumnen indikator_id."))
    year = _reference(values, "ar", problems)
    date_text = values.get("matdatum", "").strip()
    measured_on = _parse_date(date_text, problems) if date_text else None
    text = values.get("varde", "").strip()
    value = parse_value(text) if text else None
    if text and (value is None or value[1]):
        problems.append(
            _(
                "”%(value)s” i kolumnen varde är inte ett värde. Skriv ett tal med högst två "
                "decimaler, t.ex. 42 eller 12,5, utan ”ca”."
            )
            % {"value": Truncator(text).chars(40)}
        )
    if year is None and measured_on is not None:
        year = measured_on.year
    if year is None and not problems:
        if not text:
            return  # an empty line without a year: nothing to read
        problems.append(_("Året saknas i kolumnen ar. Skriv året då värdet mättes."))
    if not problems:
        parsed.part_lines["indicator_values"].append(
            (
                line,
                IndicatorValueInput(
                    indicator_id=indicator_id,
                    year=year,
                    measured_on=measured_on,
                    value=value[0] if value else None,
                    note=_uncell(values.get("text", "")),
                ),
            )
        )


def _parse_commitment_line(values, kind, line, parsed, problems):
    """A löfte's line, or a measure's."""
    commitment_id = _number(values["loefte_id"])
    if commitment_id is None:
        problems.append(
            _("Löftets nummer ”%(value)s” i kolumnen loefte_id är inte ett nummer.")
            % {"value": Truncator(values["loefte_id"]).chars(40)}
            if values["loefte_id"].strip()
            else _("Löftets nummer saknas i kolumnen loefte_id.")
        )
    party_id = _reference(values, "part_id", problems)
    names_measure = bool(values.get("matt_id", "").strip())
    if names_measure != (kind == MEASURE):
        problems.append(
            _("En rad med radtypen mått ska ha måttets nummer i kolumnen matt_id.")
            if kind == MEASURE
            else _("En rad med radtypen löfte har inget mått: lämna kolumnen matt_id tom.")
        )
    if problems:
        return
    if kind == MEASURE:
        _parse_measure_line(values, commitment_id, party_id, line, parsed)
        return
    # A circumstance by its number, or a new one of the same file by its label.
    circumstance = values.get("omstandighet_id", "").strip()
    circumstance_id = _number(circumstance) if circumstance else None
    status_text = values["status"].strip()
    status = status_from_text(status_text)
    if status_text and status is None:
        problems.append(
            _("Okänd status ”%(value)s” i kolumnen status. Använd en av: %(choices)s.")
            % {
                "value": status_text,
                "choices": ", ".join(str(s.label) for s in Status),
            }
        )
    count = _parse_count(values, problems)
    if problems:
        return
    parsed.rows.append(
        StatusInput(
            commitment_id=commitment_id,
            status=status.value if status else "",
            party_id=party_id,
            circumstance_id=circumstance_id,
            circumstance_label="" if circumstance_id is not None else circumstance,
            reason=_uncell(values["skal"]),
            comment=_uncell(values["kommentar"]),
            count=count,
        )
    )
    parsed.lines.append(line)


def _attach_measures(parsed):
    """Give each löfte's row the values of its measure lines; a measure line without its
    löfte's line is an error."""
    keys = set()
    for index, row in enumerate(parsed.rows):
        keys.add((row.commitment_id, row.party_id))
        lines = parsed.measure_lines.get((row.commitment_id, row.party_id))
        if lines is not None:
            given = tuple(value for _line, value in lines if value is not None)
            parsed.rows[index] = replace(row, measure_values=given)
    for (commitment_id, party_id), lines in parsed.measure_lines.items():
        if (commitment_id, party_id) not in keys:
            for line, _value in lines:
                parsed.error(
                    line,
                    _(
                        "Måttets rad hör till löfte %(id)s, men filen saknar löftets egen rad "
                        "(utan matt_id) för samma part. Lägg tillbaka den raden."
                    )
                    % {"id": commitment_id},
                )


def parse_rows(data):
    """Read an uploaded file (bytes). Returns a ParsedFile; its errors name each bad line."""
    parsed = ParsedFile()
    if data.startswith(b"PK\x03\x04"):
        parsed.error(
            1,
            _(
                "Filen är en Excel-arbetsbok, inte en CSV-fil. Välj Spara som och filformatet "
                "”CSV UTF-8 (kommaavgränsad)” i Excel, och läs in den filen."
            ),
        )
        return parsed
    text = _decode(data)
    if not text.strip():
        parsed.error(1, _("Filen är tom. Exportera uppföljningen och fyll i den filen."))
        return parsed
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n")[0]))
    try:
        header = next(reader)
        keys = _check_header(header, parsed)
        if parsed.errors:
            return parsed
        line = reader.line_num + 1
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(value.strip() for value in record):
                continue  # blank lines, or lines of separators only, as Excel may leave
            if len(record) != len(keys):
                parsed.error(
                    start,
                    _(
                        "Raden har %(count)s fält men rubrikraden har %(expected)s. Texter som "
                        "innehåller semikolon eller radbrytningar ska stå inom citattecken."
                    )
                    % {"count": len(record), "expected": len(keys)},
                )
                continue
            _parse_line(dict(zip(keys, record, strict=True)), start, parsed)
    except csv.Error as error:
        message = _("Filen kan inte läsas som CSV (%(error)s).") % {"error": error}
        parsed.error(reader.line_num, message)
    _attach_measures(parsed)
    return parsed
