"""The register of lokalpolisområden: a CSV file of areas and the kommuner they serve, checked
row by row and then written to the database in one transaction (`import_police_areas`).

The command `import_police_areas` and the data migration that loads the shipped
`data/lokalpolisomraden.csv` both call `import_police_areas`; the migration passes its own
historical `apps`, so this module uses only fields and managers, never model methods.

The file's columns are `COLUMNS`; kommunkoder and kommuner are lists separated by `|`. A name
may end in notes in brackets, separated by semicolons: "Norrmalm (t.o.m. 2024)",
"Lidingö-Kungsholmen (fr.o.m. 2025; tidigare Norrmalm)", "Södra Roslagen (tidigare Täby)".
`t.o.m.`/`fr.o.m.` take a year or a date and set the area's validity; `tidigare` names the
predecessors (several joined by "och" or commas). A predecessor that no row describes is created
by name only, in the successor's region and polisområde.

Areas are matched by name ("Lokalpolisområde Katrineholm"); a row sets its area's region,
polisområde, validity, source and exactly the kommuner it lists. Predecessor links are only
added, never removed. Areas the file does not name are left alone: the file may be partial.
"""

import csv
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps as django_apps
from django.db import transaction
from django.utils.text import slugify

COLUMNS = (
    "lokalpolisomrade",
    "polisomrade",
    "polisregion",
    "kommunkoder",
    "kommuner",
    "source_url",
    "source_date",
    "confidence",
)
SEPARATOR = "|"
CONFIRMED, INFERRED = "confirmed", "inferred"
AREA_PREFIX = "Lokalpolisområde "
DISTRICT_PREFIX = "Polisområde "
REGION_PREFIX = "Region "
#: A kommun only partly served by the area: "Stockholm (del)".
PART_SUFFIX = " (del)"

_NOTES = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<notes>[^()]*)\)$")
_BOUND = re.compile(r"^(?P<kind>t\.o\.m\.|fr\.o\.m\.)\s*(?P<value>\d{4}(-\d{2}-\d{2})?)$")
_PREDECESSORS = re.compile(r"^tidigare\s+(?P<names>.+)$")
_AND = re.compile(r"\s*,\s*|\s+och\s+")


