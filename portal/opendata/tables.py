"""The CSV files: the API's rows, filtered by the same filters and written by the same
serializers, flattened to one line each for Swedish Excel (UTF-8 with a byte order mark, `;`
between columns, texts that look like formulas behind an apostrophe, as the follow-up
spreadsheet writes them)."""

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from followup.spreadsheet import BOM, DELIMITER, formula_safe

from ..cache import NATIONAL, cached_response
from . import api
from .datasets import BY_KEY, add_licence
from .serializers import serializer_context


def _path(path: str) -> Callable:
    def read(row):
        for key in path.split("."):
            if row is None:
                return None
            row = row[key]
        return row

    return read


def _joined(path: str, key: str) -> Callable:
    def read(row):
        return ", ".join(
            str(item[key]) if isinstance(item, dict) else str(item) for item in _path(path)(row)
        )

    return read


def _period_name(path: str) -> Callable:
    def read(row):
        value = _path(path)(row)
        return "" if value is None else value["name"]

    return read


def _measures(row) -> str:
    """Every measure in one cell: "Trafikkontroller: ca 100 av 120 st; Platser: 15"."""
    return "; ".join(f"{m['name']}: {m['text']}" for m in row["measures"])


def _rate(key: str) -> Callable:
    def read(row):
        rate = row["rate"]
        return "" if rate is None or rate[key] is None else rate[key]

    return read


def _amendments(row):
    """ "2025-09-30: Mätbart mål: 20 kontroller → 30 kontroller (skäl)", one per amendment."""
    return " | ".join(
        "{date}: {changes} ({reason})".format(
            date=(amendment["approved_at"] or "")[:10],
            changes="; ".join(
                f"{c['label']}: {c['before_text']} → {c['after_text']}"
                for c in amendment["changes"]
            ),
            reason=amendment["reason"],
        )
        for amendment in row["amendments"]
    )


@dataclass(frozen=True)
class Column:
    header: str
    read: Callable


def columns(*pairs):
    return tuple(
        Column(header, _path(read) if isinstance(read, str) else read) for header, read in pairs
    )


DOCUMENT = (
    ("kommunkod", "municipality.code"),
    ("kommun", "municipality.name"),
    ("lanskod", "county.code"),
    ("lan", "county.name"),
    ("lokalpolisomrade", "police_area.name"),
)

