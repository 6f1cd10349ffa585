"""The spreadsheet round trip: a follow-up exported as CSV that Excel opens (UTF-8 with BOM, `;`)
and the edited file read back; every kind of bad file is rejected with its line number and
nothing is saved."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from followup import services, status_inputs
from followup.models import CommitmentStatus, Status
from followup.spreadsheet import COLUMNS, parse_rows, parse_value
from tests.factories import CommitmentFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "loefte_id;matt_id;part;loefte;mal;foregaende_status;status;skal;kommentar;antal;uppnatt;period;"
    "part_id;rapporterande_part;omstandighet_id;radtyp;rubrik;text;ovrigt_id;indikator_id;enhet;ar;"
    "matdatum;varde"
)
#: The columns after those of a löfte's line, empty on it.
REST = 9
# The file's lines, for the document of `build_promise(commitments=6)`: the löften by group,
# police, municipality, joint, each löfte of order 0, 2 and 4 followed by its measure's line;
# a joint löfte has a line for the whole löfte and one for each party's part.
STATUS, REASON, COMMENT, COUNT, VALUE = 6, 7, 8, 9, 10


@pytest.fixture
def followup(promise, editor):
    return services.followup_create(promise=promise, year=2022, number=1, user=editor)


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
        s.commitment_id: (
            s.status,
            s.reason,
            s.comment,
            tuple((v.value, v.approximate) for v in s.measure_values.all()),
        )
        for s in CommitmentStatus.objects.filter(followup=followup).prefetch_related(
            "measure_values"
        )
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
    # Six löften, three with a measure: the four of one party take 2 + 1 + 1 + 2 lines, the joint
    # one with a measure 3 × 2 (the whole löfte and each party's part, each with its measure's
    # line) and the other joint one 3. Then an empty line for a new circumstance and one for
    # each party's other work.
    assert len(rows) == 1 + 6 + 6 + 3 + 1 + followup.promise.parties.count()
    assert [row[15] for row in rows[1:4]] == ["löfte", "mått", "löfte"]
    first = (
        followup.statuses.order_by("commitment__group__order", "commitment__order")
        .select_related("commitment")
        .first()
    )
    assert rows[1][:3] == [str(first.commitment_id), "", "Lokalpolisområde Katrineholm"]
    assert rows[1][3] == first.commitment.text
    assert rows[1][4] == ""  # not recurring: no rate target
    assert rows[1][5] == rows[1][6] == "Pågår"  # started from the previous follow-up
    measure = first.commitment.measures.get()
    # The measure's own line: its name, target and the value carried over from 2021 h2.
    assert rows[2] == [str(first.commitment_id), str(measure.pk), "", "kontroller", "20"] + [
        ""
    ] * 5 + ["10", "2022 halvår 1", rows[1][12], rows[1][13], "", "mått"] + [""] * (REST - 1)
    # The factories' statuses are for the whole löfte; its measure's line names the same part.
    assert rows[1][12:] == ["", "hela löftet", "", "löfte"] + [""] * (REST - 1)
    assert "löfte 1" in data.decode("utf-8-sig")  # Swedish characters survive


def test_texts_with_semicolons_quotes_line_breaks_and_formula_signs_survive_the_round_trip(
    client, editor, followup
):
    status = followup.statuses.order_by("commitment__order").first()
    status.comment = 'Två delar; "kvällar" och\nhelger\n=SUMMA(A1)'
    status.save()
    client.force_login(editor)
    rows = table(export(client, followup).content)
    assert rows[1][COMMENT] == 'Två delar; "kvällar" och\nhelger\n=SUMMA(A1)'
    response = upload(client, followup, as_file(rows))
    assert response.status_code == 302
    status.refresh_from_db()
    assert status.comment == 'Två delar; "kvällar" och\nhelger\n=SUMMA(A1)'

    status.comment = "-12 % jämfört med i fjol"
    status.save()
    rows = table(export(client, followup).content)
    assert rows[1][COMMENT] == "'-12 % jämfört med i fjol"  # not a formula in Excel
    assert upload(client, followup, as_file(rows)).status_code == 302
    status.refresh_from_db()
    assert status.comment == "-12 % jämfört med i fjol"


def test_round_trip_export_edit_import_gives_the_edited_values(client, editor, followup):
    client.force_login(editor)
    rows = table(export(client, followup).content)
    rows[1][STATUS:COUNT] = ["genomförd", "", "Alla 20 kontroller gjorda."]
    rows[2][VALUE] = "ca 20"
    rows[3][STATUS:COUNT] = ["FRAMFLYTTAD", "Personalbrist i somras.", ""]
    rows[5][STATUS:COUNT] = ["in_progress", "", ""]  # a code works as well as a label
    rows[6][VALUE] = "7,5"
    untouched = {int(row[0]) for row in rows[7:] if row[0]}
    before = stored(followup)

    response = upload(client, followup, as_file(rows))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:followup_followup_form", args=[followup.pk])
    after = stored(followup)
    assert after[int(rows[1][0])] == (Status.DONE, "", "Alla 20 kontroller gjorda.", ((20, True),))
    assert after[int(rows[3][0])] == (Status.POSTPONED, "Personalbrist i somras.", "", ())
    assert after[int(rows[5][0])] == (Status.IN_PROGRESS, "", "", ((Decimal("7.5"), False),))
    assert {k: after[k] for k in untouched} == {k: before[k] for k in untouched}
    page = client.get(response["Location"])
    assert "Filen är inläst: 3 av 10 rader ändrade uppföljningen." in page.text
    # And the same values come out again.
    again = table(export(client, followup).content)
    assert again[1][STATUS:COUNT] == ["Genomförd", "", "Alla 20 kontroller gjorda."]
    assert (again[2][VALUE], again[6][VALUE]) == ("ca 20", "7,5")


def test_a_file_saved_by_excel_as_plain_csv_in_windows_1252_is_read(client, editor, followup):
    client.force_login(editor)
    rows = table(export(client, followup).content)
    rows[1][STATUS:COUNT] = ["ej påbörjad", "", "Inte startat än, väntar på beslut."]
    rows[2][VALUE] = ""  # the measure's value removed
    response = upload(client, followup, as_file(rows, encoding="cp1252"))
    assert response.status_code == 302
    assert stored(followup)[int(rows[1][0])] == (
        Status.NOT_STARTED,
        "",
        "Inte startat än, väntar på beslut.",
        (),
    )


def bad_file_cases(rows, other_commitment_id):
    """Each kind of bad file: (what is wrong, how to break the rows, the line and message)."""

    def unknown_commitment(r):
        r[3][0] = "999999"

    def other_document(r):
        r[7][0] = str(other_commitment_id)

    def unknown_status(r):
        r[7][STATUS] = "nästan klar"

    def missing_reason(r):
        r[9][STATUS:COMMENT] = ["delvis genomförd", ""]

    def not_a_value(r):
        r[8][VALUE] = "fem"

    def negative_value(r):
        r[8][VALUE] = "-3"

    def not_a_count(r):
        r[7][COUNT] = "fem"

    def count_of_a_löfte_that_does_not_recur(r):
        r[7][COUNT] = "12"

    def another_löfte_s_measure(r):
        r[2][1] = r[6][1]

    def measure_without_its_löfte(r):
        del r[5]

    def duplicate(r):
        r.insert(16, list(r[1]))

    def missing_column(r):
        for row in r:
            del row[REASON]

    def unknown_column(r):
        r[0][4] = "maal"

    def short_line(r):
        r[4] = r[4][:4]

    def missing_status(r):
        r[3][STATUS] = ""

    return [
        ("unknown commitment", unknown_commitment, 4, "Det finns inget löfte med nummer 999999"),
        ("other document", other_document, 8, "hör till ett annat medborgarlöfte"),
        ("unknown status", unknown_status, 8, "Okänd status ”nästan klar” i kolumnen status"),
        ("missing reason", missing_reason, 10, "Kolumnen skal: Ange ett skäl när status"),
        ("not a value", not_a_value, 9, "”fem” i kolumnen uppnatt är inte ett värde"),
        ("negative value", negative_value, 9, "”-3” i kolumnen uppnatt är inte ett värde"),
        ("not a count", not_a_count, 8, "”fem” i kolumnen antal är inte ett heltal"),
        (
            "count without a rate",
            count_of_a_löfte_that_does_not_recur,
            8,
            "Kolumnen antal: Antal under perioden fylls i bara för återkommande löften",
        ),
        ("another löfte's measure", another_löfte_s_measure, 2, "hör inte till löfte"),
        ("measure without its löfte", measure_without_its_löfte, 6, "saknar löftets egen rad"),
        ("duplicate row", duplicate, 17, "finns redan på en rad före den här"),
        ("missing column", missing_column, 1, "Kolumnen ”skal” saknas"),
        ("unknown column", unknown_column, 1, "Okänd kolumn ”maal”"),
        ("short line", short_line, 5, "Raden har 4 fält men rubrikraden har 24"),
        ("missing status", missing_status, 4, "Kolumnen status: Status saknas"),
    ]


CASE_NAMES = [case[0] for case in bad_file_cases([], 0)]


@pytest.mark.parametrize("case", CASE_NAMES)
def test_each_kind_of_bad_file_is_rejected_with_its_line_and_nothing_is_saved(
    client, editor, followup, case
):
    client.force_login(editor)
    rows = table(export(client, followup).content)
    # A good edit on the first line too: it must not be saved either.
    rows[1][STATUS:COUNT] = ["Genomförd", "", "Klart."]
    rows[2][VALUE] = "20"
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
    rows[3][STATUS] = "klar"
    rows[4][STATUS:COMMENT] = ["ej genomförd", ""]
    rows[8][VALUE] = "många"
    response = upload(client, followup, as_file(rows))
    assert [line for line, _ in response.context["file_errors"]] == [4, 5, 9]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("64", (Decimal(64), False)),
        ("1 200", (Decimal(1200), False)),
        ("12,5", (Decimal("12.5"), False)),
        ("12.25", (Decimal("12.25"), False)),
        ("ca 100", (Decimal(100), True)),
        ("Ca. 100", (Decimal(100), True)),
        ("cirka 1 000", (Decimal(1000), True)),
        ("~40", (Decimal(40), True)),
        ("ett hundratal", None),
        ("12,555", None),
        ("-3", None),
        ("²", None),
    ],
)
def test_a_measure_value_is_read_as_a_person_writes_it(text, value):
    assert parse_value(text) == value


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
    assert response.context["file_errors"] == [(1, "Filen innehåller inga rader att läsa in.")]


def test_comma_separated_files_and_blank_lines_are_read():
    data = as_file(
        [
            ["loefte_id", "status", "skal", "kommentar", "antal"],
            ["12", " Delvis Genomförd ", "Halva klart.", "", "1 200"],
            ["", "", "", "", ""],
        ],
        delimiter=",",
    )
    parsed = parse_rows(data)
    assert parsed.errors == []
    assert parsed.lines == [2]
    [row] = parsed.rows
    assert (row.commitment_id, row.status, row.reason, row.count, row.measure_values) == (
        12,
        Status.PARTLY_DONE,
        "Halva klart.",
        1200,
        None,  # no measure lines: the values stay as they are
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
    rows[1][STATUS] = "Genomförd"
    before = stored(followup)
    response = upload(client, followup, as_file(rows))
    assert "är publicerad och låst" in response.text
    assert stored(followup) == before


# --- Security: characters that used to answer 500 -------------------------------------------------


@pytest.mark.parametrize(
    "column, value", [(COUNT, "²"), (COUNT, "٣"), (0, "¹²"), (COUNT, "1" * 5000)]
)
def test_a_number_that_is_not_ascii_digits_is_refused_on_its_line_not_a_server_error(
    client, editor, followup, column, value
):
    # "²".isdigit() is true but int("²") fails; a 5000-digit number is over Python's limit.
    client.force_login(editor)
    rows = table(export(client, followup).content)
    rows[1][STATUS:COUNT] = ["Genomförd", "", "Klart."]
    rows[3][column] = value
    before = stored(followup)

    response = upload(client, followup, as_file(rows))

    assert response.status_code == 200
    [(line, message)] = response.context["file_errors"]
    assert line == 4
    assert ("loefte_id" if column == 0 else "antal") in message
    assert "Inget sparades" in response.text
    assert stored(followup) == before


@pytest.mark.parametrize(
    "column, value, code",
    [
        (COMMENT, "Klart.\x00", "U+0000"),
        (REASON, "\x00", "U+0000"),
        (COMMENT, "se\x1b[2J", "U+001B"),
    ],
)
def test_control_characters_in_a_cell_are_refused_per_line_and_nothing_is_saved(
    client, editor, followup, column, value, code
):
    # PostgreSQL refuses a NUL in a text ("A string literal cannot contain NUL"): a 500 before.
    client.force_login(editor)
    rows = table(export(client, followup).content)
    rows[1][STATUS:COUNT] = ["Genomförd", "", "Klart."]
    rows[3][column] = value
    rows[6][COMMENT] = "Också\x00här"
    before = stored(followup)

    response = upload(client, followup, as_file(rows))

    assert response.status_code == 200
    errors = response.context["file_errors"]
    assert [line for line, _message in errors] == [4, 7]
    column_name = "skal" if column == REASON else "kommentar"
    assert f"Kolumnen {column_name} innehåller ett osynligt styrtecken ({code})" in errors[0][1]
    assert "Rad 7: Kolumnen kommentar innehåller ett osynligt styrtecken (U+0000)" in response.text
    assert stored(followup) == before


def test_tabs_and_line_breaks_inside_a_cell_are_kept(client, editor, followup):
    client.force_login(editor)
    rows = table(export(client, followup).content)
    rows[1][STATUS:COUNT] = ["Genomförd", "", "Kvällar\toch\r\nhelger"]
    assert upload(client, followup, as_file(rows)).status_code == 302
    assert stored(followup)[int(rows[1][0])][2] == "Kvällar\toch\r\nhelger"


def test_the_service_refuses_a_nul_whoever_calls_it(editor, followup):
    row = followup.statuses.first()
    before = stored(followup)
    with pytest.raises(status_inputs.StatusRowsInvalid) as refused:
        services.followup_statuses_save(
            followup=followup,
            rows=[
                status_inputs.StatusInput(
                    commitment_id=row.commitment_id, status=Status.DONE, comment="a\x00b"
                )
            ],
            user=editor,
            lock_version=followup.lock_version,
        )
    assert refused.value.row_errors == {0: {"comment": ["Null-tecken är inte tillåtna."]}}
    assert stored(followup) == before


def test_every_line_names_the_period_and_a_file_of_another_period_is_refused(
    client, editor, followup
):
    client.force_login(editor)
    rows = table(export(client, followup).content)
    assert {row[11] for row in rows[1:]} == {"2022 halvår 1"}
    rows[1][STATUS:VALUE] = ["Genomförd", "", "Klart.", ""]
    rows[3][11] = "2021 halvår 2"
    before = stored(followup)
    response = upload(client, followup, as_file(rows))
    assert response.status_code == 200
    assert (
        4,
        "Raden gäller 2021 halvår 2, men uppföljningen gäller 2022 halvår 1. Exportera filen "
        "för den här uppföljningen och fyll i den.",
    ) in response.context["file_errors"]
    assert stored(followup) == before


def test_a_file_without_the_period_column_is_still_read(client, editor, followup):
    client.force_login(editor)
    rows = [row[:11] + row[12:] for row in table(export(client, followup).content)]
    rows[1][STATUS:VALUE] = ["Genomförd", "", "Klart.", ""]
    assert upload(client, followup, as_file(rows)).status_code == 302
    assert stored(followup)[int(rows[1][0])][0] == Status.DONE
