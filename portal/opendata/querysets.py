"""The rows that open data publishes, read once for the API and the CSV files alike. Each starts
from what citizens may see (`published()`), takes its figures from `followup/selectors.py`, and
is read in a fixed number of queries whatever the number of rows."""

from django.db.models import BooleanField, ExpressionWrapper, F, Prefetch
from django.utils import timezone

from followup.models import (
    CommitmentStatus,
    FollowUp,
    FollowUpQuerySet,
    IndicatorValue,
    OtherWork,
)
from followup.progress import rows_for_figures
from followup.selectors import commitments_with_latest_figures, promises_for_listing
from loften.models import (
    Amendment,
    CitizenPromise,
    CitizenPromiseQuerySet,
    Commitment,
    CommitmentQuerySet,
    DocumentParty,
    FocusArea,
    LocalFocusArea,
    covered_by_q,
)
from municipalities.models import Municipality, PoliceArea

#: What a commitment's row shows besides its own fields (its group is selected with it). Lists
#: (`to_attr`) where only the row reads them: a document's list has a thousand löften, and a
#: related manager per löfte and relation costs more than the queries.
COMMITMENT_LINKS = (
    Prefetch("parties", to_attr="party_list"),  # read through `Commitment.party_rows()`
    Prefetch("focus_areas", to_attr="focus_area_list"),
    Prefetch(
        "local_focus_areas",
        queryset=LocalFocusArea.objects.prefetch_related(
            Prefetch("national_focus_areas", to_attr="national_focus_area_list")
        ),
        to_attr="local_focus_area_list",
    ),
    Prefetch(
        "amendments",
        queryset=Amendment.objects.approved().order_by("approved_at", "pk"),
        to_attr="approved_amendments",
    ),
)


def _commitments_with_status() -> CommitmentQuerySet:
    # In document order, without that order's own prefetch of the parties as a related manager
    # per löfte: open data reads them from `party_list` (COMMITMENT_LINKS).
    in_order = Commitment.objects.in_document_order().prefetch_related(None)
    return commitments_with_latest_figures(in_order).prefetch_related(*COMMITMENT_LINKS)


def promises() -> CitizenPromiseQuerySet:
    """Published and withdrawn documents with their content, commitments and progress."""
    return (
        promises_for_listing(CitizenPromise.objects.published())
        .select_related("replaces")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=DocumentParty.objects.select_related("municipality", "police_area"),
            ),
            "sections",
            "local_focus_areas__national_focus_areas",
            "sources",
            "places",
            "signatories",
            "attachments",
            Prefetch("commitments", queryset=_commitments_with_status()),
            Prefetch(
                "effect_indicators__values",
                queryset=IndicatorValue.objects.published().in_time_order(),
                to_attr="public_values",
            ),
        )
        .order_by("pk")
    )


def commitments() -> CommitmentQuerySet:
    """Commitments of public documents, each with its status in the latest published
    follow-up."""
    return (
        commitments_with_latest_figures(Commitment.objects.published())
        .select_related("promise__municipality__county", "promise__police_area", "group")
        .prefetch_related(*COMMITMENT_LINKS)
        .order_by("promise_id", "group__order", "group_id", "order", "pk")
    )


def followups() -> FollowUpQuerySet:
    """Published follow-ups of public documents, with their progress and statuses."""
    return (
        FollowUp.objects.published()
        .with_progress()
        .select_related("promise__municipality")
        .prefetch_related(
            Prefetch(
                "statuses",
                queryset=rows_for_figures(CommitmentStatus.objects.all())
                .select_related("party", "circumstance")
                .order_by("commitment__order", "commitment_id", "party_id"),
            ),
            "circumstances",
            Prefetch("other_work", queryset=OtherWork.objects.select_related("party")),
        )
        .order_by("promise_id", "year", "number")
    )


def statuses():
    """Every commitment's status in every published follow-up."""
    return (
        rows_for_figures(CommitmentStatus.objects.published())
        .select_related("followup__promise__municipality", "party", "circumstance")
        .order_by("followup_id", "commitment__order", "commitment_id", "party_id")
    )


def municipalities():
    """All municipalities, marked with whether a medborgarlöfte is in force today (the same
    rule as the municipality list)."""
    in_force = CitizenPromise.objects.in_force().current(timezone.localdate())
    return (
        Municipality.objects.select_related("county")
        .prefetch_related("police_areas")
        .annotate(
            has_current_promise=ExpressionWrapper(
                covered_by_q(in_force), output_field=BooleanField()
            )
        )
        .order_by("code")
    )


def police_areas():
    return (
        PoliceArea.objects.select_related("region", "district")
        .prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.order_by("code")),
            "predecessors",
        )
        .order_by("name")
    )


def focus_areas():
    """Every focus area, inactive ones too (their pages still answer), with the number of
    public commitments in each, counted as the focus area list counts them."""
    return (
        FocusArea.objects.with_published_commitment_count()
        .annotate(published_commitment_count=F("commitment_count"))
        .order_by("name")
    )
