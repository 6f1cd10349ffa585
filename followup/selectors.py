"""Reads that feed the follow-up charts and figures. Each returns plain data in a fixed number of
queries, whatever the number of rows."""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Count,
    F,
    FilteredRelation,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from loften.models import (
    CitizenPromise,
    CitizenPromiseQuerySet,
    Commitment,
    CommitmentQuerySet,
)

from .calendar import next_to_create, timeline
from .charts import percent_bars, stacked_status_bars, status_track
from .halfyears import HalfYear
from .models import CommitmentStatus, FollowUp
from .progress import average_of, progress_expression, progress_percent

# --- Follow-up figures on documents and commitments ----------------------------------------------


def _latest_published(promise_ref):
    return FollowUp.objects.published().filter(promise=promise_ref).order_by("-year", "-half")


def promises_with_progress(promises: CitizenPromiseQuerySet) -> CitizenPromiseQuerySet:
    """Annotates a CitizenPromise queryset with its latest published follow-up
    (`latest_followup_pk`, `latest_followup_year`, `latest_followup_half`) and that follow-up's
    `progress` in percent (see followup.progress); None where there is none yet."""
    progress = (
        CommitmentStatus.objects.filter(
            followup=Subquery(_latest_published(OuterRef(OuterRef("pk"))).values("pk")[:1])
        )
        .order_by()
        .values("followup")
        .annotate(value=Avg(progress_expression()))
        .values("value")
    )
    latest = _latest_published(OuterRef("pk"))
    return promises.annotate(
        latest_followup_pk=Subquery(latest.values("pk")[:1]),
        latest_followup_year=Subquery(latest.values("year")[:1]),
        latest_followup_half=Subquery(latest.values("half")[:1]),
        progress=Subquery(progress, output_field=FloatField()),
    )


def promises_for_listing(promises: CitizenPromiseQuerySet) -> CitizenPromiseQuerySet:
    """What a list of documents shows per row (progress, and the follow-ups the calendar needs
    to mark a late one), in a fixed number of queries: public lists and the admin's alike."""
    return promises_with_progress(
        promises.select_related("municipality__county", "police_area")
    ).prefetch_related(
        Prefetch("followups", queryset=FollowUp.objects.only("promise", "year", "half", "state"))
    )


def commitments_with_latest_status(commitments: CommitmentQuerySet) -> CommitmentQuerySet:
    """Annotates a Commitment queryset with its status in the latest published follow-up:
    `latest_status`, `latest_reason`, `latest_achieved_number`, `latest_year`, `latest_half`
    (None if there is none). One join on the status marked `is_latest`
    (`followup.models.refresh_latest`), through its partial unique index: the cost is the
    page's own rows, whatever the number of follow-ups in the country."""
    return commitments.annotate(
        latest_row=FilteredRelation("statuses", condition=Q(statuses__is_latest=True))
    ).annotate(
        latest_status=F("latest_row__status"),
        latest_reason=F("latest_row__reason"),
        latest_achieved_number=F("latest_row__achieved_number"),
        latest_year=F("latest_row__followup__year"),
        latest_half=F("latest_row__followup__half"),
    )


# --- Charts --------------------------------------------------------------------------------------


def short_label(year: int, half: int) -> str:
    return _("%(year)s h%(half)s") % {"year": year, "half": half}


def promise_status_chart(promise: CitizenPromise):
    """Statuses per published follow-up of one document, as stacked bars (one query)."""
    counts = defaultdict(dict)
    rows = (
        CommitmentStatus.objects.published()
        .filter(followup__promise=promise)
        .order_by()
        .values_list("followup__year", "followup__half", "status")
        .annotate(n=Count("pk"))
    )
    for year, half, status, n in rows:
        counts[(year, half)][status] = n
    return stacked_status_bars(
        [(short_label(year, half), counts[(year, half)]) for year, half in sorted(counts)]
    )


def commitment_status_chart(
    promise: CitizenPromise, commitment: Commitment, statuses: Sequence[CommitmentStatus]
):
    """One commitment's track over every half-year of the validity up to the last published
    follow-up, each marker at the commitment's progress then (see followup.progress);
    `statuses` are its published statuses with their follow-ups."""
    by_half_year = {}
    for s in statuses:  # a löfte reported in parts: its first part, as on lists
        by_half_year.setdefault(
            (s.followup.year, s.followup.half),
            (s.status, progress_percent(s.status, s.achieved_number, commitment.target_number)),
        )
    if not by_half_year:
        return None
    last = max(by_half_year)
    points = [
        (short_label(h.year, h.half), *by_half_year.get((h.year, h.half), (None, None)))
        for h in HalfYear.between(promise.valid_from, promise.valid_until)
        if (h.year, h.half) <= last
    ]
    return status_track(points)


