"""The spreadsheet carries the whole follow-up: besides the löften, its circumstances, its other
work and the values of the document's effect indicators reported in it, each read back and saved
with the statuses in one transaction, every bad line named with its number."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from followup import services, status_inputs
from followup.indicator_values import IndicatorValue
from followup.models import Circumstance, CommitmentStatus, OtherWork, Status
from followup.spreadsheet import COLUMNS
from tests.factories import (
    CircumstanceFactory,
    DocumentPartyFactory,
    EffectIndicatorFactory,
    IndicatorValueFactory,
    OtherWorkFactory,
    add_indicator,
)
from tests.followup.test_spreadsheet import as_file, export, stored, table, upload

pytestmark = pytest.mark.django_db

#: The index of each column.
C = {key: index for index, key in enumerate(COLUMNS)}


@pytest.fixture
def followup(promise, editor):
    """The draft 2022 h1 with a circumstance, an item of other work and an indicator (measured
    2021, outside any follow-up) with a value reported in it."""
    followup = services.followup_create(promise=promise, year=2022, number=1, user=editor)
    CircumstanceFactory(followup=followup, title="Pandemin", text="Inga möten i våras.")
    OtherWorkFactory(followup=followup, title="Sommarvärdar", text="Tolv värdar.")
    indicator = add_indicator(promise, values=((2021, 55),), name="Otrygghet vid stationen")
    IndicatorValueFactory(indicator=indicator, year=2022, value=50, followup=followup, note="Enkät")
    return followup


def kind(rows, name):
    """The lines of one kind: [(line number, row)]."""
    return [(number, row) for number, row in enumerate(rows, 1) if row[C["radtyp"]] == name]


def commitment_lines(rows):
    return [row for _number, row in kind(rows, "löfte")]


def contents(followup):
    """What the file may change besides the statuses."""
    return (
        sorted((c.pk, c.title, c.text) for c in followup.circumstances.all()),
        sorted((w.pk, w.party_id, w.title, w.text) for w in followup.other_work.all()),
        sorted(
            (v.indicator_id, v.year, v.value, v.note, v.followup_id)
            for v in IndicatorValue.objects.filter(indicator__promise=followup.promise)
        ),
    )


def test_the_export_has_a_line_for_each_circumstance_other_work_and_indicator_value(
    client, editor, followup
):
    circumstance = followup.circumstances.get()
    work = followup.other_work.select_related("party").get()
    value = IndicatorValue.objects.get(followup=followup)
    empty_indicator = EffectIndicatorFactory(promise=followup.promise, name="Anmälda rån", unit="")
    client.force_login(editor)
    rows = table(export(client, followup).content)

    [(_n, line)] = [(n, r) for n, r in kind(rows, "omständighet") if r[C["omstandighet_id"]]]
    assert [line[C[k]] for k in ("omstandighet_id", "rubrik", "text", "period")] == [
        str(circumstance.pk),
        "Pandemin",
        "Inga möten i våras.",
        "2022 halvår 1",
    ]
    assert len(kind(rows, "omständighet")) == 2  # and an empty one for a new circumstance
    work_lines = [row for _n, row in kind(rows, "övrigt arbete")]
    assert [row[C["ovrigt_id"]] for row in work_lines] == [str(work.pk)] + [""] * len(
        followup.promise.parties.all()
    )
    assert [work_lines[0][C[k]] for k in ("part_id", "rapporterande_part", "rubrik", "text")] == [
        str(work.party_id),
        work.party.name,
        "Sommarvärdar",
        "Tolv värdar.",
    ]
    indicator_lines = [row for _n, row in kind(rows, "indikator")]
    assert [
        [row[C[k]] for k in ("indikator_id", "rubrik", "enhet", "mal", "ar", "varde", "text")]
        for row in indicator_lines
    ] == [
        [str(value.indicator_id), "Otrygghet vid stationen", "%", "40 %", "2022", "50", "Enkät"],
        # An indicator without a value in this follow-up: a line for the period's year.
        [str(empty_indicator.pk), "Anmälda rån", "", "40", "2022", "", ""],
    ]
    # The löften come first, as before.
    assert rows[1][C["radtyp"]] == "löfte"


def test_an_unchanged_round_trip_changes_nothing(client, editor, followup):
    client.force_login(editor)
    data = export(client, followup).content
    before = (contents(followup), stored(followup))
    version = followup.lock_version
    history = Circumstance.history.count() + OtherWork.history.count()

    response = upload(client, followup, data)

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Filen är inläst: 0 av 13 rader ändrade uppföljningen." in page.text
    assert (contents(followup), stored(followup)) == before
    followup.refresh_from_db()
    assert followup.lock_version == version
    assert Circumstance.history.count() + OtherWork.history.count() == history
    assert table(export(client, followup).content) == table(data)


def test_a_new_circumstance_is_given_by_three_löften_of_the_same_file(client, editor, followup):
    client.force_login(editor)
    old = followup.circumstances.get()
    rows = table(export(client, followup).content)
    [(_n, new)] = [(n, r) for n, r in kind(rows, "omständighet") if not r[C["omstandighet_id"]]]
    new[C["omstandighet_id"]] = "A"
    new[C["rubrik"]] = "Skogsbränder"
    new[C["text"]] = "Polisen var upptagen av bränderna i juli."
    first, second, third, fourth = commitment_lines(rows)[:4]
    first[C["status"] : C["antal"]] = ["Ej genomförd", "", ""]  # the circumstance is the reason
    second[C["omstandighet_id"]] = "a"  # a label in any case
    third[C["status"] : C["antal"]] = ["Framflyttad", "Och personalbrist.", ""]
    for row in (first, third):
        row[C["omstandighet_id"]] = " A "
    fourth[C["omstandighet_id"]] = str(old.pk)  # an existing one, by its number; nothing else

    response = upload(client, followup, as_file(rows))

    assert response.status_code == 302, response.context["file_errors"]
    fire = followup.circumstances.get(title="Skogsbränder")
    assert fire.text == "Polisen var upptagen av bränderna i juli."
    given = CommitmentStatus.objects.filter(followup=followup, circumstance=fire)
    assert sorted(given.values_list("commitment_id", flat=True)) == sorted(
        int(row[0]) for row in (first, second, third)
    )
    assert given.get(commitment=first[0]).status == Status.NOT_DONE
    assert given.get(commitment=first[0]).reason == ""
    assert CommitmentStatus.objects.get(followup=followup, commitment=fourth[0]).circumstance == old
    record = fire.history.get()
    assert (record.history_type, record.history_user) == ("+", editor)
    assert CommitmentStatus.history.filter(circumstance_id=fire.pk).count() == 3
    assert CommitmentStatus.history.filter(circumstance_id=fire.pk).first().history_user == editor
    # Exported again, the löften give it by its number.
    again = commitment_lines(table(export(client, followup).content))
    assert [row[C["omstandighet_id"]] for row in again[:4]] == [str(fire.pk)] * 3 + [str(old.pk)]


def test_other_work_is_added_edited_and_removed(client, editor, followup):
    client.force_login(editor)
    work = followup.other_work.get()
    gone = OtherWorkFactory(followup=followup, title="Klotter", text="Sanering.")
    police = followup.promise.parties.get(kind="police_area")
    rows = table(export(client, followup).content)
    lines = {row[C["ovrigt_id"]]: row for _n, row in kind(rows, "övrigt arbete")}
    lines[str(work.pk)][C["rubrik"]] = "Sommarvärdar i centrum"
    lines[str(gone.pk)][C["rubrik"]] = lines[str(gone.pk)][C["text"]] = ""
    [new] = [
        row
        for _n, row in kind(rows, "övrigt arbete")
        if not row[C["ovrigt_id"]] and row[C["part_id"]] == str(police.pk)
    ]
    new[C["rubrik"] : C["ovrigt_id"]] = ["Hundpatrull", "Varje fredag i maj.\nOch juni."]

    response = upload(client, followup, as_file(rows))

    assert response.status_code == 302, response.context["file_errors"]
    assert sorted(followup.other_work.values_list("party_id", "title", "text")) == sorted(
        [
            (work.party_id, "Sommarvärdar i centrum", "Tolv värdar."),
            (police.pk, "Hundpatrull", "Varje fredag i maj.\nOch juni."),
        ]
    )
    assert not OtherWork.objects.filter(pk=gone.pk).exists()
    assert [r.history_type for r in OtherWork.history.filter(id=gone.pk)] == ["-", "+"]
    assert work.history.first().history_user == editor


def test_an_indicator_value_is_added_changed_and_removed(client, editor, followup):
    client.force_login(editor)
    reported = IndicatorValue.objects.get(followup=followup)
    other = EffectIndicatorFactory(promise=followup.promise, name="Anmälda rån", unit="rån")
    rows = table(export(client, followup).content)
    lines = {row[C["indikator_id"]]: row for _n, row in kind(rows, "indikator")}
    lines[str(other.pk)][C["varde"]] = "12,5"
    lines[str(other.pk)][C["text"]] = "Polisens statistik"
    lines[str(reported.indicator_id)][C["varde"]] = "47"
    copy = list(lines[str(reported.indicator_id)])  # a second value, measured on a day
    copy[C["ar"] : C["varde"] + 1] = ["", "2022-05-31", "45"]
    copy[C["text"]] = ""
    rows.append(copy)

    response = upload(client, followup, as_file(rows))

    assert response.status_code == 302, response.context["file_errors"]
    added = IndicatorValue.objects.get(indicator=other)
    assert (added.year, added.value, added.note, added.followup) == (
        2022,
        Decimal("12.5"),
        "Polisens statistik",
        followup,
    )
    assert added.history.get().history_change_reason == "Värde tillagt"
    reported.refresh_from_db()
    assert (reported.value, reported.history.first().history_user) == (47, editor)
    dated = IndicatorValue.objects.get(indicator=reported.indicator, measured_on__isnull=False)
    assert (dated.year, dated.value, dated.followup) == (2022, 45, followup)
    # The value of 2021, reported in no follow-up, is not this file's.
    assert IndicatorValue.objects.get(indicator=reported.indicator, year=2021).value == 55

    # An emptied value removes this follow-up's value.
    rows = table(export(client, followup).content)
    for _n, row in kind(rows, "indikator"):
        if row[C["indikator_id"]] == str(other.pk):
            row[C["varde"]] = ""
    assert upload(client, followup, as_file(rows)).status_code == 302
    assert not IndicatorValue.objects.filter(indicator=other).exists()


def test_a_file_exported_before_the_new_line_kinds_is_still_read(client, editor, followup):
    client.force_login(editor)
    rows = [row[: C["radtyp"]] for row in table(export(client, followup).content)]
    rows = [row for row in rows if row[0] or row == rows[0]]  # as the old export wrote it
    rows[1][C["status"] : C["antal"]] = ["Genomförd", "", "Klart."]
    before = contents(followup)
    assert upload(client, followup, as_file(rows)).status_code == 302
    assert stored(followup)[int(rows[1][0])][0] == Status.DONE
    assert contents(followup) == before


def bad_line_cases(followup):
    """Each kind of bad line besides a löfte's: (what is wrong, how to break the rows, which
    returns the line that is wrong, its message)."""
    stranger_party = DocumentPartyFactory()
    circumstance = followup.circumstances.get()

    def line_of(rows, name, column, value):
        return next(row for _n, row in kind(rows, name) if row[C[column]] == value)

    def indicator(rows):
        return kind(rows, "indikator")[0][1]

    def set_cells(line, **cells):
        for column, value in cells.items():
            line[C[column]] = value
        return line

    def appended(rows, line, **cells):
        rows.append(set_cells(list(line), **cells))
        return rows[-1]

    def new_circumstance(rows):
        return line_of(rows, "omständighet", "omstandighet_id", "")

    def new_work(rows):
        return line_of(rows, "övrigt arbete", "ovrigt_id", "")

    def unknown_kind(rows):
        return set_cells(new_circumstance(rows), radtyp="anteckning")

    def unknown_circumstance(rows):
        stored_line = line_of(rows, "omständighet", "omstandighet_id", str(circumstance.pk))
        return set_cells(stored_line, omstandighet_id="999999")

    def circumstance_without_title(rows):
        return set_cells(new_circumstance(rows), text="Bara en text.")

    def unknown_label(rows):
        return set_cells(commitment_lines(rows)[0], omstandighet_id="B")

    def same_label_twice(rows):
        line = set_cells(new_circumstance(rows), omstandighet_id="A", rubrik="Bränder")
        return appended(rows, line, rubrik="Stormen")

    def removing_a_circumstance_in_use(rows):
        set_cells(commitment_lines(rows)[0], omstandighet_id=str(circumstance.pk))
        stored_line = line_of(rows, "omständighet", "omstandighet_id", str(circumstance.pk))
        return set_cells(stored_line, rubrik="", text="")

    def other_work_without_party(rows):
        return set_cells(new_work(rows), part_id="", rubrik="Hundpatrull")

    def other_work_of_another_document_s_party(rows):
        return set_cells(new_work(rows), part_id=str(stranger_party.pk), rubrik="Hundpatrull")

    def unknown_other_work(rows):
        return set_cells(kind(rows, "övrigt arbete")[0][1], ovrigt_id="999999")

    def unknown_indicator(rows):
        return set_cells(indicator(rows), indikator_id="999999")

    def approximate_indicator_value(rows):
        return set_cells(indicator(rows), varde="ca 40")

    def not_a_date(rows):
        return set_cells(indicator(rows), matdatum="2022-02-30")

    def year_before_the_baseline(rows):
        return appended(rows, indicator(rows), ar="2019", varde="70")

    def a_value_reported_elsewhere(rows):
        return appended(rows, indicator(rows), ar="2021", varde="54")

    return [
        ("unknown kind", unknown_kind, "Okänd radtyp ”anteckning” i kolumnen radtyp"),
        (
            "unknown circumstance",
            unknown_circumstance,
            "Kolumnen omstandighet_id: Omständighet 999999 finns inte i den här uppföljningen",
        ),
        ("circumstance without title", circumstance_without_title, "Kolumnen rubrik: "),
        (
            "unknown label",
            unknown_label,
            "Kolumnen omstandighet_id: Ingen ny omständighet har märket ”B”",
        ),
        ("same label twice", same_label_twice, "Märket ”A” finns redan på en ny omständighet"),
        (
            "removing a circumstance in use",
            removing_a_circumstance_in_use,
            "Omständigheten ”Pandemin” är skäl för löfte",
        ),
        (
            "other work without party",
            other_work_without_party,
            "Kolumnen part_id: Ange vilken av medborgarlöftets parter",
        ),
        (
            "other work of another document's party",
            other_work_of_another_document_s_party,
            f"Part {stranger_party.pk} är inte part i medborgarlöftet",
        ),
        (
            "unknown other work",
            unknown_other_work,
            "Kolumnen ovrigt_id: Övrigt arbete nummer 999999 finns inte",
        ),
        (
            "unknown indicator",
            unknown_indicator,
            "Kolumnen indikator_id: Medborgarlöftet har ingen effektindikator med nummer 999999",
        ),
        ("approximate value", approximate_indicator_value, "”ca 40” i kolumnen varde är inte"),
        ("not a date", not_a_date, "”2022-02-30” i kolumnen matdatum är inte ett datum"),
        ("year before the baseline", year_before_the_baseline, "Kolumnen ar: Året ligger före"),
        (
            "value reported elsewhere",
            a_value_reported_elsewhere,
            "som inte redovisas i den här uppföljningen",
        ),
    ]


CASE_NAMES = [
    "unknown kind",
    "unknown circumstance",
    "circumstance without title",
    "unknown label",
    "same label twice",
    "removing a circumstance in use",
    "other work without party",
    "other work of another document's party",
    "unknown other work",
    "unknown indicator",
    "approximate value",
    "not a date",
    "year before the baseline",
    "value reported elsewhere",
]  # the names of `bad_line_cases`, which needs the database


@pytest.mark.parametrize("case", CASE_NAMES)
def test_each_kind_of_bad_line_is_refused_with_its_line_and_nothing_is_saved(
    client, editor, followup, case
):
    client.force_login(editor)
    rows = table(export(client, followup).content)
    # Good edits of every kind, which must not be saved either.
    commitment_lines(rows)[1][C["status"] : C["antal"]] = ["Genomförd", "", "Klart."]
    kind(rows, "övrigt arbete")[0][1][C["rubrik"]] = "Ändrad rubrik"
    kind(rows, "indikator")[0][1][C["varde"]] = "44"
    _name, breaking, message = next(c for c in bad_line_cases(followup) if c[0] == case)
    wrong = breaking(rows)
    line = next(n for n, row in enumerate(rows, 1) if row is wrong)
    saved = (contents(followup), stored(followup))
    version = followup.lock_version

    response = upload(client, followup, as_file(rows))

    assert response.status_code == 200
    errors = [f"Rad {n}: {m}" for n, m in response.context["file_errors"]]
    assert any(e.startswith(f"Rad {line}: ") and message in e for e in errors), errors
    assert "Inget sparades" in response.text
    assert (contents(followup), stored(followup)) == saved
    followup.refresh_from_db()
    assert followup.lock_version == version


def a_new_circumstance(rows):
    line = next(row for _n, row in kind(rows, "omständighet") if not row[C["omstandighet_id"]])
    line[C["rubrik"]] = "Skogsbränder"
    return rows


def test_another_organisation_s_follow_up_is_refused(client, editor, stranger, followup):
    client.force_login(editor)
    data = as_file(a_new_circumstance(table(export(client, followup).content)))
    client.force_login(stranger)
    url = reverse("admin:followup_followup_import", args=[followup.pk])
    assert client.get(url).status_code == 404
    upload_file = SimpleUploadedFile("uppfoljning.csv", data, content_type="text/csv")
    response = client.post(url, {"file": upload_file, "lock_version": followup.lock_version})
    assert response.status_code == 404
    assert client.get(reverse("admin:followup_followup_csv", args=[followup.pk])).status_code == 404
    assert not Circumstance.objects.filter(title="Skogsbränder").exists()


def test_a_published_follow_up_refuses_circumstances_other_work_and_values(
    client, editor, followup
):
    client.force_login(editor)
    rows = a_new_circumstance(table(export(client, followup).content))
    kind(rows, "indikator")[0][1][C["varde"]] = "44"
    services.followup_publish(followup=followup, user=editor)
    before = contents(followup)

    response = upload(client, followup, as_file(rows))

    assert "är publicerad och låst" in response.text
    assert contents(followup) == before


def test_the_service_saves_parts_in_the_same_transaction_as_the_rows(editor, followup):
    """A bad row keeps a good circumstance from being saved, and the other way round."""
    status = followup.statuses.first()
    parts = status_inputs.FollowUpParts(
        circumstances=[status_inputs.CircumstanceInput(pk=None, title="Bränder", label="A")]
    )
    with pytest.raises(status_inputs.StatusRowsInvalid) as refused:
        services.followup_statuses_save(
            followup=followup,
            rows=[status_inputs.StatusInput(commitment_id=status.commitment_id, status="")],
            user=editor,
            lock_version=followup.lock_version,
            parts=status_inputs.FollowUpParts(
                circumstances=[*parts.circumstances, status_inputs.CircumstanceInput(pk=999999)]
            ),
        )
    assert set(refused.value.part_errors) == {("circumstances", 1)}
    assert 0 in refused.value.row_errors
    assert not Circumstance.objects.filter(title="Bränder").exists()
    # Valid, it is saved, and a status gives it by its label.
    changed = services.followup_statuses_save(
        followup=followup,
        rows=[
            status_inputs.StatusInput(
                commitment_id=status.commitment_id,
                party_id=status.party_id,
                status=Status.NOT_DONE,
                circumstance_label="a",
            )
        ],
        user=editor,
        lock_version=followup.lock_version,
        parts=parts,
    )
    assert changed == 2
    status.refresh_from_db()
    assert status.circumstance.title == "Bränder"
