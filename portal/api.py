"""Read-only JSON for open data. Same read rules as the pages: only public documents, figures from
the same querysets (`promises_with_progress`, `commitments_with_latest_status`) and the same
progress rule (`followup.progress`)."""

from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from followup.figures import measures_data, rate_data
from followup.models import IndicatorValue
from followup.periods import Period
from followup.progress import progress_label, rounded
from followup.selectors import (
    commitments_with_latest_figures,
    latest_row,
    promises_with_progress,
)
from loften.models import Amendment, CitizenPromise

from .opendata.serializers import EffectIndicatorSerializer


def promise_detail(request, slug, pk):
    # A public document by its address, as `views.get_public_promise` reads it, with its
    # progress in the same query.
    promise = get_object_or_404(
        promises_with_progress(
            CitizenPromise.objects.published().select_related("municipality", "police_area")
        ),
        municipality__slug=slug,
        pk=pk,
    )
    commitments = commitments_with_latest_figures(
        promise.commitments.in_document_order()
    ).prefetch_related(
        Prefetch("amendments", queryset=Amendment.objects.approved().order_by("approved_at", "pk"))
    )
    indicators = promise.effect_indicators.prefetch_related(
        Prefetch(
            "values",
            queryset=IndicatorValue.objects.published().in_time_order(),
            to_attr="public_values",
        )
    )
    data = {
        "id": promise.pk,
        "title": promise.title,
        "url": request.build_absolute_uri(promise.get_absolute_url()),
        "municipality": {"code": promise.municipality.code, "name": promise.municipality.name},
        "police_area": promise.police_area.name,
        "parties": [party.name for party in promise.parties.all()],
        "district": promise.district,
        "cadence": promise.cadence,
        "valid_from": promise.valid_from.isoformat(),
        "valid_until": promise.valid_until.isoformat(),
        "state": promise.state,
        "withdrawal_reason": promise.withdrawal_reason or None,
        "case_number": promise.case_number or None,
        "decision": {
            "decided_by": promise.decided_by or None,
            "decided_on": promise.decided_on.isoformat() if promise.decided_on else None,
        },
        "signed": {
            "place": promise.signed_place or None,
            "on": promise.signed_on.isoformat() if promise.signed_on else None,
            "names_no_signatories": promise.names_no_signatories,
        },
        "commitments_in_attachment": promise.commitments_in_attachment,
        "attachments": [
            {
                "title": attachment.title,
                "url": request.build_absolute_uri(
                    reverse(
                        "loften:attachment",
                        args=[promise.municipality.slug, promise.pk, attachment.pk],
                    )
                ),
                "content_type": attachment.content_type,
                "size": attachment.size,
                "sha256": attachment.sha256,
            }
            for attachment in promise.attachments.all()
        ],
        "progress": rounded(promise.progress),
        "latest_followup": None
        if promise.latest_followup_year is None
        else Period.of(
            promise, promise.latest_followup_year, promise.latest_followup_number
        ).as_json(),
        "commitments": [
            {
                "id": c.pk,
                "party": c.role(),
                "parties": [party.name for party in c.party_rows()],
                "lead_in": c.group.lead_in,
                "text": c.text,
                "period": {
                    "starts_on": c.starts_on.isoformat() if c.starts_on else None,
                    "ends_on": c.ends_on.isoformat() if c.ends_on else None,
                },
                "amendments": [
                    {
                        "approved_at": a.approved_at.isoformat(),
                        "effective_from": a.effective_from.isoformat(),
                        "reason": a.reason,
                        "changes": a.change_rows(),
                    }
                    for a in c.amendments.all()
                ],
                "latest_status": c.latest_status,
                "latest_progress": c.latest_progress,
                "latest_progress_label": progress_label(c.latest_progress),
                "measures": measures_data(c, latest_row(c)),
                "rate": rate_data(c, latest_row(c)),
            }
            for c in commitments
        ],
        "effect_indicators": EffectIndicatorSerializer(indicators, many=True).data,
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