class RegisterError(Exception):
    """The file cannot be imported; `errors` says why, one Swedish sentence per problem."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class AreaRow:
    """One checked row of the file, with the names as the database writes them."""

    line: int
    name: str
    district: str  # "" when the file does not know the polisområde
    region: str
    codes: tuple[str, ...]
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    predecessors: tuple[str, ...]
    source_url: str
    source_date: str
    confidence: str


@dataclass
class Outcome:
    """What an import did (or, in a dry run, would do)."""

    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def changed_nothing(self) -> bool:
        return not self.created and not self.changed


def import_police_areas(
    path: Path | str, *, apps=django_apps, confirmed_only: bool = False, reason: str = ""
) -> Outcome:
    """Check every row of the file at `path`, then bring the database in line with it in one
    transaction. Raises `RegisterError` with every problem found, having saved nothing.
    `confirmed_only` leaves out the rows whose confidence is `inferred`."""
    rows = check(read(path), apps)
    selected = [row for row in rows if row.confidence == CONFIRMED or not confirmed_only]
    with transaction.atomic():
        outcome = _apply(selected, apps, reason)
    outcome.skipped = [row.name for row in rows if row not in selected]
    return outcome


def read(path: Path | str) -> list[dict[str, str]]:
    """The rows of the file, as dictionaries of its columns."""
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
            if missing:
                raise RegisterError(
                    [
                        f"Filen saknar kolumnerna {', '.join(missing)}. Första raden ska vara: "
                        f"{','.join(COLUMNS)}"
                    ]
                )
            # A short row's missing cells are None; a long row's extra cells (key None) go.
            return [
                {key: (value or "").strip() for key, value in row.items() if key is not None}
                for row in reader
            ]
    except FileNotFoundError:
        raise RegisterError([f"Filen {path} finns inte."]) from None
    except UnicodeDecodeError:
        raise RegisterError([f"Filen {path} är inte sparad som UTF-8."]) from None


def check(raw_rows: list[dict[str, str]], apps=django_apps) -> list[AreaRow]:
    """Every row checked against the reference data; `RegisterError` lists all problems."""
    Municipality = apps.get_model("municipalities", "Municipality")
    PoliceDistrict = apps.get_model("municipalities", "PoliceDistrict")
    municipalities = {
        m.code: m for m in Municipality.objects.select_related("county__police_region")
    }
    regions = set(
        apps.get_model("municipalities", "PoliceRegion").objects.values_list("name", flat=True)
    )
    district_regions = dict(PoliceDistrict.objects.values_list("name", "region__name"))
    errors: list[str] = []
    rows: list[AreaRow] = []
    first_line: dict[str, int] = {}
    for line, raw in enumerate(raw_rows, start=2):
        problems: list[str] = []
        row = _parse(line, raw, problems)
        where = f"Rad {line} ({raw['lokalpolisomrade'] or 'namn saknas'})"
        if row is not None:
            if row.name in first_line:
                problems.append(f"lokalpolisområdet finns redan på rad {first_line[row.name]}")
            else:
                first_line[row.name] = line
            if row.region not in regions:
                problems.append(
                    f"okänd polisregion ”{raw['polisregion']}”; giltiga är "
                    + ", ".join(sorted(r.removeprefix(REGION_PREFIX) for r in regions))
                )
            elif row.district:
                known = district_regions.setdefault(row.district, row.region)
                if known != row.region:
                    problems.append(f"{row.district} hör till {known}, inte {row.region}")
            problems += _check_municipalities(row, raw, municipalities, regions)
        errors += [f"{where}: {problem}." for problem in problems]
        if row is not None:
            rows.append(row)
    if errors:
        raise RegisterError(errors)
    return rows


def _parse(line: int, raw: dict[str, str], problems: list[str]) -> AreaRow | None:
    name, valid_from, valid_until, predecessors = _parse_name(raw["lokalpolisomrade"], problems)
    if not name:
        problems.append("lokalpolisområdets namn saknas")
    confidence = raw["confidence"]
    if confidence not in (CONFIRMED, INFERRED):
        problems.append(
            f"okänd säkerhet ”{confidence}”; skriv {CONFIRMED} (källan nämner kommunerna) "
            f"eller {INFERRED} (härlett, t.ex. ur områdets namn)"
        )
    if not raw["source_url"].startswith(("http://", "https://")):
        problems.append("källan (source_url) ska vara en webbadress som börjar med https://")
    if valid_from and valid_until and valid_until < valid_from:
        problems.append("området upphör (t.o.m.) innan det börjar (fr.o.m.)")
    if name in predecessors:
        problems.append("området kan inte vara sin egen föregångare")
    if not name:
        return None
    district = raw["polisomrade"]
    # "(ej bekräftat, Skåne)": the file does not know the polisområde.
    district = "" if district.startswith("(") else _prefixed(district, DISTRICT_PREFIX)
    return AreaRow(
        line=line,
        name=name,
        district=district,
        region=_prefixed(raw["polisregion"], REGION_PREFIX),
        codes=tuple(_split(raw["kommunkoder"])),
        valid_from=valid_from,
        valid_until=valid_until,
        predecessors=predecessors,
        source_url=raw["source_url"],
        source_date=raw["source_date"],
        confidence=confidence,
    )


def _parse_name(text: str, problems: list[str]):
    """ "Norrmalm (t.o.m. 2024)" → ("Lokalpolisområde Norrmalm", None, 2024-12-31, ())."""
    valid_from = valid_until = None
    predecessors: tuple[str, ...] = ()
    match = _NOTES.match(text)
    if match:
        text = match["name"]
        for note in (n.strip() for n in match["notes"].split(";")):
            if bound := _BOUND.match(note):
                day = _day(bound["value"], end=bound["kind"] == "t.o.m.")
                if day is None:
                    problems.append(f"ogiltigt datum ”{bound['value']}”")
                elif bound["kind"] == "t.o.m.":
                    valid_until = day
                else:
                    valid_from = day
            elif before := _PREDECESSORS.match(note):
                predecessors += tuple(
                    _prefixed(n, AREA_PREFIX) for n in _AND.split(before["names"]) if n
                )
            else:
                problems.append(
                    f"okänd anmärkning ”{note}” i namnet; skriv t.o.m. ÅÅÅÅ, fr.o.m. ÅÅÅÅ "
                    "eller tidigare NAMN, åtskilda med semikolon"
                )
    elif "(" in text or ")" in text:
        problems.append("namnet har en parentes som inte står sist eller inte är stängd")
    name = _prefixed(text.strip(), AREA_PREFIX) if text.strip() else ""
    return name, valid_from, valid_until, predecessors


def _day(value: str, *, end: bool) -> datetime.date | None:
    if len(value) == 4:
        return datetime.date(int(value), 12, 31) if end else datetime.date(int(value), 1, 1)
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _check_municipalities(row: AreaRow, raw, municipalities, regions) -> list[str]:
    problems = []
    names = _split(raw["kommuner"])
    if not row.codes:
        problems.append("inga kommunkoder")
    elif len(names) != len(row.codes):
        problems.append(f"{len(row.codes)} kommunkoder men {len(names)} kommunnamn")
        names = [""] * len(row.codes)
    if len(set(row.codes)) != len(row.codes):
        problems.append("samma kommunkod står flera gånger")
    for code, name in zip(row.codes, names, strict=True):
        municipality = municipalities.get(code)
        if municipality is None:
            problems.append(f"okänd kommunkod ”{code}” (fyra siffror enligt SCB)")
            continue
        if name and name.removesuffix(PART_SUFFIX) != municipality.name:
            problems.append(f"kommunkod {code} är {municipality.name}, inte ”{name}”")
        county = municipality.county
        if row.region in regions and county.police_region.name != row.region:
            problems.append(
                f"{municipality.name} ligger i {county.name}, som hör till "
                f"{county.police_region.name}, men raden anger {row.region}"
            )
    return problems


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(SEPARATOR) if part.strip()]


def _prefixed(name: str, prefix: str) -> str:
    """ "Katrineholm" → "Lokalpolisområde Katrineholm"; a name that has the prefix keeps it."""
    if not name or name.lower().startswith(prefix.lower()):
        return name
    return prefix + name


# --- Writing ------------------------------------------------------------------------------------


def _apply(rows: list[AreaRow], apps, reason: str) -> Outcome:
    PoliceArea = apps.get_model("municipalities", "PoliceArea")
    regions = {r.name: r for r in apps.get_model("municipalities", "PoliceRegion").objects.all()}
    municipalities = {
        m.code: m for m in apps.get_model("municipalities", "Municipality").objects.all()
    }
    writer = _Writer(apps, reason)
    areas = {
        area.name: area
        for area in PoliceArea.objects.prefetch_related("municipalities", "predecessors")
    }
    for row in rows:
        values = {
            "region_id": regions[row.region].pk,
            "district_id": writer.district(row.district, regions[row.region]),
            "valid_from": row.valid_from,
            "valid_until": row.valid_until,
            "source_url": row.source_url,
            "source_date": row.source_date,
            "confidence": row.confidence,
        }
        served = [municipalities[code] for code in row.codes]
        areas[row.name] = writer.area(areas.get(row.name), row.name, values, served)
    for row in rows:
        area = areas[row.name]
        for name in row.predecessors:
            if name not in areas:
                # Known only as the name of what came before: same region and polisområde.
                stub = {
                    "region_id": area.region_id,
                    "district_id": area.district_id,
                    "source_url": row.source_url,
                    "source_date": row.source_date,
                    "confidence": row.confidence,
                }
                areas[name] = writer.area(None, name, stub, [])
            writer.predecessor(area, areas[name])
    outcome = writer.outcome
    outcome.unchanged = len({row.name for row in rows} - {*outcome.created, *outcome.changed})
    return outcome


class _Writer:
    """Saves only what differs, with `reason` in each history row, and tells what it did."""

    def __init__(self, apps, reason: str):
        self.PoliceArea = apps.get_model("municipalities", "PoliceArea")
        self.PoliceDistrict = apps.get_model("municipalities", "PoliceDistrict")
        self.districts = {d.name: d for d in self.PoliceDistrict.objects.all()}
        self.reason = reason
        self.outcome = Outcome()

    def district(self, name: str, region) -> int | None:
        if not name:
            return None
        if name not in self.districts:
            district = self.PoliceDistrict(
                name=name, slug=self._free_slug(self.PoliceDistrict, name), region=region
            )
            district._change_reason = self.reason
            district.save()
            self.districts[name] = district
            self.outcome.created.append(name)
        return self.districts[name].pk

    def area(self, area, name: str, values: dict, served: list):
        if area is None:
            area = self.PoliceArea(name=name, slug=self._free_slug(self.PoliceArea, name))
            for attname, value in values.items():
                setattr(area, attname, value)
            area._change_reason = self.reason
            area.save()
            area.municipalities.set(served)
            self.outcome.created.append(name)
            return area
        differing = [
            attname for attname, value in values.items() if getattr(area, attname) != value
        ]
        area._change_reason = self.reason
        if differing:
            for attname in differing:
                setattr(area, attname, values[attname])
            area.save(update_fields=[attname.removesuffix("_id") for attname in differing])
        now = {m.pk for m in area.municipalities.all()}
        if now != {m.pk for m in served}:
            area.municipalities.set(served)
            differing.append("municipalities")
        self._record(name, bool(differing))
        return area

    def predecessor(self, area, predecessor) -> None:
        if predecessor.pk not in {p.pk for p in area.predecessors.all()}:
            area._change_reason = self.reason
            area.predecessors.add(predecessor)
            self._record(area.name, True)

    def _record(self, name: str, changed: bool) -> None:
        if changed and name not in self.outcome.changed and name not in self.outcome.created:
            self.outcome.changed.append(name)

    @staticmethod
    def _free_slug(model, name: str) -> str:
        base = slugify(name)[:140]
        slug, n = base, 1
        while model.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug
