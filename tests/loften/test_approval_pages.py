"""Joint approval as people see it: the document's admin page shows each party's state with the
buttons "Godkänn" and "Återkalla godkännande"; the public page shows which organisations
approved and when, without the officials' names."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from loften import services
from loften.models import CitizenPromise
from tests.factories import UserFactory, approve, build_promise, party_editors
from tests.loften.helpers import change_url

State = CitizenPromise.State


def _approvals_section(page):
    match = re.search(r'<section class="module aligned approvals".*?</section>', page.text, re.S)
    assert match, "no approvals section"
    return re.sub(r"\s+", " ", match.group(0))


def test_admin_page_shows_both_parties_and_offers_the_right_buttons(client, draft):
    kommun, polis = party_editors(draft)
    kommun.first_name, kommun.last_name = "Linnea", "Forsberg"
    kommun.save()
    approve_url = reverse("admin:loften_citizenpromise_approve", args=[draft.pk])
    withdraw_url = reverse("admin:loften_citizenpromise_withdraw_approval", args=[draft.pk])

    client.force_login(kommun)
    section = _approvals_section(client.get(change_url(draft)))
    assert section.count("inte godkänt ännu") == 2
    assert approve_url in section and withdraw_url not in section

    confirm = client.get(approve_url)
    assert confirm.status_code == 200
    assert "Du godkänner innehållet som det ser ut nu för Vingåkers kommun" in confirm.text
    response = client.post(approve_url)
    assert response.status_code == 302
    section = _approvals_section(client.get(change_url(draft)))
    assert "Vingåkers kommun</strong> (kommunen): godkänt av Linnea Forsberg" in section
    assert "för det här innehållet" in section
    assert draft.police_area.name + "</strong> (polisen): inte godkänt ännu" in section
    assert withdraw_url in section and approve_url not in section

    client.force_login(polis)
    section = _approvals_section(client.get(change_url(draft)))
    assert approve_url in section and withdraw_url not in section
    assert "Godkänn</a>" in section


def test_admin_page_says_an_approval_was_withdrawn_because_the_content_changed(client, draft):
    kommun, polis = party_editors(draft)
    approve(draft, kommun, polis)
    draft.district = "Centrum"
    services.citizen_promise_save(promise=draft, user=polis)

    client.force_login(kommun)
    page = client.get(change_url(draft))
    assert page.status_code == 200
    section = _approvals_section(page)
    assert section.count("godkännandet återkallades") == 2
    assert "Innehållet ändrades av " + polis.username + " efter godkännandet." in section


def test_admin_sign_page_names_the_missing_approval(client, draft):
    kommun, _polis = party_editors(draft)
    approve(draft, kommun)
    client.force_login(kommun)
    page = client.get(reverse("admin:loften_citizenpromise_sign", args=[draft.pk]))
    assert page.status_code == 200
    assert "Lokalpolisområde Test" in page.text and "behöver godkänna" in page.text
    assert 'value="Underteckna"' not in page.text


def test_a_national_administrator_is_offered_no_approval_and_is_refused(client, draft):
    national = UserFactory(is_superuser=True)
    client.force_login(national)
    page = client.get(change_url(draft))
    assert page.status_code == 200
    assert "inte godkänt ännu" in page.text
    approve_url = reverse("admin:loften_citizenpromise_approve", args=[draft.pk])
    assert approve_url not in page.text
    assert client.post(approve_url).status_code == 403
    assert not draft.approvals.exists()


def test_public_page_shows_which_organisations_approved_and_when(client, draft):
    kommun, polis = party_editors(draft)
    kommun.first_name = "Linnea"
    kommun.save()
    approve(draft, kommun, polis)
    services.citizen_promise_sign(promise=draft, user=kommun)
    services.citizen_promise_publish(promise=draft, user=kommun)

    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", page.text)
    assert "Godkänt av parterna" in text
    day = timezone.localtime(draft.approvals.first().approved_at)
    assert f"<strong>Vingåkers kommun</strong>, godkänt {day.day} " in text
    assert f"<strong>{draft.police_area.name}</strong>, godkänt" in text
    assert "Linnea" not in text and kommun.username not in text


@pytest.mark.parametrize("state", [State.SIGNED, State.PUBLISHED])
def test_builders_give_signed_documents_their_approvals(db, state):
    promise = build_promise(state=state)
    assert promise.approvals.current().count() == 2
