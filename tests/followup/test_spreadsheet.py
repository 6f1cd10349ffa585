"""The spreadsheet round trip: a follow-up exported as CSV that Excel opens (UTF-8 with BOM, `;`)
and the edited file read back; every kind of bad file is rejected with its line number and
nothing is saved."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from followup import services
from followup.models import CommitmentStatus, Status
from followup.spreadsheet import COLUMNS, parse_rows
from tests.factories import CommitmentFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "loefte_id;part;loefte;mal;foregaende_status;status;skal;kommentar;uppnatt_antal;"
    "part_id;rapporterande_part;omstandighet_id"
)


@pytest.fixture
def followup(promise, editor):
    return services.followup_create(promise=promise, year=2022, half=1, user=editor)


def export(client, followup):
    response = client.get(reverse("admin:followup_followup_csv", args=[followup.pk]))
    assert response.status_code == 200
    return response


def table(data):
    """The exported file as a list of rows (header first), read as Excel would."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def as_file(rows, *, encoding="utf-8-sig", delimiter=";"):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def upload(client, followup, data, name="uppfoljning.csv"):
    page = client.get(reverse("admin:followup_followup_import", args=[followup.pk]))
    return client.post(
        reverse("admin:followup_followup_import", args=[followup.pk]),
        {
            "file": SimpleUploadedFile(name, data, content_type="text/csv"),
            "lock_version": page.context["form"].initial["lock_version"],
        },
    )


def stored(followup):
    return {
        s.commitment_id: (s.status, s.reason, s.comment, s.achieved_number)
        for s in CommitmentStatus.objects.filter(followup=followup)
    }