#: The columns of each file; the header row is the first item of each pair.
COLUMNS = {
    "medborgarloften": columns(
        ("id", "id"),
        ("titel", "title"),
        ("adress", "url"),
        *DOCUMENT,
        ("giltig_fran", "valid_from"),
        ("giltig_till", "valid_until"),
        ("status", "state"),
        ("fas", "phase"),
        ("publicerat", "published_at"),
        ("skal_till_tillbakadragande", "withdrawal_reason"),
        ("del_av_kommunen", "district"),
        ("uppfoljningsintervall", "cadence"),
        ("parter", _joined("parties", "name")),
        ("lagesbild", "situation"),
        ("effekter_och_mal", "effects"),
        ("plan_for_uppfoljning", "followup_plan"),
        ("diarienummer", "case_number"),
        ("beslutat_av", "decided_by"),
        ("beslutsdatum", "decided_on"),
        ("ort_for_underskrift", "signed_place"),
        ("datum_for_underskrift", "signed_on"),
        ("namnger_inga_undertecknare", "names_no_signatories"),
        ("loften_i_bilaga", "commitments_in_attachment"),
        ("genomfort_procent", "progress"),
        ("senaste_uppfoljning", _period_name("latest_followup")),
        ("uppfoljning_forsenad", "followup_overdue"),
        ("ersatter", "replaces"),
        ("antal_loften", lambda row: len(row["commitments"])),
        ("underlag", _joined("sources", "kind_label")),
        ("platser", _joined("places", "name")),
        ("undertecknare", _joined("signatories", "name")),
        ("bilagor", _joined("attachments", "title")),
        ("effektindikatorer", _joined("effect_indicators", "name")),
    ),
    "loften": columns(
        ("id", "id"),
        ("adress", "url"),
        ("medborgarlofte", "promise"),
        *DOCUMENT,
        ("part", "party"),
        ("part_text", "party_label"),
        ("parter", "party_names"),
        ("inledning", "lead_in"),
        ("loefte", "text"),
        ("takt_mal", _rate("target_text")),
        ("galler_fran", "starts_on"),
        ("galler_till", "ends_on"),
        ("andringar", _amendments),
        ("fokusomraden", _joined("focus_areas", "slug")),
        ("senaste_status", "latest_status"),
        ("senaste_status_text", "latest_status_label"),
        ("senaste_procent", "latest_progress"),
        ("senaste_procent_text", "latest_progress_label"),
        ("senaste_skal", "latest_reason"),
        ("matt", _measures),
        ("senaste_antal", _rate("count")),
        ("senaste_takt", _rate("text")),
        ("senaste_uppfoljning", _period_name("latest_followup")),
    ),
    "uppfoljningar": columns(
        ("id", "id"),
        ("adress", "url"),
        ("medborgarlofte", "promise"),
        ("kommunkod", "municipality.code"),
        ("kommun", "municipality.name"),
        ("uppfoljningsintervall", "cadence"),
        ("ar", "year"),
        ("period", "number"),
        ("period_namn", "period_name"),
        ("period_start", "period_start"),
        ("period_slut", "period_end"),
        ("publicerad", "published_at"),
        ("sammanfattning", "summary"),
        ("genomfort_procent", "progress"),
        # A löfte reported in parts has a status row per part: counted once.
        ("antal_loften", lambda row: len({status["commitment"] for status in row["statuses"]})),
        ("antal_omstandigheter", lambda row: len(row["circumstances"])),
        ("antal_ovrigt_arbete", lambda row: len(row["other_work"])),
    ),
    "statusar": columns(
        ("id", "id"),
        ("uppfoljning", "followup"),
        ("medborgarlofte", "promise"),
        ("kommunkod", "municipality.code"),
        ("kommun", "municipality.name"),
        ("uppfoljningsintervall", "cadence"),
        ("ar", "year"),
        ("period", "number"),
        ("period_namn", "period_name"),
        ("loefte", "commitment"),
        ("rapporterande_part_id", "party.id"),
        ("rapporterande_part", "party.name"),
        ("status", "status"),
        ("status_text", "status_label"),
        ("procent", "progress"),
        ("procent_text", "progress_label"),
        ("skal", "reason"),
        ("omstandighet_id", "circumstance.id"),
        ("omstandighet", "circumstance.title"),
        ("kommentar", "comment"),
        ("matt", _measures),
        ("antal", _rate("count")),
        ("takt", _rate("text")),
    ),
    "kommuner": columns(
        ("kommunkod", "code"),
        ("namn", "name"),
        ("kortnamn", "slug"),
        ("lanskod", "county.code"),
        ("lan", "county.name"),
        ("lokalpolisomraden", _joined("police_areas", "slug")),
        ("har_gallande_medborgarlofte", "has_current_promise"),
        ("adress", "url"),
    ),
    "lokalpolisomraden": columns(
        ("kortnamn", "slug"),
        ("namn", "name"),
        ("polisregion", "region"),
        ("polisomrade", "district"),
        ("kommunkoder", _joined("municipalities", "code")),
        ("kant_fran", "valid_from"),
        ("kant_till", "valid_until"),
        ("foregangare", _joined("predecessors", "slug")),
        ("kalla", "source_url"),
        ("kallans_datum", "source_date"),
        ("sakerhet", "confidence"),
        ("adress", "url"),
    ),
    "fokusomraden": columns(
        ("kortnamn", "slug"),
        ("namn", "name"),
        ("beskrivning", "description"),
        ("aktivt", "is_active"),
        ("antal_publicerade_loften", "published_commitment_count"),
        ("adress", "url"),
    ),
}

#: Which API endpoint reads, filters and writes each file's rows.
VIEWSETS = {dataset.key: api.router_viewsets[dataset.api] for dataset in BY_KEY.values()}


def cell(value):
    """One value as a cell: empty for none, "ja"/"nej" for yes and no, texts never formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if isinstance(value, str):
        return formula_safe(value)
    return value


def render(key: str, rows) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    table = COLUMNS[key]
    writer.writerow(column.header for column in table)
    for row in rows:
        writer.writerow(cell(column.read(row)) for column in table)
    return out.getvalue()


def _refusal(text: str, status: int) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def download(request: HttpRequest, key: str) -> HttpResponse:
    """`/oppna-data/<key>.csv`, filtered by the same query parameters as the API's list."""
    if key not in COLUMNS:
        raise Http404
    throttle = api.OpenDataThrottle()
    if not throttle.allow_request(request, None):
        response = _refusal(api.wait_message(throttle.wait()), 429)
        response["Retry-After"] = str(math.ceil(throttle.wait() or 0))
        return response
    # From the page cache (portal/cache.py) once the throttle has counted the request; those the
    # cache answers before this view runs are counted by `count_request`.
    return cached_response(
        request, [NATIONAL], lambda: _table(request, key), guard=api.count_request
    )


download.page_cache_scope = NATIONAL  # answered from the page cache (portal/cache.py)


def _table(request: HttpRequest, key: str) -> HttpResponse:
    viewset = VIEWSETS[key]
    queryset = viewset.read_rows()
    if viewset.filterset_class is not None:
        filterset = viewset.filterset_class(request.GET, queryset=queryset, request=request)
        if not filterset.is_valid():
            lines = [
                f"{name}: {message}"
                for name, messages in filterset.errors.items()
                for message in messages
            ]
            return _refusal("\n".join(lines), 400)
        queryset = filterset.qs
    data = viewset.serializer_class(queryset, many=True, context=serializer_context(request)).data
    response = HttpResponse(render(key, data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{key}.csv"'
    return add_licence(response)
