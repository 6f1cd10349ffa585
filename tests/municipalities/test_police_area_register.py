"""The register of lokalpolisområden: the shipped file, `manage.py import_police_areas`, and
what the import refuses."""

import csv
import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from municipalities.models import Municipality, PoliceArea, PoliceDistrict
from municipalities.police_area_register import COLUMNS

pytestmark = pytest.mark.django_db

SHIPPED = "municipalities/data/lokalpolisomraden.csv"
TODAY = datetime.date(2026, 11, 25)
GOOD = {
    "lokalpolisomrade": "Testområde",
    "polisomrade": "Sörmland",
    "polisregion": "Öst",
    "kommunkoder": "0484|0486",
    "kommuner": "Eskilstuna|Strängnäs",
    "source_url": "https://polisen.se/exempel",
    "source_date": "2026-01",
    "confidence": "confirmed",
}


def shipped_rows():
    with open(SHIPPED, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write(tmp_path, *rows, columns=COLUMNS):
    path = tmp_path / "register.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(path, *args):
    out = io.StringIO()
    call_command("import_police_areas", str(path), *args, stdout=out)
    return out.getvalue()


def state():
    """Everything an import could change, and the size of the history."""
    return (
        sorted(
            (
                a.name,
                a.slug,
                a.region_id,
                a.district_id,
                a.valid_from,
                a.valid_until,
                a.source_url,
                a.source_date,
                a.confidence,
                tuple(sorted(m.code for m in a.municipalities.all())),
                tuple(sorted(p.name for p in a.predecessors.all())),
            )
            for a in PoliceArea.objects.prefetch_related("municipalities", "predecessors")
        ),
        sorted(PoliceDistrict.objects.values_list("name", "region_id")),
        PoliceArea.history.count(),
    )


# --- The shipped file -----------------------------------------------------------------------------


def test_a_fresh_database_has_every_confirmed_row_of_the_shipped_file():
    confirmed = [row for row in shipped_rows() if row["confidence"] == "confirmed"]
    for row in confirmed:
        name = "Lokalpolisområde " + row["lokalpolisomrade"].split(" (")[0]
        area = PoliceArea.objects.get(name=name)
        assert sorted(area.municipalities.values_list("code", flat=True)) == sorted(
            row["kommunkoder"].split("|")
        )
        assert (area.source_url, area.source_date, area.confidence) == (
            row["source_url"],
            row["source_date"],
            "confirmed",
        )
        assert area.region.name == "Region " + row["polisregion"]
    # Inferred rows are not shipped; Täby is known only as Södra Roslagen's former name.
    assert not PoliceArea.objects.filter(name="Lokalpolisområde Södermalm").exists()
    assert PoliceArea.objects.count() == len(confirmed) + 1


def test_katrineholm_is_flen_katrineholm_and_vingaker_in_polisomrade_sormland():
    area = PoliceArea.objects.get(slug="lokalpolisomrade-katrineholm")
    assert area.name == "Lokalpolisområde Katrineholm"
    assert area.district.name == "Polisområde Sörmland"
    assert area.district.region == area.region
    assert sorted(area.municipalities.values_list("name", flat=True)) == [
        "Flen",
        "Katrineholm",
        "Vingåker",
    ]


def test_the_whole_shipped_file_loads_and_a_rerun_changes_nothing():
    output = run(SHIPPED)
    assert "Lokalpolisområde Södermalm" in output and "Nytt:" in output
    assert PoliceArea.objects.filter(confidence="inferred").count() == sum(
        row["confidence"] == "inferred" for row in shipped_rows()
    )
    before = state()

    again = run(SHIPPED)

    assert state() == before
    assert "Inga ändringar: databasen stämmer redan med filen" in again
    assert "Nytt:" not in again and "Ändrat:" not in again


def test_the_migration_calls_the_same_import_and_changes_nothing_on_a_second_run():
    before = state()
    module = importlib.import_module("municipalities.migrations.0008_load_police_areas")
    module.load_police_areas(apps, None)
    assert state() == before


def test_confirmed_only_skips_inferred_rows(tmp_path):
    inferred = {**GOOD, "lokalpolisomrade": "Gissat", "confidence": "inferred"}
    output = run(write(tmp_path, GOOD, inferred), "--confirmed-only")
    assert PoliceArea.objects.filter(name="Lokalpolisområde Testområde").exists()
    assert not PoliceArea.objects.filter(name="Lokalpolisområde Gissat").exists()
    assert "Hoppade över 1 härledda rader (--confirmed-only): Lokalpolisområde Gissat" in output


def test_dry_run_saves_nothing(tmp_path):
    before = state()
    output = run(write(tmp_path, GOOD), "--dry-run")
    assert "Provkörning: inget sparades" in output
    assert "Nytt: Lokalpolisområde Testområde" in output
    assert state() == before


def test_it_reports_kommuner_without_a_police_area():
    output = run(SHIPPED, "--confirmed-only")
    unserved = Municipality.objects.without_police_area(TODAY)
    assert f"{unserved.count()} kommuner har inget känt lokalpolisområde i dag" in output
    assert "Gotland" in output and unserved.filter(name="Gotland").exists()
    assert not unserved.filter(name="Vingåker").exists()


def test_a_change_is_recorded_in_the_history_with_the_file_as_reason(tmp_path):
    row = {**GOOD, "lokalpolisomrade": "Katrineholm", "kommunkoder": "0483|0482|0428"}
    row |= {"kommuner": "Katrineholm|Flen|Vingåker", "source_date": "2026-11"}
    output = run(write(tmp_path, row))
    area = PoliceArea.objects.get(slug="lokalpolisomrade-katrineholm")
    assert "Ändrat: Lokalpolisområde Katrineholm" in output
    latest = area.history.first()
    assert latest.source_date == "2026-11"
    assert latest.history_change_reason == "Import av lokalpolisområden från register.csv"


def test_a_kommun_dropped_from_an_area_is_unlinked(tmp_path):
    row = {**GOOD, "lokalpolisomrade": "Katrineholm", "kommunkoder": "0483|0482"}
    run(write(tmp_path, row | {"kommuner": "Katrineholm|Flen"}))
    area = PoliceArea.objects.get(slug="lokalpolisomrade-katrineholm")
    assert sorted(area.municipalities.values_list("code", flat=True)) == ["0482", "0483"]


# --- Names with notes: validity and predecessors -----------------------------------------------


def test_the_norrmalm_split_is_shipped_as_predecessor_links():
    norrmalm = PoliceArea.objects.get(name="Lokalpolisområde Norrmalm")
    assert norrmalm.valid_until == datetime.date(2024, 12, 31)
    assert sorted(norrmalm.successors.values_list("name", flat=True)) == [
        "Lokalpolisområde Lidingö-Kungsholmen",
        "Lokalpolisområde Norra innerstaden",
    ]
    lidingo = PoliceArea.objects.get(name="Lokalpolisområde Lidingö-Kungsholmen")
    assert lidingo.valid_from == datetime.date(2025, 1, 1)
    current = PoliceArea.objects.current(TODAY)
    assert lidingo in current and norrmalm not in current
    assert norrmalm in PoliceArea.objects.current(datetime.date(2024, 6, 1))
    assert lidingo not in PoliceArea.objects.current(datetime.date(2024, 6, 1))


def test_a_renamed_area_keeps_its_old_record_as_predecessor():
    taby = PoliceArea.objects.get(name="Lokalpolisområde Täby")
    roslagen = PoliceArea.objects.get(name="Lokalpolisområde Södra Roslagen")
    assert list(roslagen.predecessors.all()) == [taby]
    # Known only by name: no kommuner, and no longer current, since its successor has no start.
    assert not taby.municipalities.exists()
    assert taby.region == roslagen.region and taby.district == roslagen.district
    assert taby not in PoliceArea.objects.current(TODAY)


def test_a_merger_names_several_predecessors(tmp_path):
    rows = [
        {**GOOD, "lokalpolisomrade": "Väster (t.o.m. 2025-06-30)", "kommunkoder": "0484"},
        {**GOOD, "lokalpolisomrade": "Öster (t.o.m. 2025-06-30)", "kommunkoder": "0486"},
        {**GOOD, "lokalpolisomrade": "Mitt (fr.o.m. 2025-07-01; tidigare Väster och Öster)"},
    ]
    rows[0]["kommuner"], rows[1]["kommuner"] = "Eskilstuna", "Strängnäs"
    run(write(tmp_path, *rows))
    merged = PoliceArea.objects.get(name="Lokalpolisområde Mitt")
    assert sorted(merged.predecessors.values_list("name", flat=True)) == [
        "Lokalpolisområde Väster",
        "Lokalpolisområde Öster",
    ]
    assert merged.valid_from == datetime.date(2025, 7, 1)
    assert PoliceArea.objects.get(name="Lokalpolisområde Väster").valid_until == datetime.date(
        2025, 6, 30
    )


def test_an_unknown_polisomrade_is_left_empty(tmp_path):
    run(write(tmp_path, GOOD | {"polisomrade": "(ej bekräftat, Sörmland)"}))
    assert PoliceArea.objects.get(name="Lokalpolisområde Testområde").district is None


# --- Refusals: each says what is wrong, and nothing is saved -----------------------------------


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            {"kommunkoder": "0484|0999", "kommuner": "Eskilstuna|Ingenstans"},
            "Rad 3 (Fel): okänd kommunkod ”0999”",
        ),
        ({"polisregion": "Väster"}, "Rad 3 (Fel): okänd polisregion ”Väster”"),
        (
            {"polisregion": "Bergslagen", "polisomrade": "Örebro"},
            "Eskilstuna ligger i Södermanlands län, som hör till Region Öst, men raden anger "
            "Region Bergslagen",
        ),
        ({"confidence": "kanske"}, "Rad 3 (Fel): okänd säkerhet ”kanske”"),
        ({"kommuner": "Eskilstuna|Flen"}, "kommunkod 0486 är Strängnäs, inte ”Flen”"),
        ({"kommuner": "Eskilstuna"}, "2 kommunkoder men 1 kommunnamn"),
        ({"source_url": ""}, "källan (source_url) ska vara en webbadress"),
        ({"lokalpolisomrade": "Fel (snart)"}, "okänd anmärkning ”snart” i namnet"),
        (
            {"lokalpolisomrade": "Fel (fr.o.m. 2025; t.o.m. 2024)"},
            "området upphör (t.o.m.) innan det börjar (fr.o.m.)",
        ),
        ({"polisomrade": "Stockholm city"}, "Polisområde Stockholm city hör till Region Stockholm"),
    ],
)
def test_an_error_is_reported_and_nothing_is_saved(tmp_path, bad, message):
    before = state()
    path = write(tmp_path, GOOD, {**GOOD, "lokalpolisomrade": "Fel", **bad})
    with pytest.raises(CommandError) as refused:
        run(path)
    assert message in str(refused.value)
    assert "Filen lästes inte in; inget sparades." in str(refused.value)
    assert state() == before


