"""The spreadsheet round trip of a follow-up: export its rows as CSV that Excel opens with Swedish
characters intact, and read the edited file back.

The file is UTF-8 with a byte order mark, `;`-separated (Swedish Excel's list separator) and
quoted where needed, one line per löfte and reporting part (a löfte of several parties has a line
for the whole löfte and one for each party's own part, `part_id` empty for the whole löfte). Only
`part_id`, `status`, `skal`, `omstandighet_id`, `kommentar` and `uppnatt_antal` are read back; the
other columns are there so that the person editing sees what they edit. A part left without a
status has not been reported. The follow-up's circumstances and other work are not in the file:
they are written in the admin, and a line refers to a circumstance by its number.
Reading checks the form of the file (columns, numbers, status words, no control characters) line
by line; what the rows mean (which löften, which statuses need a reason) is checked by
`followup.services`, the same as for the one-page form.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Status, status_from_text
from .services import StatusInput

#: The columns, in order: stable keys (the header row) and what each holds.
COLUMNS = {
    "loefte_id": gettext_lazy("löftets nummer (ändra inte)"),
    "part": gettext_lazy("vem som lovar"),
    "loefte": gettext_lazy("löftet"),
    "mal": gettext_lazy("mätbart mål"),
    "foregaende_status": gettext_lazy("status i föregående uppföljning"),
    "status": gettext_lazy("ny status"),
    "skal": gettext_lazy("skäl"),
    "kommentar": gettext_lazy("kommentar"),
    "uppnatt_antal": gettext_lazy("uppnått antal"),
    "part_id": gettext_lazy("rapporterande parts nummer (ändra inte; tom för hela löftet)"),
    "rapporterande_part": gettext_lazy("rapporterande part"),
    "omstandighet_id": gettext_lazy("omständighetens nummer, i stället för eller utöver skäl"),
}
#: The columns an import needs; the others may be left out.
REQUIRED_COLUMNS = ("loefte_id", "status", "skal", "kommentar", "uppnatt_antal")
#: Which column holds which field of a status row (for error messages).
FIELD_COLUMNS = {
    "status": "status",
    "reason": "skal",
    "party": "part_id",
    "circumstance": "omstandighet_id",
    "comment": "kommentar",
    "achieved_number": "uppnatt_antal",
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


def export_rows(rows):
    """The CSV text (with its byte order mark) for a follow-up's `rows`
    (`followup.selectors.FollowUpRows`): a line per löfte and reporting part."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for commitment in rows.commitments:
        target = (
            f"{commitment.target_number} {commitment.target_unit}"
            if commitment.target_number is not None
            else ""
        )
        for party, status, previous in rows.slots(commitment):
            writer.writerow(
                [
                    commitment.pk,
                    formula_safe(commitment.party_names()),
                    formula_safe(commitment.text),
                    formula_safe(target),
                    _status_label(previous.status if previous else ""),
                    _status_label(status.status if status else ""),
                    formula_safe(status.reason if status else ""),
                    formula_safe(status.comment if status else ""),
                    ""
                    if status is None or status.achieved_number is None
                    else status.achieved_number,
                    party.pk if party else "",
                    formula_safe(party.name if party else _("hela löftet")),
                    (status.circumstance_id or "") if status else "",
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

    def error(self, line, message):
        self.errors.append((line, message))


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
    for column in REQUIRED_COLUMNS:
        char = _control_character(values[column])
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
    status_text = values["status"].strip()
    status = status_from_text(status_text)
    references = {}
    for column, name in (("part_id", "party"), ("omstandighet_id", "circumstance")):
        text = values.get(column, "").strip()
        references[name] = _number(text) if text else None
        if text and references[name] is None:
            problems.append(
                _("”%(value)s” i kolumnen %(column)s är inte ett nummer.")
                % {"value": Truncator(text).chars(40), "column": column}
            )
    if status_text and status is None:
        problems.append(
            _("Okänd status ”%(value)s” i kolumnen status. Använd en av: %(choices)s.")
            % {
                "value": status_text,
                "choices": ", ".join(str(s.label) for s in Status),
            }
        )
    achieved_text = values["uppnatt_antal"].strip()
    achieved = _number(achieved_text) if achieved_text else None
    if achieved_text and achieved is None:
        problems.append(
            _("”%(value)s” i kolumnen uppnatt_antal är ett för stort tal.")
            % {"value": Truncator(achieved_text).chars(40)}
            if re.fullmatch(r"[0-9]+", "".join(achieved_text.split()))
            else _("”%(value)s” i kolumnen uppnatt_antal är inte ett heltal (0 eller mer).")
            % {"value": Truncator(achieved_text).chars(40)}
        )
    for problem in problems:
        parsed.error(line, problem)
    if problems:
        return
    parsed.rows.append(
        StatusInput(
            commitment_id=commitment_id,
            status=status.value if status else "",
            party_id=references["party"],
            circumstance_id=references["circumstance"],
            reason=_uncell(values["skal"]),
            comment=_uncell(values["kommentar"]),
            achieved_number=achieved,
        )
    )
    parsed.lines.append(line)


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
    return parsed
