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

from loften.models import (
    CitizenPromise,
    CitizenPromiseQuerySet,
    Commitment,
    CommitmentQuerySet,
)

from .calendar import next_to_create, timeline
from .charts import stacked_status_bars, status_track
from .models import CommitmentStatus, FollowUp
from .periods import Period
from .progress import average_of, rows_for_figures

# --- Follow-up figures on documents and commitments ----------------------------------------------


def promises_with_progress(promises: CitizenPromiseQuerySet) -> CitizenPromiseQuerySet:
    """Annotates a CitizenPromise queryset with its latest published follow-up
    (`latest_followup_pk`, `latest_followup_year`, `latest_followup_number`) and that follow-up's
    `progress` in percent (see followup.progress); None where there is none yet. One join on the
    follow-up marked `is_latest` (`followup.models.refresh_latest_followup`) and an average over
    that one follow-up's statuses (by their index): the cost is the listed documents' own rows,
    whatever the number of follow-ups in the country."""
    progress = (
        CommitmentStatus.objects.filter(followup=OuterRef("latest_followup_pk"))
        .order_by()
        .values("followup")
        .annotate(value=Avg("progress"))
        .values("value")
    )
    return (
        promises.annotate(
            latest_followup_row=FilteredRelation(
                "followups", condition=Q(followups__is_latest=True)
            )
        )
        .annotate(
            latest_followup_pk=F("latest_followup_row__pk"),
            latest_followup_year=F("latest_followup_row__year"),
            latest_followup_number=F("latest_followup_row__number"),
        )
        .annotate(progress=Subquery(progress, output_field=FloatField()))
    )


def promises_for_listing(promises: CitizenPromiseQuerySet) -> CitizenPromiseQuerySet:
    """What a list of documents shows per row (progress, and the follow-ups the calendar needs
    to mark a late one), in a fixed number of queries: public lists and the admin's alike."""
    return promises_with_progress(
        promises.select_related("municipality__county", "police_area")
    ).prefetch_related(
        Prefetch("followups", queryset=FollowUp.objects.only("promise", "year", "number", "state"))
    )


def commitments_with_latest_status(commitments: CommitmentQuerySet) -> CommitmentQuerySet:
    """Annotates a Commitment queryset with its status in the latest published follow-up:
    `latest_status`, `latest_reason`, `latest_progress` (the row's stored figure, see
    followup.progress), `latest_year`, `latest_number` (None if there is none). One join on the
    status marked `is_latest` (`followup.models.refresh_latest`), through its partial unique
    index: the cost is the page's own rows, whatever the number of follow-ups in the
    country."""
    return commitments.annotate(
        latest_row=FilteredRelation("statuses", condition=Q(statuses__is_latest=True))
    ).annotate(
        latest_status=F("latest_row__status"),
        latest_reason=F("latest_row__reason"),
        latest_progress=F("latest_row__progress"),
        latest_year=F("latest_row__followup__year"),
        latest_number=F("latest_row__followup__number"),
    )


def commitments_with_latest_figures(commitments: CommitmentQuerySet) -> CommitmentQuerySet:
    """`commitments_with_latest_status`, and for the figures in words (`followup.figures`) each
    löfte's measures and its latest status row with its measure values (`latest_row`). Three
    queries more, whatever the number of rows."""
    # The löfte's measures are prefetched on the löfte itself; the row needs only its values.
    latest = (
        CommitmentStatus.objects.filter(is_latest=True)
        .select_related("followup__promise", "commitment")
        .prefetch_related("measure_values")
    )
    return commitments_with_latest_status(commitments).prefetch_related(
        "measures", Prefetch("statuses", queryset=latest, to_attr="latest_rows")
    )


def latest_row(commitment) -> CommitmentStatus | None:
    """The latest status row of a löfte read by `commitments_with_latest_figures`."""
    rows = getattr(commitment, "latest_rows", None)
    return rows[0] if rows else None


# --- Charts --------------------------------------------------------------------------------------


def promise_status_chart(promise: CitizenPromise):
    """Statuses per published follow-up of one document, as stacked bars (one query)."""
    counts = defaultdict(dict)
    rows = (
        CommitmentStatus.objects.published()
        .filter(followup__promise=promise)
        .order_by()
        .values_list("followup__year", "followup__number", "status")
        .annotate(n=Count("pk"))
    )
    for year, number, status, n in rows:
        counts[(year, number)][status] = n
    return stacked_status_bars(
        [(Period.of(promise, *key).short_name, counts[key]) for key in sorted(counts)]
    )


def commitment_status_chart(
    promise: CitizenPromise, commitment: Commitment, statuses: Sequence[CommitmentStatus]
):
    """One commitment's track over every period of the validity up to the last published
    follow-up, each marker at the commitment's progress then (see followup.progress);
    `statuses` are its published statuses with their follow-ups."""
    by_period = {}
    for s in statuses:  # a löfte reported in parts: its first part, as on lists
        by_period.setdefault((s.followup.year, s.followup.number), (s.status, s.progress))
    if not by_period:
        return None
    last = max(by_period)
    points = [
        (period.short_name, *by_period.get(period.key, (None, None)))
        for period in Period.between(promise)
        if period.key <= last
    ]
    return status_track(points)


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
        promised = {commitment.pk for commitment in self.commitments}
        return average_of(
            status.progress
            for (commitment_id, _party), status in self.statuses.items()
            if commitment_id in promised
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
    """The follow-up of the latest period before this one (any state): what a new one starts
    from and what the form shows beside each row."""
    return (
        FollowUp.objects.filter(promise=followup.promise_id)
        .before(followup.period)
        .order_by("-year", "-number")
        .first()
    )


def followup_rows(followup: FollowUp) -> FollowUpRows:
    previous = previous_followup(followup)

    def statuses_of(of):
        return {(s.commitment_id, s.party_id): s for s in rows_for_figures(of.statuses.all())}

    return FollowUpRows(
        followup=followup,
        commitments=list(
            Commitment.objects.filter(promise=followup.promise_id)
            .in_document_order()
            .prefetch_related("measures")
        ),
        statuses=statuses_of(followup),
        previous=previous,
        previous_statuses=statuses_of(previous) if previous is not None else {},
    )


def followup_overview(
    promise: CitizenPromise, followups: Sequence[FollowUp], today: datetime.date | None = None
) -> dict:
    """Every period of a document for the admin: its place in the calendar and its follow-up
    in any state (the public timeline links only published ones), and the period a new
    follow-up would be created for."""
    today = today or timezone.localdate()
    by_period = {(f.year, f.number): f for f in followups}
    entries = [
        {
            "period": entry.period,
            "due": entry.due,
            "state": entry.state,
            "label": entry.label,
            "followup": by_period.get(entry.period.key),
        }
        for entry in timeline(promise, followups, today)
    ]
    return {"entries": entries, "next": next_to_create(promise, followups, today)}
