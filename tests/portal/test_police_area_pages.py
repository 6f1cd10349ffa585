"""Police areas on the public pages and in the admin: a kommun served by several areas, a
renamed or split area, and a kommun whose area is not known yet."""

import datetime

import pytest
from django.urls import reverse

from municipalities.models import PoliceArea
from tests.assertions import count_queries
from tests.factories import PoliceAreaFactory, UserFactory, build_promise, municipality

pytestmark = pytest.mark.django_db

INCOMPLETE = "Listan över lokalpolisområden är ofullständig"


def area(name):
    return PoliceArea.objects.get(name=f"Lokalpolisområde {name}")


@pytest.fixture
def national_admin(client):
    client.force_login(UserFactory(username="riks", is_superuser=True))
    return client


# --- A kommun served by several areas -------------------------------------------------------------


def test_a_kommun_page_lists_all_its_current_areas_and_the_former_ones(client):
    page = client.get(municipality("0180").get_absolute_url())
    assert page.status_code == 200
    current, former = page.context["current_police_areas"], page.context["former_police_areas"]
    assert [a.name for a in current] == [
        "Lokalpolisområde Globen",
        "Lokalpolisområde Järva",
        "Lokalpolisområde Lidingö-Kungsholmen",
        "Lokalpolisområde Norra innerstaden",
        "Lokalpolisområde Vällingby",
    ]
    assert [a.name for a in former] == ["Lokalpolisområde Norrmalm"]
    assert "Kommunen delas mellan 5 lokalpolisområden." in page.text
    assert "Tidigare lokalpolisområden" in page.text and "t.o.m. 2024-12-31" in page.text
    assert area("Järva").get_absolute_url() in page.text


def test_a_kommun_with_no_known_area_says_so(client):
    page = client.get(municipality("0980").get_absolute_url())  # Gotland
    assert page.status_code == 200
    assert "Uppgift om lokalpolisområde saknas för kommunen." in page.text
    assert INCOMPLETE in page.text


def test_a_kommun_in_one_area_names_the_others_it_serves(client):
    page = client.get(municipality("0428").get_absolute_url())
    assert "Lokalpolisområde Katrineholm" in page.text
    assert "(Polisområde Sörmland)" in page.text
    assert municipality("0482").get_absolute_url() in page.text  # Flen
    assert "Kommunen delas mellan" not in page.text


# --- Renamed and split areas --------------------------------------------------------------------


def test_a_split_area_links_to_its_successors_and_they_back(client):
    norrmalm = client.get(area("Norrmalm").get_absolute_url())
    assert norrmalm.status_code == 200
    assert "Ersattes av" in norrmalm.text
    assert area("Lidingö-Kungsholmen").get_absolute_url() in norrmalm.text
    assert area("Norra innerstaden").get_absolute_url() in norrmalm.text
    assert "finns inte längre under det här namnet" in norrmalm.text
    assert "t.o.m. 2024-12-31" in norrmalm.text

    successor = client.get(area("Lidingö-Kungsholmen").get_absolute_url())
    assert "Ersatte" in successor.text and area("Norrmalm").get_absolute_url() in successor.text
    assert "fr.o.m. 2025-01-01" in successor.text
    assert "finns inte längre" not in successor.text
    assert "bekräftad" in successor.text and "mitti.se" in successor.text
    assert INCOMPLETE in successor.text


def test_a_document_signed_under_the_old_area_keeps_its_name(client):
    norrmalm = area("Norrmalm")
    promise = build_promise(
        municipality=municipality("0186"),  # Lidingö
        police_area=norrmalm,
        title="Medborgarlöfte Lidingö 2023–2024",
        valid_from=datetime.date(2023, 1, 1),
        valid_until=datetime.date(2024, 12, 31),
    )
    page = client.get(promise.get_absolute_url())
    assert page.status_code == 200
    assert "Lokalpolisområde Norrmalm" in page.text
    assert "Lidingö-Kungsholmen" not in page.text
    assert promise.title in client.get(norrmalm.get_absolute_url()).text
    assert promise.title in client.get(municipality("0186").get_absolute_url()).text


def test_a_renamed_area_known_only_by_name_says_its_kommuner_are_unknown(client):
    page = client.get(area("Täby").get_absolute_url())
    assert page.status_code == 200
    assert "Uppgift om kommunerna saknas." in page.text
    assert area("Södra Roslagen").get_absolute_url() in page.text


