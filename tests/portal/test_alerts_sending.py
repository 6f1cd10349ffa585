"""`manage.py send_alerts`: which publications each confirmed subscription hears of, once."""

import logging

import pytest
from django.core import mail
from django.utils import timezone

from loften.models import CitizenPromise
from portal.alerts.models import AlertSent, Subscription
from portal.alerts.sending import pending_alerts
from tests.factories import (
    CitizenPromiseFactory,
    FollowUpFactory,
    SubscriptionFactory,
    build_promise,
    municipality,
)
from tests.portal.alerts_helpers import (
    PORTAL_URL,
    link,
    publish_followup,
    publish_promise,
    send_alerts,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _portal_url(settings):
    settings.PORTAL_URL = PORTAL_URL


@pytest.fixture
def promise(db):
    """Vingåker's published document, 2021–2024, with no follow-up yet."""
    return build_promise(followups=0)


def test_a_municipalitys_follower_hears_of_its_documents_and_follow_ups_once(promise, editor):
    follower = SubscriptionFactory(email="kommun@example.org", municipality=promise.municipality)
    newer = publish_promise(editor, title="Medborgarlöfte Vingåker 2025–2026")
    followup = publish_followup(promise, editor, 2021, 1)

    output = send_alerts()
    assert "Skickade 1 meddelanden om 2 publiceringar." in output
    (message,) = mail.outbox
    assert message.to == ["kommun@example.org"]
    assert message.subject == "Nytt om Vingåkers kommun"
    assert "Medborgarlöfte publicerat: Medborgarlöfte Vingåker 2025–2026" in message.body
    assert PORTAL_URL + newer.get_absolute_url() in message.body
    assert f"Uppföljning publicerad: {promise.title}, 2021 halvår 1" in message.body
    assert PORTAL_URL + followup.get_absolute_url() in message.body
    assert link(message, "avsluta") in message.extra_headers["List-Unsubscribe"]
    assert set(follower.sent.values_list("event", "object_id")) == {
        ("promise", newer.pk),
        ("followup", followup.pk),
    }

    assert "Skickade 0 meddelanden om 0 publiceringar." in send_alerts()
    assert len(mail.outbox) == 1


def test_a_documents_follower_hears_of_its_follow_ups_and_new_version_only(promise, editor):
    SubscriptionFactory(email="dokument@example.org", municipality=None, promise=promise)
    other = build_promise(followups=0, title="Ett annat löfte i Vingåker")
    publish_followup(other, editor, 2021, 1)
    publish_followup(promise, editor, 2021, 2)
    publish_promise(editor, title="Medborgarlöfte Vingåker, ny version", replaces=promise)

    send_alerts()
    (message,) = mail.outbox
    assert message.subject == f"Nytt om {promise.title}"
    assert f"Uppföljning publicerad: {promise.title}, 2021 halvår 2" in message.body
    assert "En ny version är publicerad: Medborgarlöfte Vingåker, ny version" in message.body
    assert "Ett annat löfte" not in message.body


def test_drafts_pending_and_ended_subscriptions_and_older_news_send_nothing(promise, editor):
    vingaker = promise.municipality
    SubscriptionFactory(email="vantar@example.org", state="pending", confirmed_at=None)
    SubscriptionFactory(email="slutat@example.org", state="unsubscribed", email_hash="x" * 64)
    # Published before the follower confirmed: not news to them.
    publish_followup(promise, editor, 2021, 1)
    SubscriptionFactory(email="ny@example.org", municipality=vingaker)
    # A draft follow-up, a signed document: citizens cannot see them, nor hear of them.
    FollowUpFactory(promise=promise, year=2021, number=2)
    CitizenPromiseFactory(state=CitizenPromise.State.SIGNED, signed_at=timezone.now())
    # Another municipality's news.
    CitizenPromiseFactory(municipality=municipality("0483"), published=True)

    assert "Skickade 0 meddelanden" in send_alerts()
    assert mail.outbox == []
    assert not AlertSent.objects.exists()


def test_finding_the_news_takes_the_same_queries_for_few_and_many(
    promise, editor, django_assert_num_queries
):
    SubscriptionFactory(email="a@example.org")
    publish_followup(promise, editor, 2021, 1)
    with django_assert_num_queries(4) as few:
        assert len(pending_alerts()) == 1
    for n in range(5):
        SubscriptionFactory(email=f"person{n}@example.org")
        SubscriptionFactory(email=f"dok{n}@example.org", municipality=None, promise=promise)
    publish_followup(promise, editor, 2021, 2)
    publish_followup(promise, editor, 2022, 1)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(pending_alerts()) == 11


def test_a_message_that_cannot_be_sent_is_tried_again_and_logged_without_the_address(
    promise, editor, settings, caplog
):
    subscription = SubscriptionFactory(email="Karin.Medborgare@example.org")
    publish_followup(promise, editor, 2021, 1)
    # A real SMTP connection to a port where nothing listens.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 5},
        }
    }
    caplog.set_level(logging.DEBUG)
    output = send_alerts()
    assert "1 meddelanden kunde inte skickas" in output
    assert not subscription.sent.exists()  # rolled back, so the next run tries again
    assert f"Bevakning {subscription.pk}: meddelandet kunde inte skickas" in caplog.text
    assert "karin.medborgare@example.org" not in caplog.text.lower()
    assert "karin.medborgare@example.org" not in output.lower()

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    send_alerts()
    assert len(mail.outbox) == 1
    assert subscription.sent.count() == 1


def test_a_subscription_ended_in_the_admin_gets_nothing(promise, editor):
    subscription = SubscriptionFactory()
    publish_followup(promise, editor, 2021, 1)
    Subscription.objects.filter(pk=subscription.pk).delete()
    send_alerts()
    assert mail.outbox == []
