"""The importer (loften/importer): documents in the layouts real ones come in import with every
löfte under the right party, the right period, sections and signatories (or none); bad input
gets a Swedish message and writes no row; the --json output follows its schema."""

import datetime
import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loften.importer.errors import ImportRefused
from loften.importer.extract import extract_text
from loften.importer.proposal import find_cadence, find_period, propose
from loften.models import (
    CitizenPromise,
    Commitment,
    CommitmentGroup,
    DocumentParty,
    LocalFocusArea,
    Section,
    Signatory,
    Source,
)
from tests.factories import MembershipFactory, UserFactory, municipality
from tests.loften import import_documents as documents

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "loften/importer/proposal.schema.json").read_text()
)


def proposal_of(builder):
    name, data = builder()
    return propose(extract_text(name, data)[1])


def commitments_by_party(proposal):
    found: dict[str, list[str]] = {}
    for commitment in proposal.commitments:
        found.setdefault(commitment.party, []).append(commitment.text)
    return found


def test_a_word_template_with_styles_imports_with_parties_period_sections_and_signatories():
    proposal = proposal_of(documents.word_template_a)
    assert proposal.title == "Medborgarlöfte Flens kommun 2024"
    assert (proposal.valid_from, proposal.valid_until) == (
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
    )
    assert [(s.kind, s.heading) for s in proposal.sections] == [
        ("introduction", "Inledning"),
        ("situation", "Lägesbild"),
        ("focus_areas", "Fokusområden"),
        ("commitments", "Våra löften"),
        ("followup_plan", "Uppföljning"),
    ]
    assert commitments_by_party(proposal) == {
        "police": documents.WORD_A_LOFTEN["Polisen lovar att:"],
        "municipality": documents.WORD_A_LOFTEN["Kommunen lovar att:"],
        "joint": documents.WORD_A_LOFTEN["Vi lovar gemensamt att:"],
    }
    assert [c.lead_in for c in proposal.commitments][-1] == "Vi lovar gemensamt att:"
    assert [a.name for a in proposal.focus_areas] == ["Trafiken vid skolorna", "Trygghet i centrum"]
    assert proposal.focus_areas[0].national == ["trafik"]
    assert [(s.name, s.title, s.side, s.place, s.signed_on) for s in proposal.signatories] == [
        ("Anna Berg", "Kommunstyrelsens ordförande", "municipality", "Flen", "2023-12-12"),
        ("Per Lind", "Lokalpolisområdeschef Katrineholm", "police", "Flen", "2023-12-12"),
    ]
    assert {s["kind"] for s in proposal.sources} == {
        "citizen_dialogue",
        "crime_statistics",
        "safety_survey",
    }
    assert proposal.places == ["stationen", "gångtunneln", "torget"]
    assert proposal.unplaced == []


def test_a_word_template_with_its_header_on_every_page_drops_the_noise_and_names_no_signatories():
    proposal = proposal_of(documents.word_template_b)
    assert proposal.title == "Medborgarlöfte för Katrineholm"
    assert proposal.case_number == "KS/2021:88"
    assert (proposal.valid_from, proposal.valid_until) == (
        datetime.date(2022, 1, 1),
        datetime.date(2023, 12, 31),
    )
    texts = [s.text for s in proposal.sections] + [s.heading for s in proposal.sections]
    for noise in (*documents.WORD_B_HEADER, "Sida 2 (2)", "Bakgrund ........ 1", "https://"):
        assert not any(noise in text for text in texts), noise
    assert [(c.party, c.party_name, c.lead_in) for c in proposal.commitments] == [
        ("joint", "", "Så här arbetar vi:"),
        ("joint", "", "Så här arbetar vi:"),
        ("other", "KFAB", "KFAB lovar att:"),
    ]
    assert (
        proposal.commitments[0].text == "Vi håller öppet hus på polisstationen en gång i månaden."
    )
    assert proposal.signatories == []
    assert proposal.attachments == ["Bilaga 1: Handlingsplan för trygghetsvandringar"]
    assert {s["kind"] for s in proposal.sources} == {"police_intelligence", "resident_tips"}
    assert proposal.unplaced == []