def test_a_duplicate_area_row_is_refused(tmp_path):
    before = state()
    with pytest.raises(CommandError) as refused:
        run(write(tmp_path, GOOD, GOOD | {"lokalpolisomrade": "Testområde (t.o.m. 2030)"}))
    assert "Rad 3 (Testområde (t.o.m. 2030)): lokalpolisområdet finns redan på rad 2." in str(
        refused.value
    )
    assert state() == before


def test_every_problem_is_listed_at_once(tmp_path):
    with pytest.raises(CommandError) as refused:
        run(
            write(
                tmp_path,
                GOOD | {"confidence": "?"},
                GOOD | {"lokalpolisomrade": "Annat", "polisregion": "Mars"},
            )
        )
    assert "2 fel" in str(refused.value)


def test_a_file_without_the_columns_is_refused(tmp_path):
    path = write(tmp_path, GOOD, columns=COLUMNS[:-1])
    with pytest.raises(CommandError) as refused:
        run(path)
    assert "Filen saknar kolumnerna confidence" in str(refused.value)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError) as refused:
        run(tmp_path / "finns-inte.csv")
    assert "finns inte" in str(refused.value)


def test_a_short_or_long_row_is_read_without_crashing(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(
        ",".join(COLUMNS) + "\nKort,Sörmland,Öst\n"
        "Lång,Sörmland,Öst,0484,Eskilstuna,https://polisen.se/x,2026,confirmed,extra\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as refused:
        run(path)
    assert "Rad 2 (Kort): okänd säkerhet" in str(refused.value)
    assert "Rad 3" not in str(refused.value)
