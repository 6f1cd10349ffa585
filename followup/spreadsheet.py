"""The spreadsheet round trip of a follow-up: export its rows as CSV that Excel opens with Swedish
characters intact, and read the edited file back.

The file is UTF-8 with a byte order mark, `;`-separated (Swedish Excel's list separator) and
quoted where needed: one line per löfte and reporting part, followed by one line per measure
(mått) of that löfte, which names the measure in `matt_id` and leaves the status columns empty.
A löfte of several parties has a line for the whole löfte and one for each party's own part
(`part_id` empty for the whole löfte), each with its own measure lines. Every line names the
follow-up's period in words (a file of another period is refused). A löfte's line carries
`status`, `skal`, `omstandighet_id`, `kommentar` and, for a recurring löfte, `antal` (its count
in the period); a measure's line carries `uppnatt`, its achieved value, written "ca 100" when it
is approximate. Only those columns and `part_id` are read back; the others are there so that the
person editing sees what they edit. A part left without a status has not been reported. A löfte
whose measure lines are all left out of the file keeps its values; where the file has its
measure lines, an empty `uppnatt` removes that value. The follow-up's circumstances and other
work are not in the file: they are written in the admin, and a line refers to a circumstance by
its number.
Reading checks the form of the file (columns, numbers, status words, no control characters) line
by line; what the rows mean (which löften, which statuses need a reason) is checked by
`followup.services`, the same as for the one-page form.
"""

import csv
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
from .services import MeasureInput, StatusInput

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
    "part_id": gettext_lazy("rapporterande parts nummer (ändra inte; tom för hela löftet)"),
    "rapporterande_part": gettext_lazy("rapporterande part"),
    "omstandighet_id": gettext_lazy("omständighetens nummer, i stället för eller utöver skäl"),
}
#: The columns an import needs; the others may be left out.
REQUIRED_COLUMNS = ("loefte_id", "status", "skal", "kommentar")
#: The columns read back when present.
READ_COLUMNS = (*REQUIRED_COLUMNS, "matt_id", "antal", "uppnatt", "part_id", "omstandighet_id")
#: Which column holds which field of a status row (for error messages).
FIELD_COLUMNS = {
    "status": "status",
    "reason": "skal",
    "party": "part_id",
    "circumstance": "omstandighet_id",
    "comment": "kommentar",
    "count": "antal",
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


def export_rows(rows, period):
    """The CSV text (with its byte order mark) for a follow-up's `rows`
    (`followup.selectors.FollowUpRows`, its löften read with their measures and its statuses
    with their measure values): a line per löfte and reporting part, each followed by its
    measure lines, every line naming the follow-up's `period`."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for commitment in rows.commitments:
        for party, status, previous in rows.slots(commitment):
            part = [
                party.pk if party else "",
                formula_safe(party.name if party else _("hela löftet")),
            ]
            writer.writerow(
                [
                    commitment.pk,
                    "",
                    formula_safe(commitment.party_names()),
                    formula_safe(commitment.text),
                    formula_safe(commitment.rate_target_text()),
                    _status_label(previous.status if previous else ""),
                    _status_label(status.status if status else ""),
                    formula_safe(status.reason if status else ""),
                    formula_safe(status.comment if status else ""),
                    "" if status is None or status.count is None else status.count,
                    "",
                    str(period),
                    *part,
                    (status.circumstance_id or "") if status else "",
                ]
            )
            values = {v.measure_id: v for v in status.measure_values.all()} if status else {}
            for measure in commitment.measures.all():
                value = values.get(measure.pk)
                writer.writerow(
                    [
                        commitment.pk,
                        measure.pk,
                        "",
                        formula_safe(measure.name),
                        formula_safe(measure.target_text()),
                        *([""] * 5),
                        approximate_cell(value.value, value.approximate) if value else "",
                        str(period),
                        *part,
                        "",
                    ]
                )
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

    def error(self, line, message):
        self.errors.append((line, message))

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


def _parse_line(values, line, parsed):
    problems = _control_problems(values)
    if problems:
        for problem in problems:
            parsed.error(line, problem)
        return
    commitment_id = _number(values["loefte_id"])
    if commitment_id is None:
        problems.append(
            _("Löftets nummer ”%(value)s” i kolumnen loefte_id är inte ett nummer.")
            % {"value": Truncator(values["loefte_id"]).chars(40)}
            if values["loefte_id"].strip()
            else _("Löftets nummer saknas i kolumnen loefte_id.")
        )
    references = {}
    for column, name in (("part_id", "party"), ("omstandighet_id", "circumstance")):
        text = values.get(column, "").strip()
        references[name] = _number(text) if text else None
        if text and references[name] is None:
            problems.append(
                _("”%(value)s” i kolumnen %(column)s är inte ett nummer.")
                % {"value": Truncator(text).chars(40), "column": column}
            )
    if commitment_id is not None and not problems and values.get("matt_id", "").strip():
        _parse_measure_line(values, commitment_id, references["party"], line, parsed)
        return
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
    for problem in problems:
        parsed.error(line, problem)
    if problems:
        return
    parsed.periods[line] = values.get("period", "").strip()
    parsed.rows.append(
        StatusInput(
            commitment_id=commitment_id,
            status=status.value if status else "",
            party_id=references["party"],
            circumstance_id=references["circumstance"],
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
