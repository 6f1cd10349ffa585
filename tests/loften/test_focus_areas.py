"""The national focus areas: one that a signed, published or withdrawn document uses is never
deleted (in code, the admin's delete page or its bulk action) but deactivated; deleting one that
only drafts use takes it off their löften with a line in each löfte's history (security finding:
a deleted area changed eleven published commitments and left no history)."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from loften.admin.parts import CommitmentForm
from loften.models import CitizenPromise, Commitment, FocusArea
from loften.services import citizen_promise_part_save
from tests.factories import UserFactory, build_promise, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_admin(client):
    user = UserFactory(username="riks", is_superuser=True)
    client.force_login(user)
    return user


def traffic():
    return FocusArea.objects.get(slug="trafik")


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_deleting_an_area_a_published_document_uses_is_refused_in_code():
    promise = build_promise(commitments=3, followups=0)
    tagged = set(promise.commitments.filter(focus_areas__slug="trafik").values_list("pk"))
    with pytest.raises(ValidationError) as refused:
        traffic().delete()
    assert refused.value.messages == [
        "Fokusområdet ”Trafik” används av 1 undertecknat, publicerat eller tillbakadraget "
        "medborgarlöfte och kan inte raderas, eftersom det som har undertecknats ska stå kvar "
        "som det var. Avaktivera det i stället (kryssa ur ”Aktivt”): då erbjuds det inte för "
        "nya löften men står kvar där det används."
    ]
    with pytest.raises(ValidationError, match="kan inte raderas"):
        FocusArea.objects.filter(slug="trafik").delete()  # a bulk delete obeys the same rule
    assert set(promise.commitments.filter(focus_areas__slug="trafik").values_list("pk")) == tagged


@pytest.mark.parametrize("state", ["signed", "withdrawn"])
def test_signed_and_withdrawn_documents_count_too(state):
    build_promise(state=state, followups=0)
    build_promise(municipality=municipality("0483"), followups=0)
    with pytest.raises(ValidationError, match="används av 2 undertecknade, publicerade eller"):
        traffic().delete()


def test_the_admin_refuses_to_delete_a_used_area_with_the_count(client, national_admin):
    build_promise(followups=0)
    area = traffic()
    delete_url = reverse("admin:loften_focusarea_delete", args=[area.pk])
    change_url = reverse("admin:loften_focusarea_change", args=[area.pk])
    for response in (client.get(delete_url), client.post(delete_url, {"post": "yes"})):
        assert response.status_code == 302
        assert response["Location"] == change_url
        assert any("används av 1 undertecknat, publicerat" in text for text in texts(response))
    response = client.post(
        reverse("admin:loften_focusarea_changelist"),
        {"action": "delete_selected", "_selected_action": [area.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert any("kan inte raderas" in text for text in texts(response))
    assert FocusArea.objects.filter(pk=area.pk).exists()


def test_deleting_an_area_only_drafts_use_records_the_removal_in_each_loeftes_history(
    client, national_admin
):
    draft = build_promise(state=CitizenPromise.State.DRAFT, followups=0)
    area = traffic()
    tagged = list(Commitment.objects.filter(focus_areas=area))
    assert tagged
    versions = {c.pk: c.history.count() for c in tagged}

    response = client.post(
        reverse("admin:loften_focusarea_delete", args=[area.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not FocusArea.objects.filter(slug="trafik").exists()
    assert not draft.commitments.filter(focus_areas__isnull=False).exists()
    for commitment in tagged:
        assert commitment.history.count() == versions[commitment.pk] + 1
        latest = commitment.history.first()
        assert latest.history_user == national_admin
        assert latest.history_change_reason == "Fokusområdet ”Trafik” raderades"
        assert list(latest.focus_areas.all()) == []
        assert commitment.history.all()[1].focus_areas.filter(focusarea_id=area.pk).exists()
    assert FocusArea.history.filter(history_type="-", slug="trafik").get().history_user == (
        national_admin
    )


def test_deactivating_is_recorded_and_hides_the_area_from_the_list_and_from_tagging(
    client, national_admin
):
    promise = build_promise(followups=0)
    area = traffic()
    response = client.post(
        reverse("admin:loften_focusarea_change", args=[area.pk]),
        {"name": area.name, "slug": area.slug, "description": ""},  # "Aktivt" unchecked
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert not area.is_active
    latest = area.history.first()
    assert (latest.is_active, latest.history_user) == (False, national_admin)

    # Citizens: not in the list, still on the document, and its page still answers.
    listing = client.get(reverse("loften:focus_area_list"))
    assert listing.status_code == 200
    assert reverse("loften:focus_area", args=["trafik"]) not in listing.text
    page = client.get(promise.get_absolute_url())
    assert page.status_code == 200 and "Trafik" in page.text
    detail = client.get(reverse("loften:focus_area", args=["trafik"]))
    assert detail.status_code == 200
    assert "Fokusområdet används inte längre för nya löften." in detail.text
    assert "3 publicerade löften" in detail.text  # every löfte of build_promise has it

    # Officials: not offered for a new löfte; kept on a löfte that has it.
    assert area not in CommitmentForm().fields["focus_areas"].queryset
    tagged = promise.commitments.filter(focus_areas=area).first()
    assert area in CommitmentForm(instance=tagged).fields["focus_areas"].queryset


def test_the_service_refuses_to_tag_a_loefte_with_an_inactive_area():
    draft = build_promise(state=CitizenPromise.State.DRAFT, followups=0)
    area = traffic()
    area.is_active = False
    area.save()
    editor = UserFactory(username="kommun.vingaker")
    editor.memberships.create(municipality=municipality(), role="editor")
    new = Commitment(promise=draft, group=draft.commitment_groups.first(), text="ny text", order=99)
    with pytest.raises(ValidationError, match="används inte längre och kan inte väljas"):
        citizen_promise_part_save(part=new, user=editor, focus_areas=[area])
    assert not draft.commitments.filter(order=99).exists()
    # A löfte that already has it keeps it when saved again.
    kept = draft.commitments.filter(focus_areas=area).first()
    citizen_promise_part_save(part=kept, user=editor, focus_areas=[area])
    assert area in kept.focus_areas.all()


@pytest.mark.parametrize("year", ["²", "٢٠٢٥", "9" * 5000])
def test_a_year_filter_that_is_not_ascii_digits_is_ignored_not_a_server_error(client, year):
    build_promise(followups=0)
    response = client.get(reverse("loften:focus_area", args=["trafik"]), {"ar": year})
    assert response.status_code == 200
    assert "3 publicerade löften" in response.text