def test_a_saved_web_page_drops_navigation_header_footer_and_scripts():
    proposal = proposal_of(documents.web_page)
    assert proposal.title == "Medborgarlöfte under 2025"
    assert (proposal.valid_from, proposal.valid_until) == (
        datetime.date(2025, 1, 1),
        datetime.date(2025, 12, 31),
    )
    assert [s.kind for s in proposal.sections] == [
        "introduction",
        "purpose",
        "situation",
        "commitments",
        "effects",
    ]
    assert commitments_by_party(proposal) == {
        "joint": [
            "informera pensionärsföreningarna om bedrägerier två gånger under året.",
            "ha en gemensam plats på höstmarknaden.",
        ]
    }
    everything = json.dumps(proposal.as_json(), ensure_ascii=False)
    for dropped in ("Till startsidan", "Bo och leva", "643 80", "tracking", "font-family"):
        assert dropped not in everything
    assert proposal.signatories == []


def test_a_pdf_joins_a_wrapped_löfte_and_reads_the_signing_place_and_date():
    proposal = proposal_of(documents.pdf_document)
    assert (proposal.valid_from, proposal.valid_until) == (
        datetime.date(2022, 1, 1),
        datetime.date(2023, 12, 31),
    )
    assert commitments_by_party(proposal) == {
        "police": [
            "patrullera till fots i Nävertorp och Norr minst två kvällar i veckan under hela "
            "perioden, och särskilt under sommarlovet när många unga är ute sent",
            "hålla medborgardialoger i båda stadsdelarna varje termin.",
        ],
        "municipality": ["se över belysningen på gångvägarna."],
    }
    assert [s.heading for s in proposal.sections][-1] == "Giltighetstid"
    assert [(s.name, s.side, s.place, s.signed_on) for s in proposal.signatories] == [
        ("Lena Ek", "police", "Katrineholm", "2021-12-15"),
        ("Omar Said", "municipality", "Katrineholm", "2021-12-15"),
    ]
    assert proposal.police_area == "Katrineholm"
    assert proposal.unplaced == []


SEED_LAYOUTS = {
    "vingaker": (
        documents.SEED_LAYOUT_VINGAKER,
        {"police": 2, "municipality": 2, "joint": 2},
        4,
        ["Karin Polis", "Kalle Kommun"],
        (datetime.date(2023, 1, 1), datetime.date(2024, 12, 31)),
    ),
    "strangnas": (
        documents.SEED_LAYOUT_STRANGNAS,
        {"joint": 2},
        3,
        ["Eva Exempel", "Olle Ordförande", "Lars Polis"],
        (datetime.date(2017, 1, 1), datetime.date(2017, 12, 31)),
    ),
    "katrineholm": (
        documents.SEED_LAYOUT_KATRINEHOLM,
        {"joint": 1},
        3,
        ["Lisa Polischef", "Johan Ordförande (S)"],
        (datetime.date(2022, 1, 1), datetime.date(2023, 12, 31)),
    ),
}


@pytest.mark.parametrize("layout", SEED_LAYOUTS)
def test_texts_in_the_layouts_of_published_documents_import_completely(layout):
    text, parties, focus_areas, signatories, period = SEED_LAYOUTS[layout]
    proposal = propose(text)
    assert {p: len(t) for p, t in commitments_by_party(proposal).items()} == parties
    assert len(proposal.focus_areas) == focus_areas
    assert [s.name for s in proposal.signatories] == signatories
    assert (proposal.valid_from, proposal.valid_until) == period
    assert proposal.unplaced == []
    # Every line of the text is somewhere in the proposal or dropped as noise.
    placed = json.dumps(proposal.as_json(), ensure_ascii=False) + " ".join(proposal.noise)
    placed += " ".join(area.description for area in proposal.focus_areas)
    for line in filter(None, (line.strip(" -•–") for line in text.splitlines())):
        assert line in placed, line


def test_a_wrapped_line_continues_its_löfte_and_a_quote_ends_the_list():
    katrineholm = propose(documents.SEED_LAYOUT_KATRINEHOLM)
    assert katrineholm.commitments[0].text.endswith(
        "Nävertorp.\nTill exempel patrullering, belysning eller kameror."
    )
    assert [a.description for a in katrineholm.focus_areas][1] == "Droger drabbar unga och boende."
    strangnas = propose(documents.SEED_LAYOUT_STRANGNAS)
    assert all("säger" not in c.text for c in strangnas.commitments)
    assert strangnas.noise[:1] == ["Toppbild"]
    assert any("e-post kommun@example.se" in line for line in strangnas.noise)
    assert "Exempelstad" not in json.dumps(strangnas.as_json(), ensure_ascii=False)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Medborgarlöfte 2023-2024", ((2023, 1, 1), (2024, 12, 31))),
        ("Medborgarlöfte 2022–2023", ((2022, 1, 1), (2023, 12, 31))),
        ("Medborgarlöfte för 2024", ((2024, 1, 1), (2024, 12, 31))),
        ("Medborgarlöfte under 2025", ((2025, 1, 1), (2025, 12, 31))),
        (
            "Medborgarlöfte\nGäller från 1 januari 2022 till 31 december 2023.",
            ((2022, 1, 1), (2023, 12, 31)),
        ),
        (
            "Medborgarlöfte\nGäller from 1 mars 2024 till 28 februari 2025",
            ((2024, 3, 1), (2025, 2, 28)),
        ),
        ("Medborgarlöfte för Flen\nFlen 2023-12-05", ((2024, 1, 1), (2024, 12, 31))),
        ("Medborgarlöfte\nBeslutat den 10 december 2024", ((2025, 1, 1), (2025, 12, 31))),
        ("Medborgarlöfte för Flen", (None, None)),
    ],
)
def test_the_period_in_each_form_documents_write_it(text, period):
    title, _, rest = text.partition("\n")
    expected = tuple(datetime.date(*day) if day else None for day in period)
    assert find_period(title, text) == expected


def test_a_heading_in_title_case_is_a_heading_and_a_name_is_not():
    proposal = propose(
        "Medborgarlöfte 2024\n\nAktuell Lägesbild\n\nOro i centrum.\n\nVåra Löften\n\n"
        "Polisen lovar att:\n- patrullera.\n\nAnna Berg\n\nKommunchef"
    )
    assert [(s.kind, s.heading) for s in proposal.sections] == [
        ("situation", "Aktuell Lägesbild"),
        ("commitments", "Våra Löften"),
    ]
    assert [s.name for s in proposal.signatories] == ["Anna Berg"]


def test_text_in_windows_1252_is_read():
    text = documents.SEED_LAYOUT_VINGAKER.encode("cp1252")
    assert propose(extract_text("loften.txt", text)[1]).title.startswith("Medborgarlöfte Vingåkers")


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


BAD_FILES = {
    "empty": ("tom.txt", b"  \n\n ", "Filen är tom"),
    "image-only PDF": (*documents.image_only_pdf(), "ingen text, bara bilder"),
    "wrong encoding": ("loften.txt", documents.SEED_LAYOUT_VINGAKER.encode("utf-16"), "UTF-8"),
    "not a medborgarlöfte": (
        "recept.txt",
        "Kanelbullar\n\nBlanda mjöl, smör och socker. Grädda i 225 grader.".encode(),
        "inte ut som ett medborgarlöfte",
    ),
    "binary junk": ("data.txt", bytes(range(256)) * 64, "går inte att läsa som text"),
    "broken docx": ("loften.docx", b"PK\x03\x04" + b"\x00" * 200, "ingen giltig Word-fil"),
    "docx zip bomb": ("bomb.docx", zip_bomb(), "packas upp till orimligt mycket"),
    "pdf by name only": ("loften.pdf", b"hello", "ingen giltig PDF-fil"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_input_is_refused_in_swedish(case):
    name, data, message = BAD_FILES[case]
    with pytest.raises(ImportRefused, match=message):
        propose(extract_text(name, data)[1])


CONTENT = (CitizenPromise, DocumentParty, Section, LocalFocusArea, CommitmentGroup, Commitment)


def no_rows() -> bool:
    return not any(model.objects.exists() for model in (*CONTENT, Source, Signatory))


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_FILES)
def test_the_command_refuses_bad_input_and_writes_no_row(tmp_path, case):
    name, data, message = BAD_FILES[case]
    path = tmp_path / name
    path.write_bytes(data)
    user = MembershipFactory(municipality=municipality("0483")).user
    with pytest.raises(CommandError, match=message):
        call_command("import_medborgarlofte", str(path), municipality="0483", user=user.username)
    assert no_rows()


@pytest.mark.django_db
def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path, settings):
    path = tmp_path / "stor.pdf"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024)
    with pytest.raises(CommandError, match="den största fil som kan läsas in är 20 MB"):
        call_command("import_medborgarlofte", str(path), municipality="0483", dry_run=True)
    assert no_rows()


@pytest.mark.django_db
def test_an_unknown_kommunkod_is_refused(tmp_path):
    path = tmp_path / "loften.txt"
    path.write_text(documents.SEED_LAYOUT_VINGAKER)
    with pytest.raises(CommandError, match="ingen kommun med kommunkoden ”9999”"):
        call_command("import_medborgarlofte", str(path), municipality="9999", dry_run=True)
    assert no_rows()


def run_json(path, **options) -> dict:
    out = io.StringIO()
    call_command("import_medborgarlofte", str(path), json=True, stdout=out, **options)
    return json.loads(out.getvalue())  # exactly one object and nothing else


@pytest.mark.django_db
@pytest.mark.parametrize(
    "builder",
    [
        documents.word_template_a,
        documents.word_template_b,
        documents.web_page,
        documents.pdf_document,
    ],
)
def test_the_json_output_is_one_object_that_follows_the_schema(tmp_path, builder):
    name, data = builder()
    path = tmp_path / name
    path.write_bytes(data)
    found = run_json(path, municipality="0482", dry_run=True)  # Flen
    jsonschema.validate(found, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert found["police_area"] == "Lokalpolisområde Katrineholm"
    assert no_rows()


@pytest.mark.django_db
def test_the_command_saves_a_draft_through_the_services_by_a_member(tmp_path):
    name, data = documents.word_template_a()
    path = tmp_path / name
    path.write_bytes(data)
    flen = municipality("0482")
    editor = MembershipFactory(municipality=flen).user
    call_command(
        "import_medborgarlofte",
        str(path),
        municipality="0482",
        user=editor.username,
        stdout=io.StringIO(),
    )

    promise = CitizenPromise.objects.get()
    assert promise.state == CitizenPromise.State.DRAFT
    assert (promise.municipality, promise.police_area.name) == (
        flen,
        "Lokalpolisområde Katrineholm",
    )
    assert (promise.valid_from, promise.valid_until) == (
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
    )
    assert (promise.signed_place, promise.signed_on) == ("Flen", datetime.date(2023, 12, 12))
    assert list(promise.sections.values_list("heading", flat=True)) == [
        "Inledning", "Lägesbild", "Fokusområden", "Våra löften", "Uppföljning",
    ]  # fmt: skip
    groups = {
        group.lead_in: [
            (c.text, sorted(p.kind for p in c.parties.all())) for c in group.commitments.all()
        ]
        for group in promise.commitment_groups.all()
    }
    assert groups["Polisen lovar att:"][0][1] == ["police_area"]
    assert groups["Kommunen lovar att:"][0][1] == ["municipality"]
    assert groups["Vi lovar gemensamt att:"][0][1] == ["municipality", "police_area"]
    assert list(promise.signatories.values_list("name", "organisation")) == [
        ("Anna Berg", "Flens kommun"),
        ("Per Lind", "Lokalpolisområde Katrineholm"),
    ]
    trafik = promise.local_focus_areas.get(name="Trafiken vid skolorna")
    assert list(trafik.national_focus_areas.values_list("slug", flat=True)) == ["trafik"]
    assert promise.history.first().history_user == editor


@pytest.mark.django_db
def test_a_document_without_signatories_is_saved_as_naming_none(tmp_path):
    name, data = documents.word_template_b()
    path = tmp_path / name
    path.write_bytes(data)
    editor = MembershipFactory(municipality=municipality("0483")).user
    call_command(
        "import_medborgarlofte",
        str(path),
        municipality="0483",
        user=editor.username,
        stdout=io.StringIO(),
    )
    promise = CitizenPromise.objects.get()
    assert promise.names_no_signatories
    assert not promise.signatories.exists()
    assert promise.parties.get(kind="other").name == "KFAB"


@pytest.mark.django_db
def test_a_user_of_another_kommun_saves_nothing(tmp_path):
    name, data = documents.word_template_a()
    path = tmp_path / name
    path.write_bytes(data)
    stranger = MembershipFactory(municipality=municipality("0428")).user  # Vingåker
    with pytest.raises(CommandError, match="får inte"):
        call_command(
            "import_medborgarlofte", str(path), municipality="0482", user=stranger.username
        )
    nobody = UserFactory()
    with pytest.raises(CommandError, match="får inte"):
        call_command("import_medborgarlofte", str(path), municipality="0482", user=nobody.username)
    assert no_rows()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_gives_a_proposal_or_the_importers_own_error(text):
    try:
        found = propose(text).as_json()
    except ImportRefused as error:
        assert str(error)
    else:
        jsonschema.validate(found, SCHEMA)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([b"", b"PK\x03\x04", b"%PDF-1.7\n", b"<!DOCTYPE html>", b"\xef\xbb\xbf"]),
    st.binary(),
    st.sampled_from(["a.txt", "a.docx", "a.pdf", "a.html", "a"]),
)
def test_arbitrary_bytes_give_a_proposal_or_the_importers_own_error(start, data, name):
    """Any bytes, also starting like a Word file, a PDF or a web page."""
    try:
        propose(extract_text(name, start + data)[1])
    except ImportRefused as error:
        assert str(error)


