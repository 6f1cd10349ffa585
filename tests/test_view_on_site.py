"""The admin's "Visa på webbplatsen" (`admin:view_on_site`, config/view_on_site.py): it follows
only to pages citizens may see. Every role and state: tests/permissions/."""

from urllib.parse import urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from loften.models import CitizenPromise
from municipalities.models import Membership
from tests.factories import (
    CitizenPromiseFactory,
    FollowUpFactory,
    MembershipFactory,
    build_promise,
    make_promise,
    municipality,
)

pytestmark = pytest.mark.django_db

State = CitizenPromise.State


def view_on_site(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


@pytest.fixture
def reviewer_elsewhere(client):
    """Signed in: a reviewer of Katrineholm, which is no party to the factories' documents."""
    membership = MembershipFactory(municipality=municipality("0483"), role=Membership.Role.REVIEWER)
    client.force_login(membership.user)
    return membership.user


def test_another_organisations_draft_is_not_revealed(client, reviewer_elsewhere):
    """Security finding 2: the shortcut redirected to /kommuner/<slug>/medborgarloften/<id>/ of
    any draft, telling its municipality and that it exists."""
    draft = CitizenPromiseFactory(state=State.DRAFT)

    response = client.get(view_on_site(draft))

    assert response.status_code == 404
    assert draft.municipality.slug not in response.text


@pytest.mark.parametrize("state", [State.SIGNED, State.PUBLISHED])
def test_a_draft_follow_up_is_not_revealed_whatever_its_document(client, reviewer_elsewhere, state):
    followup = FollowUpFactory(promise=make_promise(state=state))

    assert client.get(view_on_site(followup)).status_code == 404


def test_a_hidden_object_answers_exactly_like_a_missing_one(client, reviewer_elsewhere):
    draft = CitizenPromiseFactory(state=State.DRAFT)
    missing_pk = draft.pk + 1000
    content_type = ContentType.objects.get_for_model(CitizenPromise).pk

    hidden = client.get(view_on_site(draft))
    missing = client.get(reverse("admin:view_on_site", args=[content_type, missing_pk]))
    nonsense = client.get(reverse("admin:view_on_site", args=["inte-ett-id", "x"]))

    assert hidden.status_code == missing.status_code == nonsense.status_code == 404
    assert hidden.templates[0].name == missing.templates[0].name == "404.html"


def test_a_published_document_is_followed_to_its_public_page(client, reviewer_elsewhere):
    promise = make_promise(state=State.PUBLISHED)

    response = client.get(view_on_site(promise))

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == promise.get_absolute_url()


def test_the_admin_links_a_published_follow_up_to_its_public_page(client):
    promise = build_promise(state=State.PUBLISHED)
    followup = promise.followups.get()
    client.force_login(MembershipFactory(municipality=promise.municipality).user)

    page = client.get(reverse("admin:followup_followup_change", args=[followup.pk]))
    response = client.get(view_on_site(followup))

    assert f'href="{followup.get_absolute_url()}"' in page.text
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == followup.get_absolute_url()
    assert client.get(followup.get_absolute_url()).status_code == 200


def test_the_admin_offers_no_public_link_for_a_draft_follow_up(client):
    promise = build_promise(state=State.PUBLISHED, followups=0)
    draft = FollowUpFactory(promise=promise)
    client.force_login(MembershipFactory(municipality=promise.municipality).user)

    page = client.get(reverse("admin:followup_followup_change", args=[draft.pk]))

    assert page.status_code == 200
    assert draft.get_absolute_url() not in page.text
    assert view_on_site(draft) not in page.text


def test_anonymous_visitors_are_sent_to_log_in(client):
    draft = CitizenPromiseFactory(state=State.DRAFT)

    response = client.get(view_on_site(draft))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