# --- The list of areas ----------------------------------------------------------------------------


def test_the_list_groups_current_areas_by_region_and_says_it_is_incomplete(client):
    page = client.get(reverse("loften:police_area_list"))
    assert page.status_code == 200
    assert INCOMPLETE in page.text
    regions = {region.name: [a.name for a in areas] for region, areas in page.context["regions"]}
    assert "Lokalpolisområde Katrineholm" in regions["Region Öst"]
    assert "Lokalpolisområde Norrmalm" not in regions["Region Stockholm"]
    assert {a.name for a in page.context["former"]} == {
        "Lokalpolisområde Norrmalm",
        "Lokalpolisområde Täby",
    }
    unserved = page.context["unserved"]
    assert f"{unserved} av 290 kommuner saknar ännu uppgift om lokalpolisområde." in page.text


@pytest.mark.parametrize(
    "url",
    [
        lambda: reverse("loften:police_area_list"),
        lambda: municipality("0180").get_absolute_url(),
        lambda: area("Norrmalm").get_absolute_url(),
    ],
)
def test_query_count_does_not_grow_with_areas(client, url):
    client.get(url())
    before = count_queries(client, url())
    for _ in range(5):
        extra = PoliceAreaFactory(municipalities=[municipality("0180"), municipality("0186")])
        extra.predecessors.add(area("Norrmalm"))
    assert count_queries(client, url()) == before


# --- The admin ------------------------------------------------------------------------------


def test_the_admins_police_area_list_says_it_is_incomplete(national_admin):
    page = national_admin.get(reverse("admin:municipalities_policearea_changelist"))
    assert page.status_code == 200
    assert INCOMPLETE in page.text
    assert "Lokalpolisområde Katrineholm" in page.text


def test_the_admin_lists_every_area_of_a_kommun(national_admin):
    url = reverse("admin:municipalities_municipality_changelist")
    page = national_admin.get(url, {"q": "0180"})
    assert page.status_code == 200
    for name in ("Globen", "Järva", "Lidingö-Kungsholmen", "Norra innerstaden", "Vällingby"):
        assert f"Lokalpolisområde {name}" in page.text
    assert "Lokalpolisområde Norrmalm" not in page.text
    missing = national_admin.get(url, {"lokalpolisomrade": "saknas", "q": "Gotland"})
    assert "Gotland" in missing.text and "uppgift saknas" in missing.text
    known = national_admin.get(url, {"lokalpolisomrade": "kant", "q": "Gotland"})
    assert "0980" not in known.text


def test_the_admin_saves_an_area_with_several_kommuner_and_a_predecessor(national_admin):
    katrineholm = area("Katrineholm")
    url = reverse("admin:municipalities_policearea_change", args=[katrineholm.pk])
    assert national_admin.get(url).status_code == 200
    kommuner = [municipality(code).pk for code in ("0428", "0482", "0483", "0484")]
    response = national_admin.post(
        url,
        {
            "name": katrineholm.name,
            "slug": katrineholm.slug,
            "region": katrineholm.region_id,
            "district": katrineholm.district_id,
            "municipalities": kommuner,
            "valid_from": "",
            "valid_until": "",
            "predecessors": [area("Täby").pk],
            "source_url": katrineholm.source_url,
            "source_date": katrineholm.source_date,
            "confidence": katrineholm.confidence,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert sorted(katrineholm.municipalities.values_list("pk", flat=True)) == sorted(kommuner)
    assert list(katrineholm.predecessors.all()) == [area("Täby")]
    assert katrineholm.history.count() >= 2


def test_the_admin_refuses_a_polisomrade_of_another_region(national_admin):
    katrineholm = area("Katrineholm")
    url = reverse("admin:municipalities_policearea_change", args=[katrineholm.pk])
    response = national_admin.post(
        url,
        {
            "name": katrineholm.name,
            "slug": katrineholm.slug,
            "region": katrineholm.region_id,
            "district": area("Järva").district_id,
            "municipalities": [municipality("0428").pk],
            "confidence": "",
            "valid_from": "2025-01-01",
            "valid_until": "2024-01-01",
        },
    )
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors)
    assert "Polisområde Stockholm nord hör till Region Stockholm" in errors
    assert "kan inte upphöra innan det börjar" in errors
