import csv
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from municipalities.models import County, Membership, Municipality, PoliceArea, PoliceRegion
from tests.factories import MembershipFactory, PoliceAreaFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db

CSV_PATH = "municipalities/data/kommuner.csv"


def test_all_290_municipalities_21_counties_and_7_police_regions_are_shipped():
    assert Municipality.objects.count() == 290
    assert County.objects.count() == 21
    assert PoliceRegion.objects.count() == 7


@pytest.mark.parametrize(
    ("code", "name", "county_code", "region"),
    [
        ("0428", "Vingåker", "04", "Region Öst"),
        ("0483", "Katrineholm", "04", "Region Öst"),
        ("0486", "Strängnäs", "04", "Region Öst"),
        ("0665", "Vaggeryd", "06", "Region Öst"),
        ("1960", "Kungsör", "19", "Region Mitt"),
        ("0180", "Stockholm", "01", "Region Stockholm"),
        ("2584", "Kiruna", "25", "Region Nord"),
        ("1280", "Malmö", "12", "Region Syd"),
    ],
)
def test_known_municipalities_have_their_scb_codes_county_and_region(
    code, name, county_code, region
):
    m = Municipality.objects.select_related("county__police_region").get(code=code)
    assert m.name == name
    assert m.county.code == county_code
    assert m.county.police_region.name == region


def test_reference_data_matches_the_shipped_file_row_by_row():
    with open(CSV_PATH, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    stored = {
        m.code: (m.name, m.county.code, m.county.name, m.county.police_region.name)
        for m in Municipality.objects.select_related("county__police_region")
    }
    assert stored == {
        r["kommunkod"]: (r["kommun"], r["lanskod"], r["lan"], r["polisregion"]) for r in rows
    }


def test_every_municipality_code_begins_with_its_county_code():
    for m in Municipality.objects.select_related("county"):
        assert m.code[:2] == m.county.code, m


def test_slugs_fold_swedish_letters_and_stay_unique():
    assert municipality("0428").slug == "vingaker"
    assert municipality("0486").slug == "strangnas"
    # Håbo and Habo fold to the same word, so both carry their kommunkod.
    assert municipality("0305").slug == "habo-0305"
    assert municipality("0643").slug == "habo-0643"


def test_municipality_code_must_be_four_digits():
    m = Municipality(code="42A", name="Fel", slug="fel", county=County.objects.get(code="04"))
    with pytest.raises(ValidationError) as excinfo:
        m.full_clean()
    assert "Kommunkoden ska vara fyra siffror." in str(excinfo.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        m.save()


def test_police_area_serves_several_municipalities():
    area = PoliceAreaFactory(municipalities=[municipality("0428"), municipality("0483")])
    assert set(area.municipalities.values_list("code", flat=True)) == {"0428", "0483"}
    assert area in municipality("0428").police_areas.all()


class TestMembership:
    def test_needs_exactly_one_organisation(self):
        user = UserFactory()
        both = Membership(user=user, municipality=municipality(), police_area=PoliceAreaFactory())
        neither = Membership(user=user)
        for membership in (both, neither):
            with pytest.raises(ValidationError) as excinfo:
                membership.full_clean()
            assert "antingen en kommun eller ett lokalpolisområde" in str(excinfo.value)
            with pytest.raises(IntegrityError), transaction.atomic():
                membership.save()

    def test_user_is_member_of_an_organisation_once(self):
        existing = MembershipFactory()
        duplicate = Membership(user=existing.user, municipality=existing.municipality)
        with pytest.raises(ValidationError) as excinfo:
            duplicate.full_clean()
        assert "redan medlem i den här kommunen" in str(excinfo.value)
        with pytest.raises(IntegrityError), transaction.atomic():
            duplicate.save()

    def test_str_names_user_organisation_and_role(self):
        membership = MembershipFactory(user=UserFactory(username="anna"))
        assert str(membership) == "anna – Vingåker (redaktör)"


@pytest.mark.parametrize(
    ("county", "region"),
    [("Västmanlands län", "Region Mitt"), ("Västernorrlands län", "Region Nord")],
)
def test_the_two_counties_sit_in_their_real_police_regions(county, region):
    assert County.objects.get(name=county).police_region.name == region


def test_the_correction_moves_an_existing_database_and_its_police_areas():
    vastmanland = County.objects.get(name="Västmanlands län")
    bergslagen = PoliceRegion.objects.get(name="Region Bergslagen")
    County.objects.filter(pk=vastmanland.pk).update(police_region=bergslagen)
    area = PoliceArea.objects.create(name="Västra Mälardalen", slug="vm", region=bergslagen)
    area.municipalities.set(Municipality.objects.filter(code__in=["1960", "1983"]))

    module = importlib.import_module("municipalities.migrations.0005_correct_police_regions")
    module.sync_police_regions(apps, None)

    assert County.objects.get(pk=vastmanland.pk).police_region.name == "Region Mitt"
    assert PoliceArea.objects.get(pk=area.pk).region.name == "Region Mitt"
