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
    Amendment,
    CitizenPromise,
    CitizenPromiseQuerySet,
    Commitment,
    CommitmentQuerySet,
    DocumentParty,
    EffectIndicator,
)

from .calendar import next_to_create, timeline
from .charts import stacked_status_bars, status_track
from .indicator_values import IndicatorValue
from .models import CommitmentStatus, FollowUp
from .parts import part_label
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
    # Its löfte is the one it is prefetched for (Django sets it), and its follow-up's document
    # the löfte's (`latest_row`): neither is read again by a join.
    latest = (
        CommitmentStatus.objects.filter(is_latest=True)
        .select_related("followup")
        .prefetch_related("measure_values")
    )
    return commitments_with_latest_status(commitments).prefetch_related(
        "measures", Prefetch("statuses", queryset=latest, to_attr="latest_rows")
    )


def latest_row(commitment) -> CommitmentStatus | None:
    """The latest status row of a löfte read by `commitments_with_latest_figures`, its
    follow-up given the löfte's document (read with the löfte)."""
    rows = getattr(commitment, "latest_rows", None)
    if not rows:
        return None
    rows[0].followup.promise = commitment.promise
    return rows[0]


def followup_amendments(followup: FollowUp) -> list[Amendment]:
    """The amendments a follow-up report lists, on its page and in its PDF: those of its
    document's löften in force by the end of its period (approved, and in effect then or
    earlier; never a proposal), with their löfte, in the order they took effect (one query)."""
    return list(
        Amendment.objects.in_effect_by(followup.period.end)
        .filter(commitment__promise=followup.promise_id)
        .select_related("commitment")
        .order_by("effective_from", "approved_at", "pk")
    )


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


def commitment_status_tracks(
    promise: CitizenPromise, commitment: Commitment, statuses: Sequence[CommitmentStatus]
) -> list[dict]:
    """One commitment's status tracks over every period of the validity up to its last
    published follow-up, each marker at the commitment's progress then (see followup.progress),
    as {"label", "chart"}; `statuses` are its published statuses with their follow-ups and
    parties, the commitment's parties prefetched (no query).

    A löfte reported as a whole has one track without a label. One reported in parts, in any
    follow-up, has a track per party of it, named as the pages name its part
    (`followup.parts.part_label`): the party's own status where it reported its part, the whole
    löfte's where the parties reported together, and none where it has not reported. Parts that
    say the same in every follow-up are drawn once, without a label, as the pages show them."""
    points = {}  # party pk (None: the whole löfte) -> {period key: (status, progress)}
    parties = {party.pk: party for party in commitment.parties.all()}
    for s in statuses:
        points.setdefault(s.party_id, {})[(s.followup.year, s.followup.number)] = (
            s.status,
            s.progress,
        )
        if s.party_id is not None:
            parties.setdefault(s.party_id, s.party)
    if not points:
        return []
    last = max(key for by_period in points.values() for key in by_period)
    periods = [period for period in Period.between(promise) if period.key <= last]
    joint = points.pop(None, {})
    tracks = [("", joint)]
    if points:
        tracks = [
            (part_label(party), {**joint, **points.get(pk, {})}) for pk, party in parties.items()
        ]
        if all(by_period == tracks[0][1] for _label, by_period in tracks):
            tracks = [("", tracks[0][1])]
    return [
        {
            "label": label,
            "chart": status_track(
                [
                    (period.short_name, *by_period.get(period.key, (None, None)))
                    for period in periods
                ]
            ),
        }
        for label, by_period in tracks
    ]


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


@dataclass
class FollowUpFileParts:
    """What the spreadsheet carries of a follow-up besides its rows: its circumstances, its
    other work (with their parties), the document's parties (for lines of new work) and its
    effect indicators, each with `reported_values`, the values reported in this follow-up
    (four queries)."""

    circumstances: list
    other_work: list
    parties: list
    indicators: list


def followup_file_parts(followup: FollowUp) -> FollowUpFileParts:
    reported = IndicatorValue.objects.filter(followup=followup).in_time_order()
    return FollowUpFileParts(
        circumstances=list(followup.circumstances.all()),
        other_work=list(followup.other_work.select_related("party")),
        parties=list(DocumentParty.objects.filter(promise=followup.promise_id)),
        indicators=list(
            EffectIndicator.objects.filter(promise=followup.promise_id).prefetch_related(
                Prefetch("values", queryset=reported, to_attr="reported_values")
            )
        ),
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
