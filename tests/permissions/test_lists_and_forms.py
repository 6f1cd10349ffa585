"""What an open page contains: lists, autocomplete and form choices offer only the user's own
organisations; a forged POST naming another organisation is refused; a reviewer's form is
read-only."""

import pytest
from django.urls import reverse

from followup.models import FollowUp
from loften.models import CitizenPromise
from tests.factories import municipality
from tests.permissions.matrix import autocomplete_url
from tests.permissions.world import MEMBERS

pytestmark = pytest.mark.django_db


def test_lists_show_only_own_organisations_documents(client, world):
    own, other = world.own[CitizenPromise], world.other[CitizenPromise]
    for role in MEMBERS:
        client.force_login(world.users[role])
        page = client.get(reverse("admin:loften_citizenpromise_changelist"))
        assert list(page.context["cl"].result_list) == [own], role
        page = client.get(reverse("admin:followup_followup_changelist"))
        assert list(page.context["cl"].result_list) == [world.own[FollowUp]], role
    client.force_login(world.users["national"])
    page = client.get(reverse("admin:loften_citizenpromise_changelist"))
    assert set(page.context["cl"].result_list) == {own, other}


def test_autocomplete_offers_only_own_documents(client, world):
    url = autocomplete_url("followup", "followup", "promise")(world, world.own)
    client.force_login(world.users["polisredaktor"])
    ids = {int(row["id"]) for row in client.get(url).json()["results"]}
    assert ids == {world.own[CitizenPromise].pk}


def test_forms_offer_only_own_organisations(client, world):
    client.force_login(world.users["kommunredaktor"])
    form = client.get(reverse("admin:loften_citizenpromise_add")).context["adminform"].form
    assert [m.code for m in form.fields["municipality"].queryset] == ["0428"]
    assert [a.name for a in form.fields["police_area"].queryset] == ["Lokalpolisområde Katrineholm"]

    client.force_login(world.users["polisredaktor"])
    form = client.get(reverse("admin:loften_citizenpromise_add")).context["adminform"].form
    # The shipped Lokalpolisområde Katrineholm: Vingåker, Flen and Katrineholm.
    assert sorted(m.code for m in form.fields["municipality"].queryset) == ["0428", "0482", "0483"]
    assert [a.name for a in form.fields["police_area"].queryset] == ["Lokalpolisområde Katrineholm"]

    form = client.get(reverse("admin:followup_followup_add")).context["adminform"].form
    assert list(form.fields["promise"].queryset) == [world.own[CitizenPromise]]


def _add_data(municipality_obj, police_area):
    return {
        "title": "Medborgarlöfte 2027–2028",
        "municipality": municipality_obj.pk,
        "police_area": police_area.pk,
        "valid_from": "2027-01-01",
        "valid_until": "2028-12-31",
        "cadence": "half_yearly",
        **{
            f"{prefix}-{key}": value
            for prefix in (
                "parties",
                "sections",
                "sources",
                "places",
                "local_focus_areas",
                "commitment_groups",
                "commitments",
                "signatories",
                "attachments",
                "effect_indicators",
                "measures",
            )
            for key, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))
        },
    }


def test_a_forged_post_naming_another_organisation_is_rejected(client, world):
    client.force_login(world.users["kommunredaktor"])
    strangnas = world.other[CitizenPromise].municipality
    eskilstuna = world.other[CitizenPromise].police_area
    before = CitizenPromise.objects.count()

    response = client.post(
        reverse("admin:loften_citizenpromise_add"), _add_data(strangnas, eskilstuna)
    )
    assert response.status_code == 200
    assert "municipality" in response.context["adminform"].form.errors
    assert CitizenPromise.objects.count() == before

    # Own municipality with a police area that does not serve it.
    response = client.post(
        reverse("admin:loften_citizenpromise_add"),
        _add_data(world.own[CitizenPromise].municipality, eskilstuna),
    )
    assert "police_area" in response.context["adminform"].form.errors
    assert CitizenPromise.objects.count() == before

    # A follow-up for another organisation's document.
    response = client.post(
        reverse("admin:followup_followup_add"),
        {
            "promise": world.other[CitizenPromise].pk,
            "year": 2026,
            "number": 1,
            "summary": "",
            "statuses-TOTAL_FORMS": 0,
            "statuses-INITIAL_FORMS": 0,
        },
    )
    assert "promise" in response.context["adminform"].form.errors
    assert not FollowUp.objects.filter(promise=world.other[CitizenPromise], year=2026).exists()


def test_own_organisation_may_create_a_draft_through_the_admin(client, world):
    client.force_login(world.users["polisredaktor"])
    response = client.post(
        reverse("admin:loften_citizenpromise_add"),
        _add_data(municipality("0483"), world.own[CitizenPromise].police_area),
    )
    assert response.status_code == 302
    created = CitizenPromise.objects.get(title="Medborgarlöfte 2027–2028")
    assert created.state == CitizenPromise.State.DRAFT
    assert created.history.get().history_user == world.users["polisredaktor"]


def test_reviewer_sees_a_read_only_form_and_cannot_post(client, world):
    promise = world.own[CitizenPromise]
    client.force_login(world.users["granskare"])
    url = reverse("admin:loften_citizenpromise_change", args=[promise.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert 'name="_save"' not in response.text
    assert client.post(url, {"title": "Ändrad"}).status_code == 403
    promise.refresh_from_db()
    assert promise.title != "Ändrad"
