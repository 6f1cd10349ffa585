"""E-mail alerts, the citizen's side: the form, double opt-in, one-click unsubscribe, the same
answer for every address, the rate limits, and an address that never reaches a log or a page."""

import datetime
import logging
import re
import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from portal.alerts.models import Subscription
from portal.alerts.services import expired_requests_forget
from tests.factories import SubscriptionFactory, UserFactory, build_promise, municipality
from tests.portal.alerts_helpers import PORTAL_URL, follow_url, link, publish_followup, send_alerts

pytestmark = pytest.mark.django_db

ADDRESS = "Karin.Medborgare@example.org"


@pytest.fixture(autouse=True)
def _alerts(settings):
    settings.PORTAL_URL = PORTAL_URL
    cache.clear()  # the rate limits' counters
    yield
    cache.clear()


@pytest.fixture
def vingaker(db):
    return municipality("0428")


def ask(client, target, email=ADDRESS, **extra):
    return client.post(follow_url(target), {"email": email, "consent": "on"}, **extra)


def without_csrf(response):
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)


def test_the_municipality_and_document_pages_lead_to_their_forms(client, vingaker):
    promise = build_promise()
    page = client.get(vingaker.get_absolute_url())
    assert page.status_code == 200
    assert follow_url(vingaker) in page.content.decode()
    page = client.get(promise.get_absolute_url())
    assert page.status_code == 200
    assert follow_url(promise) in page.content.decode()

    form = client.get(follow_url(promise))
    assert form.status_code == 200
    text = form.content.decode()
    assert "Följ " in text and promise.title in text
    assert "Min e-postadress används bara till det och visas aldrig för någon." in text