def test_export_is_utf8_with_bom_semicolons_and_a_swedish_header(client, editor, followup):
    client.force_login(editor)
    response = export(client, followup)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="uppfoljning-vingaker-2022-halvar-1-{followup.pk}.csv"'
    )
    data = response.content
    assert data.startswith(b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n")
    rows = table(data)
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 1 + 10  # the two joint löften: the whole löfte and each party's part
    first = (
        followup.statuses.order_by("commitment__group__order", "commitment__order")
        .select_related("commitment")
        .first()
    )
    assert rows[1][:2] == [str(first.commitment_id), "Lokalpolisområde Katrineholm"]
    assert rows[1][2] == first.commitment.text
    assert rows[1][3] == "20 kontroller"
    assert rows[1][4] == rows[1][5] == "Pågår"  # started from the previous follow-up
    assert "löfte 1" in data.decode("utf-8-sig")  # Swedish characters survive


def test_texts_with_semicolons_quotes_line_breaks_and_formula_signs_survive_the_round_trip(
    client, editor, followup
):
    status = followup.statuses.order_by("commitment__order").first()
    status.comment = 'Två delar; "kvällar" och\nhelger\n=SUMMA(A1)'
    status.save()
    client.force_login(editor)
    rows = table(export(client, followup).content)
    assert rows[1][7] == 'Två delar; "kvällar" och\nhelger\n=SUMMA(A1)'
    response = upload(client, followup, as_file(rows))
    assert response.status_code == 302
    status.refresh_from_db()
    assert status.comment == 'Två delar; "kvällar" och\nhelger\n=SUMMA(A1)'

    status.comment = "-12 % jämfört med i fjol"
    status.save()
    rows = table(export(client, followup).content)
    assert rows[1][7] == "'-12 % jämfört med i fjol"  # not a formula in Excel
    assert upload(client, followup, as_file(rows)).status_code == 302
    status.refresh_from_db()
    assert status.comment == "-12 % jämfört med i fjol"


def test_round_trip_export_edit_import_gives_the_edited_values(client, editor, followup):
    client.force_login(editor)
    rows = table(export(client, followup).content)
    rows[1][5:9] = ["genomförd", "", "Alla 20 kontroller gjorda.", "20"]
    rows[2][5:9] = ["FRAMFLYTTAD", "Personalbrist i somras.", "", ""]
    rows[3][5:9] = ["in_progress", "", "", "7"]  # a code works as well as a label
    untouched = {int(row[0]) for row in rows[4:]}
    before = stored(followup)

    response = upload(client, followup, as_file(rows))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:followup_followup_form", args=[followup.pk])
    after = stored(followup)
    assert after[int(rows[1][0])] == (Status.DONE, "", "Alla 20 kontroller gjorda.", 20)
    assert after[int(rows[2][0])] == (Status.POSTPONED, "Personalbrist i somras.", "", None)
    assert after[int(rows[3][0])] == (Status.IN_PROGRESS, "", "", 7)
    assert {k: after[k] for k in untouched} == {k: before[k] for k in untouched}
    page = client.get(response["Location"])
    assert "Filen är inläst: 3 av 10 rader ändrade uppföljningen." in page.text
    # And the same values come out again.
    again = table(export(client, followup).content)
    assert again[1][5:9] == ["Genomförd", "", "Alla 20 kontroller gjorda.", "20"]


def test_a_file_saved_by_excel_as_plain_csv_in_windows_1252_is_read(client, editor, followup):
    client.force_login(editor)
    rows = table(export(client, followup).content)
    rows[1][5:9] = ["ej påbörjad", "", "Inte startat än, väntar på beslut.", ""]
    response = upload(client, followup, as_file(rows, encoding="cp1252"))
    assert response.status_code == 302
    assert stored(followup)[int(rows[1][0])] == (
        Status.NOT_STARTED,
        "",
        "Inte startat än, väntar på beslut.",
        None,
    )


def bad_file_cases(rows, other_commitment_id):
    """Each kind of bad file: (what is wrong, how to break the rows, the line and message)."""

    def unknown_commitment(r):
        r[2][0] = "999999"

    def other_document(r):
        r[3][0] = str(other_commitment_id)

    def unknown_status(r):
        r[4][5] = "nästan klar"

    def missing_reason(r):
        r[5][5:7] = ["delvis genomförd", ""]

    def not_a_number(r):
        r[6][8] = "fem"

    def negative_number(r):
        r[6][8] = "-3"

    def duplicate(r):
        r.append(list(r[1]))

    def missing_column(r):
        for row in r:
            del row[6]  # skal

    def unknown_column(r):
        r[0][3] = "maal"

    def short_line(r):
        r[3] = r[3][:4]

    def missing_status(r):
        r[2][5] = ""

    return [
        ("unknown commitment", unknown_commitment, 3, "Det finns inget löfte med nummer 999999"),
        ("other document", other_document, 4, "hör till ett annat medborgarlöfte"),
        ("unknown status", unknown_status, 5, "Okänd status ”nästan klar” i kolumnen status"),
        ("missing reason", missing_reason, 6, "Kolumnen skal: Ange ett skäl när status"),
        ("not a number", not_a_number, 7, "”fem” i kolumnen uppnatt_antal är inte ett heltal"),
        ("negative number", negative_number, 7, "”-3” i kolumnen uppnatt_antal är inte ett heltal"),
        # Six löften, two of them joint with three lines each (whole löfte, each party).
        ("duplicate row", duplicate, 12, "finns redan på en rad före den här"),
        ("missing column", missing_column, 1, "Kolumnen ”skal” saknas"),
        ("unknown column", unknown_column, 1, "Okänd kolumn ”maal”"),
        ("short line", short_line, 4, "Raden har 4 fält men rubrikraden har 12"),
        ("missing status", missing_status, 3, "Kolumnen status: Status saknas"),
    ]


CASE_NAMES = [case[0] for case in bad_file_cases([], 0)]


@pytest.mark.parametrize("case", CASE_NAMES)
def test_each_kind_of_bad_file_is_rejected_with_its_line_and_nothing_is_saved(
    client, editor, followup, case
):
    client.force_login(editor)
    rows = table(export(client, followup).content)
    # A good edit on the first line too: it must not be saved either.
    rows[1][5:9] = ["Genomförd", "", "Klart.", "20"]
    other = CommitmentFactory()
    _name, breaking, line, message = next(c for c in bad_file_cases(rows, other.pk) if c[0] == case)
    breaking(rows)
    before = stored(followup)
    version = followup.lock_version

    response = upload(client, followup, as_file(rows))

    assert response.status_code == 200
    errors = [f"Rad {n}: {m}" for n, m in response.context["file_errors"]]
    assert any(e.startswith(f"Rad {line}: ") and message in e for e in errors), errors
    assert "Inget sparades" in response.text
    assert f"Rad {line}: " in response.text
    assert stored(followup) == before
    followup.refresh_from_db()
    assert followup.lock_version == version


def test_every_bad_line_of_a_file_is_reported_at_once(client, editor, followup):
    client.force_login(editor)
    rows = table(export(client, followup).content)
    rows[2][5] = "klar"
    rows[4][5:7] = ["ej genomförd", ""]
    rows[6][8] = "många"
    response = upload(client, followup, as_file(rows))
    assert [line for line, _ in response.context["file_errors"]] == [3, 5, 7]


def test_empty_and_oversized_files_are_refused(client, editor, followup, settings):
    client.force_login(editor)
    response = upload(client, followup, b"")
    assert "Den skickade filen är tom." in response.text
    settings.FOLLOWUP_IMPORT_MAX_BYTES = 100
    response = upload(client, followup, export(client, followup).content)
    assert "Filen är för stor" in response.text
    assert response.status_code == 200


def test_an_excel_workbook_is_refused_with_advice():
    parsed = parse_rows(b"PK\x03\x04" + b"\x00" * 100)
    assert len(parsed.errors) == 1
    line, message = parsed.errors[0]
    assert line == 1 and "Excel-arbetsbok" in message and "CSV UTF-8" in message


def test_a_header_only_file_changes_nothing(client, editor, followup):
    client.force_login(editor)
    response = upload(client, followup, ("\ufeff" + HEADER + "\r\n").encode())
    assert response.context["file_errors"] == [(1, "Filen innehåller inga rader med löften.")]


def test_comma_separated_files_and_blank_lines_are_read():
    data = as_file(
        [
            ["loefte_id", "status", "skal", "kommentar", "uppnatt_antal"],
            ["12", " Delvis Genomförd ", "Halva klart.", "", "1 200"],
            ["", "", "", "", ""],
        ],
        delimiter=",",
    )
    parsed = parse_rows(data)
    assert parsed.errors == []
    assert parsed.lines == [2]
    [row] = parsed.rows
    assert (row.commitment_id, row.status, row.reason, row.achieved_number) == (
        12,
        Status.PARTLY_DONE,
        "Halva klart.",
        1200,
    )


def test_reviewers_may_export_but_not_import(client, reviewer, followup):
    client.force_login(reviewer)
    assert export(client, followup).status_code == 200
    url = reverse("admin:followup_followup_import", args=[followup.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


def test_a_published_follow_up_cannot_be_imported_into(client, editor, followup):
    client.force_login(editor)
    rows = table(export(client, followup).content)
    services.followup_publish(followup=followup, user=editor)
    page = client.get(reverse("admin:followup_followup_import", args=[followup.pk]))
    assert "är publicerad och låst" in page.text
    assert 'type="file"' not in page.text
    rows[1][5] = "Genomförd"
    before = stored(followup)
    response = upload(client, followup, as_file(rows))
    assert "är publicerad och låst" in response.text
    assert stored(followup) == before


# --- Security: characters that used to answer 500 -------------------------------------------------


@pytest.mark.parametrize("column, value", [(8, "²"), (8, "٣"), (0, "¹²"), (8, "1" * 5000)])
def test_a_number_that_is_not_ascii_digits_is_refused_on_its_line_not_a_server_error(
    client, editor, followup, column, value
):
    # "²".isdigit() is true but int("²") fails; a 5000-digit number is over Python's limit.
    client.force_login(editor)
    rows = table(export(client, followup).content)
    rows[1][5:9] = ["Genomförd", "", "Klart.", "20"]
    rows[3][column] = value
    before = stored(followup)

    response = upload(client, followup, as_file(rows))

    assert response.status_code == 200
    [(line, message)] = response.context["file_errors"]
    assert line == 4
    assert ("loefte_id" if column == 0 else "uppnatt_antal") in message
    assert "Inget sparades" in response.text
    assert stored(followup) == before


@pytest.mark.parametrize(
    "column, value, code",
    [(7, "Klart.\x00", "U+0000"), (6, "\x00", "U+0000"), (7, "se\x1b[2J", "U+001B")],
)
def test_control_characters_in_a_cell_are_refused_per_line_and_nothing_is_saved(
    client, editor, followup, column, value, code
):
    # PostgreSQL refuses a NUL in a text ("A string literal cannot contain NUL"): a 500 before.
    client.force_login(editor)
    rows = table(export(client, followup).content)
    rows[1][5:9] = ["Genomförd", "", "Klart.", "20"]
    rows[2][column] = value
    rows[5][7] = "Också\x00här"
    before = stored(followup)

    response = upload(client, followup, as_file(rows))

    assert response.status_code == 200
    errors = response.context["file_errors"]
    assert [line for line, _message in errors] == [3, 6]
    column_name = "skal" if column == 6 else "kommentar"
    assert f"Kolumnen {column_name} innehåller ett osynligt styrtecken ({code})" in errors[0][1]
    assert "Rad 6: Kolumnen kommentar innehåller ett osynligt styrtecken (U+0000)" in response.text
    assert stored(followup) == before


def test_tabs_and_line_breaks_inside_a_cell_are_kept(client, editor, followup):
    client.force_login(editor)
    rows = table(export(client, followup).content)
    rows[1][5:9] = ["Genomförd", "", "Kvällar\toch\r\nhelger", "20"]
    assert upload(client, followup, as_file(rows)).status_code == 302
    assert stored(followup)[int(rows[1][0])][2] == "Kvällar\toch\r\nhelger"


def test_the_service_refuses_a_nul_whoever_calls_it(editor, followup):
    row = followup.statuses.first()
    before = stored(followup)
    with pytest.raises(services.StatusRowsInvalid) as refused:
        services.followup_statuses_save(
            followup=followup,
            rows=[
                services.StatusInput(
                    commitment_id=row.commitment_id, status=Status.DONE, comment="a\x00b"
                )
            ],
            user=editor,
            lock_version=followup.lock_version,
        )
    assert refused.value.row_errors == {0: {"comment": ["Null-tecken är inte tillåtna."]}}
    assert stored(followup) == before
