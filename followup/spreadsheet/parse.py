"""Reading an edited file back: its form line by line (the package's docstring describes the
lines); what the rows mean is checked by `followup.services`."""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ..models import Status, status_from_text
from ..status_inputs import (
    PART_KINDS,
    CircumstanceInput,
    FollowUpParts,
    IndicatorValueInput,
    MeasureInput,
    OtherWorkInput,
    StatusInput,
)
from .columns import (
    BOM,
    CIRCUMSTANCE,
    COLUMNS,
    COMMITMENT,
    DELIMITER,
    FORMULA_STARTS,
    INDICATOR,
    KINDS,
    MEASURE,
    OTHER_WORK,
    READ_COLUMNS,
    REQUIRED_COLUMNS,
)


def _uncell(text):
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


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