def test_subscribe_confirm_notify_once_and_unsubscribe_with_one_click(client, vingaker, editor):
    promise = build_promise(followups=0)
    response = ask(client, promise)
    assert response.status_code == 200
    assert "Bekräfta i din e-post" in response.content.decode()
    assert ADDRESS not in response.content.decode()

    subscription = Subscription.objects.get()
    assert subscription.state == Subscription.State.PENDING
    assert "medborgarlöftet ”" + promise.title + "”" in subscription.consent_text
    assert subscription.consented_at is not None
    (confirmation,) = mail.outbox
    assert confirmation.to == [ADDRESS]
    assert confirmation.subject == f"Bekräfta att du vill följa {promise.title}"

    # Until confirmed, nothing is sent.
    publish_followup(promise, editor, 2021, 1)
    send_alerts()
    assert len(mail.outbox) == 1

    # The link shows a button and changes nothing; the button confirms.
    confirm = link(confirmation, "bekrafta")
    page = client.get(confirm)
    assert page.status_code == 200
    assert "Ja, bekräfta bevakningen" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.state == Subscription.State.PENDING
    page = client.post(confirm)
    assert page.status_code == 200
    assert "Bevakningen är bekräftad" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.state == Subscription.State.CONFIRMED

    # What was published before the confirmation is not news; what comes after is, once.
    publish_followup(promise, editor, 2021, 2)
    send_alerts()
    send_alerts()
    alerts = mail.outbox[1:]
    assert len(alerts) == 1
    (alert,) = alerts
    assert alert.to == [ADDRESS]
    assert f"Uppföljning publicerad: {promise.title}, 2021 halvår 2" in alert.body
    assert "2021 halvår 1" not in alert.body
    unsubscribe = link(alert, "avsluta")
    assert alert.extra_headers["List-Unsubscribe"] == (f"<{PORTAL_URL}{unsubscribe}>")
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # RFC 8058: the mail program posts, without a CSRF token or cookie.
    one_click = Client(enforce_csrf_checks=True).post(
        unsubscribe,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert one_click.status_code == 200
    assert "Bevakningen är avslutad" in one_click.content.decode()
    subscription.refresh_from_db()
    assert subscription.state == Subscription.State.UNSUBSCRIBED
    assert subscription.email == ""  # the address is forgotten

    publish_followup(promise, editor, 2022, 1)
    send_alerts()
    assert len(mail.outbox) == 2


def test_unsubscribe_link_shows_a_button_first_and_every_message_has_one(client, vingaker):
    ask(client, vingaker)
    (confirmation,) = mail.outbox
    # Even the confirmation carries the headers: its reader may not want to be asked again.
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = link(confirmation, "avsluta")
    assert confirmation.extra_headers["List-Unsubscribe"] == (f"<{PORTAL_URL}{unsubscribe}>")

    page = client.get(unsubscribe)
    assert page.status_code == 200
    assert "Ja, avsluta bevakningen" in page.content.decode()
    assert Subscription.objects.get().state == Subscription.State.PENDING

    assert client.post(unsubscribe).status_code == 200
    assert Subscription.objects.get().state == Subscription.State.UNSUBSCRIBED
    # The confirmation link of an ended subscription no longer turns it on.
    refused = client.post(link(confirmation, "bekrafta"))
    assert refused.status_code == 400
    assert "Bevakningen är avslutad" in refused.content.decode()
    assert Subscription.objects.get().state == Subscription.State.UNSUBSCRIBED
    # A second one-click request is harmless.
    again = client.post(unsubscribe)
    assert again.status_code == 200


def test_an_expired_confirmation_link_is_refused(client, vingaker):
    ask(client, vingaker)
    confirm = link(mail.outbox[0], "bekrafta")
    eight_days_later = time.time() + 8 * 24 * 3600
    with mock.patch.object(signing.time, "time", return_value=eight_days_later):
        page = client.post(confirm)
    assert page.status_code == 400
    assert "Länken har gått ut. Den gäller i 7 dagar." in page.content.decode()
    assert Subscription.objects.get().state == Subscription.State.PENDING


@pytest.mark.parametrize("name", ["bekrafta", "avsluta"])
def test_a_tampered_link_is_refused(client, vingaker, name):
    ask(client, vingaker)
    path = link(mail.outbox[0], name)
    token = path.rstrip("/").rsplit("/", 1)[1]
    # Another subscription's id under the same signature.
    forged = path.replace(token, signing.dumps(999, salt="forged") if name == "avsluta" else "x")
    for tampered in (path[:-3] + "/", forged):
        for method in (client.get, client.post):
            page = method(tampered)
            assert page.status_code == 400, tampered
            assert "Länken är ofullständig eller felaktig." in page.content.decode()
    assert Subscription.objects.get().state == Subscription.State.PENDING


def test_a_newer_request_replaces_the_older_link(client, vingaker):
    ask(client, vingaker)
    ask(client, vingaker)
    first, second = (link(m, "bekrafta") for m in mail.outbox)
    refused = client.post(first)
    assert refused.status_code == 400
    assert "en nyare länk har skickats" in refused.content.decode()
    assert client.post(second).status_code == 200
    assert Subscription.objects.get().state == Subscription.State.CONFIRMED


def test_the_form_answers_the_same_whether_or_not_the_address_follows(client, vingaker):
    SubscriptionFactory(email="foljer@example.org", municipality=vingaker)
    SubscriptionFactory(
        email="vantar@example.org", municipality=vingaker, state="pending", confirmed_at=None
    )
    answers = [
        ask(client, vingaker, email=email)
        for email in ("ny@example.org", "foljer@example.org", "vantar@example.org")
    ]
    assert {a.status_code for a in answers} == {200}
    assert len({without_csrf(a) for a in answers}) == 1
    assert all("portal/alerts/requested.html" in [t.name for t in a.templates] for a in answers)
    # Each address's owner, and only they, learns which it was.
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "ny@example.org": "Bekräfta att du vill följa Vingåkers kommun",
        "foljer@example.org": "Du följer redan Vingåkers kommun",
        "vantar@example.org": "Bekräfta att du vill följa Vingåkers kommun",
    }
    assert Subscription.objects.get(email="foljer@example.org").state == "confirmed"


