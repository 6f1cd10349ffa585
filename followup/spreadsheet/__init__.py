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

from .columns import BOM, COLUMNS, DELIMITER, FIELD_COLUMNS, PART_FIELD_COLUMNS, formula_safe
from .export import export_rows
from .parse import parse_rows, parse_value

__all__ = [
    "BOM",
    "COLUMNS",
    "DELIMITER",
    "FIELD_COLUMNS",
    "PART_FIELD_COLUMNS",
    "export_rows",
    "formula_safe",
    "parse_rows",
    "parse_value",
]