DOCUMENT_LINES = [
    "Medborgarlöfte 2024", "Polisen lovar att:", "- göra något.", "Lägesbild", "", "1",
    "Kommunen lovar att:", "fortsätter raden", "Anna Berg", "Kommunchef", "Bilaga 2: Plan",
    "Flen 2023-12-01", "……………", "• Trafik", "Fokusområden", "<https://x.se>", "Text här.",
    "Per Lind, kommunchef", "Så här arbetar vi:", "Innehåll", "Uppföljning .... 3",
]  # fmt: skip


def is_placed(line: str, proposal) -> bool:
    """`line` is in the proposal (or dropped as noise): as a whole, as a signatory's "name,
    title", or as the signing place and date."""
    everything = json.dumps(proposal.as_json(), ensure_ascii=False) + " ".join(proposal.noise)
    everything += " ".join(area.description for area in proposal.focus_areas)
    text = line.strip(" -•")
    name, _, title = text.partition(", ")
    return (
        not text
        or text in everything
        or bool(title and name in everything and title in everything)
        or bool(
            proposal.signatories
            and proposal.signed_place
            and text.startswith(proposal.signed_place)
        )
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(DOCUMENT_LINES)))
def test_any_arrangement_of_document_lines_places_every_line_or_is_refused(lines):
    try:
        proposal = propose("\n".join(lines))
    except ImportRefused:
        return
    for line in lines:
        assert is_placed(line, proposal), line


@pytest.mark.django_db
def test_a_police_area_of_another_kommun_is_refused_and_a_dry_run_prints_a_summary(
    tmp_path,
):
    path = tmp_path / "loften.txt"
    path.write_text(documents.SEED_LAYOUT_VINGAKER)
    with pytest.raises(CommandError, match="hör inte till Flens kommun"):
        call_command(
            "import_medborgarlofte",
            str(path),
            municipality="0482",
            police_area="Lokalpolisområde Eskilstuna",
            dry_run=True,
        )
    out = io.StringIO()
    call_command("import_medborgarlofte", str(path), municipality="0428", dry_run=True, stdout=out)
    assert "Undertecknare: Karin Polis, Kalle Kommun" in out.getvalue()
    assert no_rows()


@pytest.mark.parametrize(
    ("text", "cadence"),
    [
        ("Löftena följs upp per tertial i BRÅ.", "tertial"),
        ("Uppföljning sker tre gånger per år, efter varje tertial.", "tertial"),
        ("Arbetet följs upp varje halvår.", "half_yearly"),
        ("Medborgarlöftet följs upp årligen i kommunstyrelsen.", "yearly"),
        ("En uppföljning görs varje år.", "yearly"),
        ("Löftena utvärderas vid periodens slut.", "end_of_period"),
        ("En redovisning görs när perioden är slut.", "end_of_period"),
        ("Löftena följs upp.", "half_yearly"),  # says nothing: the default
    ],
)
def test_the_cadence_in_the_words_documents_use(text, cadence):
    assert find_cadence(text) == cadence
