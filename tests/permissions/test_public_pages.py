"""Public pages are open to anyone (PUBLIC_URL_NAMES in test_matrix.py) because they only ever
show published documents: a draft is a 404 on each of them, even for its own editors."""

import pytest
from django.urls import reverse

from loften.models import Attachment, CitizenPromise, Commitment

pytestmark = pytest.mark.django_db


def test_public_pages_never_show_a_draft(client, world):
    promise = world.own[CitizenPromise]
    commitment = world.own[Commitment]
    attachment = world.own[Attachment]
    slug = promise.municipality.slug
    urls = [
        reverse("loften:promise", kwargs={"slug": slug, "pk": promise.pk}),
        reverse(
            "loften:commitment",
            kwargs={"slug": slug, "pk": promise.pk, "commitment_pk": commitment.pk},
        ),
        reverse("loften:promise_pdf", kwargs={"slug": slug, "pk": promise.pk}),
        reverse(
            "loften:attachment",
            kwargs={"slug": slug, "pk": promise.pk, "attachment_pk": attachment.pk},
        ),
        reverse("loften:api_promise", kwargs={"slug": slug, "pk": promise.pk}),
        reverse("alerts:follow_promise", kwargs={"slug": slug, "pk": promise.pk}),
        reverse("opendata:promise-detail", args=[promise.pk]),
        reverse("opendata:commitment-detail", args=[commitment.pk]),
        reverse(
            "followup:followup", kwargs={"slug": slug, "pk": promise.pk, "period": "2025-halvar-2"}
        ),
        reverse(
            "loften:followup_pdf",
            kwargs={"slug": slug, "pk": promise.pk, "period": "2025-halvar-2"},
        ),
        reverse(
            "followup:followup_by_half_year",
            kwargs={"slug": slug, "pk": promise.pk, "year": 2025, "half": 2},
        ),
        reverse(
            "loften:followup_pdf_by_half_year",
            kwargs={"slug": slug, "pk": promise.pk, "year": 2025, "half": 2},
        ),
    ]
    for role in ("anonymous", "national", "kommunredaktor"):
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        for url in urls:
            assert client.get(url).status_code == 404, (role, url)
