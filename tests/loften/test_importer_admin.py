"""The admin's import page (loften/admin/importer.py): a member uploads a file, sees the proposal
beside the source text, corrects it and saves a draft of their own organisation's, in one
transaction; nobody else can, and a refused file or form writes no row."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loften.admin.importer import FORMSETS, PLACEMENT_LABELS
from loften.importer.proposal import PLACEMENTS
from loften.models import CitizenPromise
from tests.factories import MembershipFactory, UserFactory, municipality, shipped_police_area
from tests.loften import import_documents as documents

pytestmark = pytest.mark.django_db

URL = reverse("admin:loften_citizenpromise_import")


@pytest.fixture
def member(client):
    """An editor of Flen (served by Lokalpolisområde Katrineholm), signed in."""
    user = MembershipFactory(municipality=municipality("0482")).user
    client.force_login(user)
    return user


def upload(client, builder=documents.word_template_a, code="0482"):
    name, data = builder()
    return client.post(
        URL,
        {"file": SimpleUploadedFile(name, data), "municipality": municipality(code).pk},
    )


def review_data(response) -> dict:
    """What the review page's form would post back unchanged."""
    context = response.context
    form = context["form"]
    data = {"review": "1", "source_text": form.initial["source_text"]}
    for name, value in form.initial.items():
        if name == "source_text":
            continue
        data[name] = getattr(value, "pk", value) if value is not None else ""
    for name, formset in context["formsets"].items():
        management = formset.management_form
        for field in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{name}-{field}"] = management[field].value()
        for row in formset.forms:
            for field in row.fields:
                if field != "DELETE" and row.initial.get(field) is not None:
                    data[f"{row.prefix}-{field}"] = row.initial[field]
    return data


def test_every_placement_has_a_label():
    assert set(PLACEMENT_LABELS) == set(PLACEMENTS)
    assert set(FORMSETS) == {"sections", "focus_areas", "commitments", "sources", "signatories"}


def test_a_member_sees_the_proposal_beside_the_source_and_saves_a_corrected_draft(client, member):
    assert URL in client.get(reverse("admin:loften_citizenpromise_changelist")).text
    response = upload(client)
    assert response.status_code == 200
    page = response.text
    assert "Originaltexten" in page
    # Each source line is marked where it went, in words.
    assert "Löfte</span> - vara synlig i centrum på fredagskvällar." in page
    assert "Rubrik</span> Lägesbild" in page
    assert "Undertecknare</span> Anna Berg" in page
    assert not CitizenPromise.objects.exists()  # nothing is saved before the member saves

    data = review_data(response)
    data["title"] = "Medborgarlöfte för Flen 2024"  # the member corrects the title
    data["commitments-4-DELETE"] = "on"  # and drops a löfte
    assert data["cadence"] == "half_yearly"  # the template names no cadence
    data["cadence"] = "tertial"  # the member knows better
    response = client.post(URL, data)
    promise = CitizenPromise.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:loften_citizenpromise_change", args=[promise.pk])
    assert promise.title == "Medborgarlöfte för Flen 2024"
    assert promise.cadence == CitizenPromise.Cadence.TERTIAL
    assert promise.state == CitizenPromise.State.DRAFT
    assert (promise.municipality.code, promise.police_area) == (
        "0482",
        shipped_police_area(),
    )
    assert promise.commitments.count() == 4
    assert list(promise.signatories.values_list("name", flat=True)) == ["Anna Berg", "Per Lind"]
    assert promise.history.first().history_user == member


def test_a_refused_file_shows_its_message_and_saves_nothing(client, member):
    response = upload(client, documents.image_only_pdf)
    assert response.status_code == 200
    assert "ingen text, bara bilder" in response.text
    assert not CitizenPromise.objects.exists()


def test_a_member_cannot_upload_for_another_kommun(client, member):
    response = upload(client, code="0428")  # Vingåker: not the member's
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.text
    assert not CitizenPromise.objects.exists()


def test_a_member_cannot_save_a_draft_of_another_kommun(client, member):
    data = review_data(upload(client))
    data["municipality"] = municipality("0428").pk
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors["municipality"]
    assert "Originaltexten" in response.text  # the source stays beside the form
    assert not CitizenPromise.objects.exists()


def test_a_refused_save_writes_no_row(client, member):
    data = review_data(upload(client))
    data["valid_until"] = "2023-01-01"  # before valid_from
    data["commitments-0-party"] = "other"  # without a party name
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors["valid_until"]
    assert response.context["formsets"]["commitments"].forms[0].errors["party_name"]
    assert not CitizenPromise.objects.exists()


def test_someone_without_an_organisation_may_not_import(client):
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403
    assert upload(client).status_code == 403
    assert not CitizenPromise.objects.exists()


def test_a_reviewer_may_not_import(client):
    reviewer = MembershipFactory(municipality=municipality("0482"), role="reviewer").user
    client.force_login(reviewer)
    assert client.get(URL).status_code == 403


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("admin:login") in response.url
