"""The file's columns and kinds of line, shared by the export and the reading (the package's
docstring describes the file)."""

from django.utils.translation import gettext_lazy

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
