"""A document's own structure, entered as an official would and read back from the page and the
PDF: its parties, its sections under their own headings in their order, its own focus areas
(with and without national ones) and its löften under their own lead-ins, nothing added."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from loften import approval, services
from loften.models import (
    CitizenPromise,
    Commitment,
    CommitmentGroup,
    DocumentParty,
    FocusArea,
    LocalFocusArea,
    Section,
    Signatory,
)
from loften.pdf import promise_pdf
from municipalities.models import Municipality
from tests.factories import (
    CommitmentFactory,
    CommitmentGroupFactory,
    DocumentPartyFactory,
    LocalFocusAreaFactory,
    MembershipFactory,
    PoliceAreaFactory,
    SectionFactory,
    approve,
    build_promise,
    make_promise,
)
from tests.loften.helpers import form_data
from tests.seeds import SEEDS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_storage")]


def pdf_text(promise):
    reader = PdfReader(io.BytesIO(promise_pdf(promise).read()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def flat(text):
    return " ".join(text.split())


def in_order(text, pieces):
    """Every piece occurs in `text`, each after the one before."""
    position = 0
    for piece in pieces:
        found = text.find(flat(piece), position)
        assert found >= 0, f"{piece!r} missing or out of order"
        position = found + 1


def enter_document(spec):
    """Enter `spec` (tests/seeds.py) through the content services, as the admin does, then
    approve, sign and publish it."""
    kommun = Municipality.objects.get(code=spec["municipality"])
    area = PoliceAreaFactory(municipalities=[kommun])
    editor = MembershipFactory(municipality=kommun).user
    promise = CitizenPromise(
        municipality=kommun,
        police_area=area,
        title=spec["title"],
        valid_from=spec["valid_from"],
        valid_until=spec["valid_until"],
    )
    services.citizen_promise_save(promise=promise, user=editor)

    def save(part, **related):
        return services.citizen_promise_part_save(part=part, user=editor, related=related)

    parties = {
        "kommun": save(DocumentParty(promise=promise, kind="municipality", municipality=kommun)),
        "polis": save(DocumentParty(promise=promise, kind="police_area", police_area=area)),
    }
    for order, (kind, heading, body) in enumerate(spec["sections"]):
        save(Section(promise=promise, kind=kind, heading=heading, body=body, order=order))
    local = [
        save(
            LocalFocusArea(promise=promise, name=name, description=description, order=order),
            national_focus_areas=FocusArea.objects.filter(slug__in=slugs),
        )
        for order, (name, description, slugs) in enumerate(spec["local_focus_areas"])
    ]
    for order, (lead_in, rows) in enumerate(spec["groups"]):
        group = save(CommitmentGroup(promise=promise, lead_in=lead_in, order=order))
        for number, (text, who, areas) in enumerate(rows):
            save(
                Commitment(promise=promise, group=group, text=text, order=number),
                parties=[parties[key] for key in who],
                local_focus_areas=[local[i] for i in areas],
            )
    save(
        Signatory(
            promise=promise,
            name="Kim Kommunchef",
            title="kommunchef",
            organisation=kommun.long_name,
        )
    )
    approve(promise)
    services.citizen_promise_sign(promise=promise, user=editor)
    services.citizen_promise_publish(promise=promise, user=editor)
    return promise


@pytest.mark.parametrize("spec", SEEDS, ids=lambda spec: spec["title"])
def test_a_real_document_is_entered_completely_and_shown_under_its_own_headings(client, spec):
    promise = enter_document(spec)
    page = flat(client.get(promise.get_absolute_url()).content.decode())
    pdf = pdf_text(promise)

    headings = [heading for _kind, heading, _body in spec["sections"] if heading]
    lead_ins = [lead_in for lead_in, _rows in spec["groups"] if lead_in]
    texts = [text.split("\n")[0] for _lead, rows in spec["groups"] for text, *_ in rows]
    local = [name for name, _description, _slugs in spec["local_focus_areas"]]
    for text in (page, pdf):
        in_order(text, headings)
        for lead_in in lead_ins:
            assert text.count(lead_in) == 1, lead_in
        for piece in (*texts, *local):
            assert flat(piece) in text
    for _kind, _heading, body in spec["sections"]:
        for paragraph in filter(None, body.split("\n\n")):
            assert flat(paragraph) in pdf
    # The page shows the sections in the document's order: the löften under their section.
    commitments_section = next(h for k, h, _b in spec["sections"] if k == "commitments")
    in_order(page, [commitments_section, *(lead_ins or texts[:1])])


@pytest.mark.parametrize("kind", list(Section.Kind))
def test_each_kind_of_section_round_trips_through_the_admin_page_and_pdf(client, kind):
    promise = make_promise(state=CitizenPromise.State.DRAFT)
    editor = MembershipFactory(municipality=promise.municipality).user
    client.force_login(editor)
    url = reverse("admin:loften_citizenpromise_change", args=[promise.pk])
    data = form_data(client.get(url))
    index = data["sections-TOTAL_FORMS"]
    heading = f"Rubrik för {kind.label}"
    data.update(
        {
            "sections-TOTAL_FORMS": index + 1,
            f"sections-{index}-kind": kind.value,
            f"sections-{index}-heading": heading,
            f"sections-{index}-body": f"Text om {kind.label}.",
            f"sections-{index}-order": 9,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    section = promise.sections.get(heading=heading)
    assert (section.kind, section.body) == (kind.value, f"Text om {kind.label}.")

    approve(promise)
    services.citizen_promise_sign(promise=promise, user=editor)
    services.citizen_promise_publish(promise=promise, user=editor)
    page = client.get(promise.get_absolute_url()).content.decode()
    assert heading in page and f"Text om {kind.label}." in page
    text = pdf_text(promise)
    assert heading in text and f"Text om {kind.label}." in text


def test_the_admin_offers_only_the_documents_own_groups_parties_and_focus_areas(client):
    promise = make_promise(state=CitizenPromise.State.DRAFT)
    other = make_promise(state=CitizenPromise.State.DRAFT)
    client.force_login(MembershipFactory(municipality=promise.municipality).user)
    page = client.get(reverse("admin:loften_citizenpromise_change", args=[promise.pk]))
    formset = next(
        f.formset
        for f in page.context["inline_admin_formsets"]
        if f.formset.prefix == "commitments"
    )
    form = formset.forms[0]
    assert set(form.fields["group"].queryset) == set(promise.commitment_groups.all())
    assert set(form.fields["parties"].queryset) == set(promise.parties.all())
    assert not set(form.fields["group"].queryset) & set(other.commitment_groups.all())


def test_a_link_to_another_documents_party_is_refused():
    promise = make_promise(state=CitizenPromise.State.DRAFT)
    other = make_promise(state=CitizenPromise.State.DRAFT)
    editor = MembershipFactory(municipality=promise.municipality).user
    commitment = promise.commitments.first()
    with pytest.raises(Exception, match="hör till ett annat medborgarlöfte"):
        services.citizen_promise_part_save(
            part=commitment, user=editor, related={"parties": list(other.parties.all())}
        )


def test_local_focus_areas_with_and_without_a_mapping(client):
    promise = build_promise(commitments=1, followups=0)
    drugs = FocusArea.objects.get(slug="narkotika")
    mapped = LocalFocusAreaFactory(promise=promise, name="Trygg väg till skolan", order=1)
    mapped.national_focus_areas.add(drugs)
    unmapped = LocalFocusAreaFactory(promise=promise, name="Lugnare kvällar i parken", order=2)
    commitment = promise.commitments.get()
    commitment.local_focus_areas.add(mapped, unmapped)
    SectionFactory(promise=promise, kind="focus_areas", heading="Våra fokusområden", order=1)

    page = client.get(promise.get_absolute_url()).content.decode()
    in_order(page, ["Våra fokusområden", "Trygg väg till skolan", "Lugnare kvällar i parken"])
    assert drugs.get_absolute_url() in page

    # The national page finds the löfte through the mapping alone.
    assert not commitment.focus_areas.filter(pk=drugs.pk).exists()
    national = client.get(drugs.get_absolute_url()).content.decode()
    assert commitment.text in national
    listing = client.get(reverse("loften:focus_area_list"))
    (listed,) = [area for area in listing.context["areas"] if area.pk == drugs.pk]
    assert listed.commitment_count == 1
    assert Commitment.objects.in_focus_area(drugs).count() == 1
    # Tagged both ways, it still counts once.
    commitment.focus_areas.add(drugs)
    assert Commitment.objects.in_focus_area(drugs).count() == 1


def test_a_housing_company_promises_and_one_bullet_is_shared_by_two_parties(client):
    promise = build_promise(commitments=1, followups=0)
    company = DocumentPartyFactory(
        promise=promise, kind=DocumentParty.Kind.COMPANY, name="AB Vingåkershem", order=5
    )
    kommun = promise.parties.get(kind=DocumentParty.Kind.MUNICIPALITY)
    group = CommitmentGroupFactory(promise=promise, lead_in="Så här arbetar vi:", order=9)
    own = CommitmentFactory(promise=promise, group=group, text="byta belysning i trapphusen")
    own.parties.set([company])
    shared = CommitmentFactory(promise=promise, group=group, text="städa gårdarna tillsammans")
    shared.parties.set([company, kommun])

    page = client.get(promise.get_absolute_url()).content.decode()
    assert "AB Vingåkershem" in page
    assert page.count("Så här arbetar vi:") == 1
    assert (own.role(), shared.role()) == ("other", "joint")
    assert shared.party_names() == "Vingåkers kommun, AB Vingåkershem"
    assert set(Commitment.objects.with_role("other")) == {own, shared}
    assert "AB Vingåkershem" in pdf_text(promise)


def test_a_document_of_three_kommuner_is_listed_on_each_kommuns_page(client):
    promise = build_promise(commitments=1, followups=0)
    for order, code in enumerate(("0483", "0482"), start=3):
        DocumentPartyFactory(
            promise=promise,
            kind=DocumentParty.Kind.MUNICIPALITY,
            municipality=Municipality.objects.get(code=code),
            order=order,
        )
    for code in ("0428", "0483", "0482"):
        kommun = Municipality.objects.get(code=code)
        page = client.get(kommun.get_absolute_url())
        assert promise.title in page.content.decode(), code
    # Only the kommun it belongs to, and its police area, approve for it.
    assert approval.required_parties(promise) == ("municipality", "police")


def test_a_police_only_document_for_a_district_needs_only_the_police(client):
    stockholm = Municipality.objects.get(code="0180")
    area = PoliceAreaFactory(name="Lokalpolisområde Rinkeby", municipalities=[stockholm])
    promise = build_promise(
        commitments=1, followups=0, municipality=stockholm, police_area=area, district="Järva"
    )
    promise.parties.filter(kind=DocumentParty.Kind.MUNICIPALITY).delete()
    assert approval.required_parties(promise) == ("police",)
    page = client.get(promise.get_absolute_url()).content.decode()
    assert "Järva" in page and "Lokalpolisområde Rinkeby" in page
    assert promise.title in client.get(stockholm.get_absolute_url()).content.decode()


def test_the_kommun_list_marks_exactly_the_covered_kommuner(client):
    """Each kommun is marked by its own documents and the documents naming it, never by a
    document whose number happens to equal its own (the subquery's outer reference)."""
    today = datetime.date.today()
    promise = build_promise(
        commitments=1,
        followups=0,
        valid_from=today - datetime.timedelta(days=30),
        valid_until=today.replace(year=today.year + 1),
    )
    named = Municipality.objects.get(code="0482")
    DocumentPartyFactory(promise=promise, kind="municipality", municipality=named, order=3)
    covered = {"Vingåker", named.name}
    same_number = Municipality.objects.filter(pk=promise.pk).exclude(name__in=covered).first()
    names = [*covered, "Katrineholm", *([same_number.name] if same_number else [])]
    for name in names:
        page = client.get(reverse("loften:municipality_list"), {"q": name}).text
        marked = "Har ett gällande medborgarlöfte" in page
        assert marked == (name in covered), name
