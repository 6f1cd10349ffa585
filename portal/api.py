"""Read-only JSON for open data. Same read rules as the pages: only public documents, figures from
the same querysets (`promises_with_progress`, `commitments_with_latest_status`) and the same
progress rule (`followup.progress`)."""

from django.db.models import Prefetch
from django.http import JsonResponse
from django.urls import reverse

from followup.models import IndicatorValue
from followup.progress import latest_progress, latest_progress_label, rounded
from followup.selectors import commitments_with_latest_status, promises_with_progress
from loften.models import CitizenPromise

from .opendata.serializers import EffectIndicatorSerializer
from .views import get_public_promise


def promise_detail(request, slug, pk):
    promise = get_public_promise(slug, pk)

    annotated = promises_with_progress(CitizenPromise.objects.filter(pk=promise.pk)).get()
    commitments = commitments_with_latest_status(promise.commitments.in_document_order())
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
        "progress": rounded(annotated.progress),
        "latest_followup": None
        if annotated.latest_followup_year is None
        else {"year": annotated.latest_followup_year, "half": annotated.latest_followup_half},
        "commitments": [
            {
                "id": c.pk,
                "party": c.role(),
                "parties": [party.name for party in c.parties.all()],
                "lead_in": c.group.lead_in,
                "text": c.text,
                "target": None
                if c.target_number is None
                else {"number": c.target_number, "unit": c.target_unit},
                "latest_status": c.latest_status,
                "latest_progress": latest_progress(c),
                "latest_progress_label": latest_progress_label(c),
                "achieved_number": c.latest_achieved_number,
            }
            for c in commitments
        ],
        "effect_indicators": EffectIndicatorSerializer(indicators, many=True).data,
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
