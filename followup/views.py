"""Public follow-up pages."""

from django.db.models import Subquery
from django.shortcuts import get_object_or_404, render

from loften.models import Party
from loften.views import PARTY_HEADINGS, get_public_promise

from .models import CommitmentStatus


def followup_detail(request, slug, pk, year, half):
    promise = get_public_promise(slug, pk)
    followup = get_object_or_404(promise.followups.published(), year=year, half=half)
    earlier = promise.followups.published().before(followup.half_year).order_by("-year", "-half")
    previous = earlier.first()
    previous_statuses = {
        s.commitment_id: s
        for s in CommitmentStatus.objects.filter(followup=Subquery(earlier.values("pk")[:1]))
    }
    rows = list(followup.statuses.select_related("commitment").order_by("commitment__order"))
    for row in rows:
        row.previous = previous_statuses.get(row.commitment_id)
    groups = [
        {"heading": PARTY_HEADINGS[party], "rows": items}
        for party in Party
        if (items := [r for r in rows if r.commitment.party == party])
    ]
    return render(
        request,
        "followup/followup_detail.html",
        {"promise": promise, "followup": followup, "previous": previous, "groups": groups},
    )