def national_progress(today: datetime.date | None = None) -> dict:
    """The average progress of every commitment in documents in force today, by its latest
    status (see followup.progress), per focus area and per län (three queries)."""
    today = today or timezone.localdate()
    commitments = commitments_with_latest_status(
        Commitment.objects.filter(promise__in=CitizenPromise.objects.in_force().current(today))
    )

    def grouped(rows):
        groups = defaultdict(list)
        for status, achieved, target, key in rows:
            groups[key].append(progress_percent(status, achieved, target))
        return [
            (key, average_of(percents), len(percents)) for key, percents in sorted(groups.items())
        ]

    figures = ("latest_status", "latest_achieved_number", "target_number")
    # A löfte counts once per national area, whether tagged directly or through the document's
    # own focus areas mapped to it (`CommitmentQuerySet.in_focus_area`).
    in_area = {
        (row[0], row[-1]): row[1:-1]
        for path in ("focus_areas__name", "local_focus_areas__national_focus_areas__name")
        for row in commitments.filter(**{f"{path}__isnull": False}).values_list(
            "pk", *figures, path
        )
    }
    by_area = grouped((*figures_of, name) for (_pk, name), figures_of in in_area.items())
    by_county = grouped(commitments.values_list(*figures, "promise__municipality__county__name"))
    return {
        "by_focus_area": percent_bars(by_area),
        "by_county": percent_bars(by_county),
    }


@dataclass
class FollowUpRows:
    """A follow-up's rows for the one-page form and the spreadsheet export: every commitment of
    the document (its parties loaded) with its statuses here and in the previous follow-up, each
    by (commitment pk, party pk or None) (five queries)."""

    followup: FollowUp
    commitments: list
    statuses: dict
    previous: FollowUp | None
    previous_statuses: dict

    @property
    def progress(self):
        """The follow-up's figure: the average of its rows' (see followup.progress)."""
        targets = {commitment.pk: commitment.target_number for commitment in self.commitments}
        return average_of(
            progress_percent(status.status, status.achieved_number, targets[commitment_id])
            for (commitment_id, _party), status in self.statuses.items()
            if commitment_id in targets
        )

    def slots(self, commitment):
        """The rows one löfte gets on the form and in the file: its status of the whole löfte
        (party None) and, when several parties promise it, each party's own part; every stored
        part besides. Each is (party or None, status here or None, previous status or None)."""
        parties = list(commitment.parties.all())
        stored = [key for key in self.statuses if key[0] == commitment.pk]
        if len(parties) > 1:
            wanted = [None, *parties]
        else:
            wanted = [] if stored else [parties[0] if parties else None]
        keys = [(commitment.pk, party.pk if party else None) for party in wanted]
        by_pk = {party.pk: party for party in parties}
        for key in stored:
            if key not in keys:
                keys.append(key)
                wanted.append(by_pk.get(key[1]))
        earlier = [s for k, s in self.previous_statuses.items() if k[0] == commitment.pk]
        return [
            (
                party,
                self.statuses.get(key),
                self.previous_statuses.get(key, earlier[0] if earlier else None),
            )
            for party, key in zip(wanted, keys, strict=True)
        ]


def previous_followup(followup: FollowUp) -> FollowUp | None:
    """The follow-up of the latest half-year before this one (any state): what a new one starts
    from and what the form shows beside each row."""
    return (
        FollowUp.objects.filter(promise=followup.promise_id)
        .before(followup.half_year)
        .order_by("-year", "-half")
        .first()
    )


def followup_rows(followup: FollowUp) -> FollowUpRows:
    previous = previous_followup(followup)
    return FollowUpRows(
        followup=followup,
        commitments=list(
            Commitment.objects.filter(promise=followup.promise_id).in_document_order()
        ),
        statuses={(s.commitment_id, s.party_id): s for s in followup.statuses.all()},
        previous=previous,
        previous_statuses=(
            {(s.commitment_id, s.party_id): s for s in previous.statuses.all()}
            if previous is not None
            else {}
        ),
    )


def followup_overview(
    promise: CitizenPromise, followups: Sequence[FollowUp], today: datetime.date | None = None
) -> dict:
    """Every half-year of a document for the admin: its place in the calendar and its follow-up
    in any state (the public timeline links only published ones), and the half-year a new
    follow-up would be created for."""
    today = today or timezone.localdate()
    by_half_year = {f.half_year: f for f in followups}
    entries = [
        {
            "half_year": entry.half_year,
            "due": entry.due,
            "state": entry.state,
            "label": entry.label,
            "followup": by_half_year.get(entry.half_year),
        }
        for entry in timeline(promise, followups, today)
    ]
    return {"entries": entries, "next": next_to_create(promise, followups, today)}
