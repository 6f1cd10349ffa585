"""Helpers the e-mail alert tests share: publishing through the real services, asking through
the form, and reading the links out of a message."""

import io
import re

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from followup.services import followup_publish
from loften.models import CitizenPromise
from loften.services import citizen_promise_publish
from tests.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    CommitmentStatusFactory,
    FollowUpFactory,
    SignatoryFactory,
)

PORTAL_URL = "https://medborgarloften.example"


def publish_followup(promise, editor, year, number):
    """A follow-up with a status for every löfte, published by `editor` through the service."""
    followup = FollowUpFactory(promise=promise, year=year, number=number)
    for commitment in promise.commitments.all():
        CommitmentStatusFactory(followup=followup, commitment=commitment)
    return followup_publish(followup=followup, user=editor)


def publish_promise(editor, **fields):
    """A signed medborgarlöfte of Vingåker, published by `editor` through the service."""
    promise = CitizenPromiseFactory(
        state=CitizenPromise.State.SIGNED, signed_at=timezone.now(), **fields
    )
    CommitmentFactory(promise=promise)
    SignatoryFactory(promise=promise)
    return citizen_promise_publish(promise=promise, user=editor)


def send_alerts():
    out = io.StringIO()
    call_command("send_alerts", stdout=out)
    return out.getvalue()


def follow_url(target):
    if hasattr(target, "code"):
        return reverse("alerts:follow_municipality", args=[target.slug])
    return reverse("alerts:follow_promise", args=[target.municipality.slug, target.pk])


def link(message, name):
    """The path of the /folj/<name>/<token>/ link in an e-mail's text."""
    match = re.search(re.escape(PORTAL_URL) + r"(/folj/" + name + r"/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)