def test_the_form_needs_an_address_and_consent_in_swedish(client, vingaker):
    page = client.post(follow_url(vingaker), {"email": "inte en adress"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Det här ser inte ut som en e-postadress. Skriv den som namn@exempel.se." in text
    assert "Kryssa i rutan för att visa att du vill få e-post." in text
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_one_client_is_limited_and_told_in_swedish(client, vingaker, settings):
    settings.ALERTS_CLIENT_LIMIT = 2
    for n in range(2):
        assert ask(client, vingaker, email=f"person{n}@example.org").status_code == 200
    refused = ask(client, vingaker, email="person3@example.org")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert "för många anmälningar från din uppkoppling" in refused.content.decode()
    assert len(mail.outbox) == 2
    # Another client is not held up.
    assert ask(client, vingaker, REMOTE_ADDR="192.0.2.7").status_code == 200
    assert len(mail.outbox) == 3


def test_one_address_gets_a_limited_number_of_messages_and_the_same_answer(client, vingaker):
    settings_limit = 3
    answers = [ask(client, vingaker, REMOTE_ADDR=f"192.0.2.{n}") for n in range(settings_limit + 1)]
    assert {a.status_code for a in answers} == {200}
    assert len({without_csrf(a) for a in answers}) == 1
    assert len(mail.outbox) == settings_limit
    # The address is counted however it is written.
    ask(client, vingaker, email=ADDRESS.upper(), REMOTE_ADDR="192.0.2.99")
    assert len(mail.outbox) == settings_limit


def test_no_log_line_and_no_page_contains_the_address(client, vingaker, editor, caplog):
    caplog.set_level(logging.DEBUG)
    national = UserFactory(username="riks", is_superuser=True, is_staff=True)
    promise = build_promise(followups=0)
    ask(client, vingaker)
    ask(client, vingaker)  # a second request
    confirm = link(mail.outbox[-1], "bekrafta")
    client.get(link(mail.outbox[0], "bekrafta"))  # a replaced link, refused
    client.post(confirm)
    client.get(confirm.replace("/bekrafta/", "/bekrafta/x"))  # a tampered link, refused
    publish_followup(promise, editor, 2021, 1)
    send_alerts()
    assert len(mail.outbox) == 3

    client.force_login(national)
    found = client.get(reverse("admin:portal_subscription_changelist"), {"q": ADDRESS})
    assert found.status_code == 200
    assert "K…@example.org" in found.content.decode()  # found by the whole address, masked
    listing = client.get(reverse("admin:portal_subscription_changelist"))
    subscription = Subscription.objects.get()
    change = client.get(reverse("admin:portal_subscription_change", args=[subscription.pk]))
    history = client.get(reverse("admin:portal_subscription_history", args=[subscription.pk]))
    for page in (listing, change, history):
        assert page.status_code == 200
        assert ADDRESS.lower() not in page.content.decode().lower()
    client.logout()
    client.post(link(mail.outbox[-1], "avsluta"))

    assert caplog.records, "nothing was logged: the test would prove nothing"
    assert ADDRESS.lower() not in caplog.text.lower()
    # The history keeps the state and the consent, never the address.
    assert not {"email", "email_hash"} & {f.name for f in Subscription.history.model._meta.fields}


def test_the_follow_page_makes_the_same_queries_however_many_follow(
    client, vingaker, django_assert_num_queries
):
    url = follow_url(vingaker)
    client.get(url)
    with django_assert_num_queries(1) as few:
        assert client.get(url).status_code == 200
    for n in range(20):
        SubscriptionFactory(email=f"person{n}@example.org", municipality=vingaker)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_request_not_confirmed_in_time_forgets_its_address(vingaker):
    old = SubscriptionFactory(
        email="gammal@example.org",
        municipality=vingaker,
        state="pending",
        confirmed_at=None,
        consented_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    fresh = SubscriptionFactory(
        email="ny@example.org",
        municipality=vingaker,
        state="pending",
        confirmed_at=None,
        consented_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
    )
    assert expired_requests_forget(now=datetime.datetime(2026, 1, 9, tzinfo=datetime.UTC)) == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.email, fresh.email) == ("", "ny@example.org")
