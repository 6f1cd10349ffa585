"""The staff export of the signed PDF, from the admin."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from loften.models import CitizenPromise
from loften.pdf import export_promise_pdf
from municipalities.models import Membership
from tests.factories import (
    MembershipFactory,
    UserFactory,
    make_promise,
    municipality,
)
from tests.pdfs import body, download_url, export_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_storage")]

State = CitizenPromise.State


# --- Staff export -------------------------------------------------------------------------------


def test_export_asks_anonymous_visitors_to_log_in(client, promise):
    response = client.get(export_url(promise))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_export_of_another_organisations_document_is_not_found(client, promise):
    katrineholm = municipality("0483")
    client.force_login(MembershipFactory(municipality=katrineholm).user)

    assert client.get(export_url(promise)).status_code == 404


def test_another_organisations_draft_is_not_found_and_its_title_never_shown(client, db):
    """Security finding 1: the export redirected to the admin, whose next page said
    '”<title>” är ett utkast', for anyone's draft, reviewers of other organisations included."""
    draft = make_promise(state=State.DRAFT, title="Hemligt utkast för Vingåker")
    reviewer = MembershipFactory(municipality=municipality("0483"), role=Membership.Role.REVIEWER)
    client.force_login(reviewer.user)

    response = client.get(export_url(draft), follow=True)

    assert response.status_code == 404
    assert response.redirect_chain == []
    assert "Hemligt utkast" not in response.text
    assert not list(get_messages(response.wsgi_request))
    assert "Hemligt utkast" not in client.get(reverse("admin:index")).text


def test_a_reviewer_of_the_document_is_told_that_their_own_draft_is_not_signed(client, db):
    draft = make_promise(state=State.DRAFT, title="Vårt utkast")
    reviewer = MembershipFactory(municipality=draft.municipality, role=Membership.Role.REVIEWER)
    client.force_login(reviewer.user)

    response = client.get(export_url(draft), follow=True)

    assert response.redirect_chain == [
        (reverse("admin:loften_citizenpromise_change", args=[draft.pk]), 302)
    ]
    assert "”Vårt utkast” är ett utkast" in response.text


def test_members_export_a_signed_document_before_it_is_published(client, db):
    promise = make_promise(state=State.SIGNED)
    client.force_login(MembershipFactory(municipality=promise.municipality).user)

    response = client.get(export_url(promise))

    assert response.status_code == 200
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert body(response).startswith(b"%PDF-")


def test_police_members_export_too(client, promise):
    membership = MembershipFactory(municipality=None, police_area=promise.police_area)
    client.force_login(membership.user)

    assert client.get(export_url(promise)).status_code == 200


def test_a_draft_is_not_exported_and_the_admin_says_why(client, db):
    promise = make_promise(state=State.DRAFT)
    client.force_login(UserFactory(is_superuser=True))

    response = client.get(export_url(promise))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:loften_citizenpromise_change", args=[promise.pk])
    [message] = get_messages(response.wsgi_request)
    assert "utkast" in str(message)


def test_exported_and_downloaded_files_are_the_same(client, promise):
    client.force_login(UserFactory(is_superuser=True))
    exported = body(client.get(export_url(promise)))

    assert body(Client().get(download_url(promise))) == exported


def test_the_export_service_checks_who_before_it_names_a_draft(db):
    draft = make_promise(state=State.DRAFT, title="Hemligt utkast för Vingåker")
    outsider = MembershipFactory(municipality=municipality("0483")).user

    with pytest.raises(PermissionDenied) as refused:
        export_promise_pdf(promise=draft, user=outsider)

    assert "Hemligt utkast" not in str(refused.value)
