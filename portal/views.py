"""Public pages for citizens. Only published (and withdrawn) documents are ever shown here:
every view starts from `CitizenPromise.objects.published()`."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Subquery,
    prefetch_related_objects,
)
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from followup.calendar import is_overdue, mark_overdue, timeline
from followup.indicators import indicator_charts
from followup.models import CommitmentStatus, FollowUp
from followup.parts import other_work_by_party, reported, reported_by_commitment
from followup.periods import Period
from followup.progress import rows_for_figures
from followup.selectors import (
    commitment_status_tracks,
    commitments_with_latest_figures,
    commitments_with_latest_status,
    followup_amendments,
    promise_status_chart,
    promises_for_listing,
    promises_with_progress,
)
from loften import approval
from loften.models import (
    Amendment,
    CitizenPromise,
    Commitment,
    FocusArea,
    by_group,
    covered_by_q,
    place_parts,
)
from municipalities.models import County, Municipality, PoliceArea

from . import national


def address_maker(viewname, *names):
    """The addresses of a list's rows from one `reverse`, as a reverse per row costs more than
    the rest of a long list: `address_maker("loften:municipality", "slug")(slug="ale")`. Each
    named part is reversed as a number of its own (a valid slug too) and put back as a field of
    `str.format`; a reversed address quotes its braces, so only those fields remain. Values
    are put in as they are: slugs and numbers need no quoting in a path."""
    samples = {name: str(987_650_001 + i) for i, name in enumerate(names)}
    template = reverse(viewname, kwargs=samples)
    for name, sample in samples.items():
        template = template.replace(sample, f"{{{name}}}", 1)
    return template.format


def with_urls(municipalities):
    """Sets `url` (`get_absolute_url()`) on every kommun of a list, for the lists of all 290."""
    address = address_maker("loften:municipality", "slug")
    for municipality in municipalities:
        municipality.url = address(slug=municipality.slug)
    return municipalities


def with_commitment_urls(promise, commitments):
    """Sets `url` (`get_absolute_url()`) on löften of one document, for the pages that list
    them all: one `reverse` for the list (`address_maker`)."""
    address = address_maker("loften:commitment", "slug", "pk", "commitment_pk")
    slug = promise.municipality.slug
    for commitment in commitments:
        commitment.url = address(slug=slug, pk=promise.pk, commitment_pk=commitment.pk)
    return commitments


def home(request):
    today = timezone.localdate()
    published = CitizenPromise.objects.published()
    latest_promises = mark_overdue(
        list(promises_for_listing(published).order_by("-published_at")[:5])
    )
    latest_followups = (
        FollowUp.objects.published()
        .select_related("promise__municipality")
        .order_by("-published_at")[:5]
    )
    # The kommuner with a public document, län by län, read in one query as the names and
    # addresses the page shows (there are up to 290 of them).
    address = address_maker("loften:municipality", "slug")
    counties = {}
    for row in (
        Municipality.objects.filter(covered_by_q(published))
        .order_by("county__code", "name")
        .values("county__code", "county__name", "name", "slug")
    ):
        county = counties.setdefault(
            row["county__code"], {"name": row["county__name"], "with_promises": []}
        )
        county["with_promises"].append({"name": row["name"], "url": address(slug=row["slug"])})
    return render(
        request,
        "portal/home.html",
        {
            "figures": national.stored(today)["start_page"],
            "latest_promises": latest_promises,
            "latest_followups": latest_followups,
            "counties": list(counties.values()),
        },
    )


def municipality_list(request):
    today = timezone.localdate()
    query = request.GET.get("q", "").strip()
    municipalities = Municipality.objects.annotate(
        has_current=ExpressionWrapper(
            covered_by_q(CitizenPromise.objects.in_force().current(today)),
            output_field=BooleanField(),
        )
    )
    if query:
        municipalities = municipalities.filter(name__icontains=query)
    counties = County.objects.prefetch_related(
        Prefetch("municipalities", queryset=municipalities, to_attr="listed")
    )
    counties = [c for c in counties if with_urls(c.listed)]
    return render(
        request,
        "portal/municipality_list.html",
        {"counties": counties, "query": query, "count": sum(len(c.listed) for c in counties)},
    )


def municipality_detail(request, slug):
    municipality = get_object_or_404(Municipality.objects.select_related("county"), slug=slug)
    today = timezone.localdate()
    promises = mark_overdue(
        list(
            promises_for_listing(
                CitizenPromise.objects.published().for_municipality(municipality)
            ).order_by("-valid_from")
        ),
        today,
    )
    current = [p for p in promises if p.state == p.State.PUBLISHED and p.is_ongoing(today)]
    others = [p for p in promises if p not in current]
    police_areas = list(
        with_currency(municipality.police_areas.select_related("district"), today)
        .prefetch_related("municipalities")
        .order_by("name")
    )
    return render(
        request,
        "portal/municipality_detail.html",
        {
            "municipality": municipality,
            "current": current,
            "others": others,
            "current_police_areas": [a for a in police_areas if a.is_current],
            "former_police_areas": [a for a in police_areas if not a.is_current],
        },
    )


def with_currency(areas, today):
    """Police areas annotated with `is_current`: whether they exist `today`
    (`PoliceAreaQuerySet.current`)."""
    return areas.annotate(
        is_current=Exists(PoliceArea.objects.current(today).filter(pk=OuterRef("pk")))
    )


def get_public_promise(slug, pk, *, with_progress=False):
    """A public document by its address, or 404 (drafts and signed ones are never public);
    `with_progress`: annotated by `promises_with_progress` in the same query."""
    promises = CitizenPromise.objects.published().select_related(
        "municipality__county", "police_area", "replaces"
    )
    if with_progress:
        promises = promises_with_progress(promises)
    return get_object_or_404(promises, municipality__slug=slug, pk=pk)


def promise_context(promise, today=None):
    """Everything the medborgarlöfte page shows; shared by the public page and the preview.
    `promise` is read with its progress (`promises_with_progress`), as the admin reads its
    documents too."""
    today = today or timezone.localdate()
    # Read once for the list of parties and for the approvals (`approval.required_parties`).
    prefetch_related_objects([promise], "parties")
    # The page does not name each löfte's parties: `in_document_order`'s prefetch is left out.
    commitments = with_commitment_urls(
        promise,
        list(
            commitments_with_latest_figures(
                promise.commitments.in_document_order().prefetch_related(None)
            )
        ),
    )
    groups = [
        {"heading": group.lead_in, "commitments": rows} for group, rows in by_group(commitments)
    ]
    local_focus_areas = list(promise.local_focus_areas.prefetch_related("national_focus_areas"))
    # The national areas of its löften, read as one set rather than each löfte's.
    focus_areas = sorted(
        set(FocusArea.objects.filter(commitments__promise=promise))
        | {area for local in local_focus_areas for area in local.national_focus_areas.all()},
        key=lambda a: a.name,
    )
    followups = list(promise.followups.all())
    entries = timeline(promise, followups, today)
    sources, places = list(promise.sources.all()), list(promise.places.all())
    sections, unplaced = place_parts(
        promise.sections.all(),
        {
            "situation": sources or places,
            "focus_areas": local_focus_areas,
            "commitments": groups or promise.commitments_in_attachment,
        },
    )
    replaced_by = list(
        promise.replaced_by.published().select_related("municipality").order_by("-valid_from")
    )
    return {
        "promise": promise,
        "parties": promise.parties.all(),
        "sections": sections,
        # What belongs in a kind of section the document does not have, shown after them.
        "unplaced": unplaced,
        "groups": groups,
        "commitment_count": len(commitments),
        "local_focus_areas": local_focus_areas,
        "focus_areas": focus_areas,
        "sources": sources,
        "places": places,
        "signatories": promise.signatories.all(),
        "attachments": promise.attachments.all(),
        "approvals": approval.approvals_for_citizens(promise),
        "timeline": entries,
        "overdue": is_overdue(promise, followups, today),
        "ongoing": promise.is_ongoing(today),
        "ended": promise.valid_until < today,
        "progress": promise.progress,
        "replaced_by": replaced_by,
        "replaces": promise.replaces if promise.replaces and promise.replaces.is_public else None,
        "status_chart": promise_status_chart(promise),
        "amendments": list(
            Amendment.objects.approved()
            .filter(commitment__promise=promise)
            .select_related("commitment")
            .order_by("approved_at", "pk")
        ),
        "indicator_charts": indicator_charts(promise),
    }


def promise_detail(request, slug, pk):
    promise = get_public_promise(slug, pk, with_progress=True)
    return render(request, "portal/promise_detail.html", promise_context(promise))


def commitment_detail(request, slug, pk, commitment_pk):
    promise = get_public_promise(slug, pk)
    commitment = get_object_or_404(
        promise.commitments.select_related("group").prefetch_related(
            "focus_areas", "parties", "local_focus_areas", "measures"
        ),
        pk=commitment_pk,
    )
    statuses = list(
        rows_for_figures(commitment.statuses.published(), known="commitment")
        .select_related("party", "circumstance")
        .order_by("followup__year", "followup__number", "party__order", "party_id")
    )
    by_followup = {}
    for status in statuses:
        status.followup.promise = promise  # its period is of the document's cadence
        by_followup.setdefault(status.followup, []).append(status)
    return render(
        request,
        "portal/commitment_detail.html",
        {
            "promise": promise,
            "commitment": commitment,
            "statuses": statuses,
            "reports": [
                (followup, reported(commitment, rows)) for followup, rows in by_followup.items()
            ],
            "tracks": commitment_status_tracks(promise, commitment, statuses),
            "amendments": list(commitment.amendments.approved().order_by("approved_at", "pk")),
        },
    )


def public_followup(slug, pk, period):
    """A published follow-up of a public document by its address, whose last part names the
    period in words (`Period.slug`: "2025-tertial-2"), or 404."""
    promise = get_public_promise(slug, pk)
    found = Period.from_slug(promise, period)
    if found is None:
        raise Http404("No such period")
    return get_object_or_404(promise.followups.published(), year=found.year, number=found.number)


def followup_by_half_year(slug, pk, year, half):
    """The published follow-up an address from before cadences named by year and half-year
    ("2025-1"); only half-yearly documents had such addresses."""
    return get_object_or_404(
        FollowUp.objects.published().select_related("promise__municipality"),
        promise__pk=pk,
        promise__municipality__slug=slug,
        promise__cadence=CitizenPromise.Cadence.HALF_YEARLY,
        year=year,
        number=half,
    )


def followup_redirect(request, slug, pk, year, half):
    """The old address of a follow-up page leads, permanently, to the one that names the
    period in words, so published links keep working."""
    return redirect(followup_by_half_year(slug, pk, year, half).get_absolute_url(), permanent=True)


def followup_detail(request, slug, pk, period):
    followup = public_followup(slug, pk, period)
    promise = followup.promise
    earlier = promise.followups.published().before(followup.period).order_by("-year", "-number")
    previous = earlier.first()
    previous_statuses = {}
    for s in CommitmentStatus.objects.filter(followup=Subquery(earlier.values("pk")[:1])):
        previous_statuses.setdefault((s.commitment_id, s.party_id), s)
        previous_statuses.setdefault((s.commitment_id, "any"), s)
    rows = list(
        rows_for_figures(
            followup.statuses.select_related("commitment__group", "party", "circumstance"),
            known="followup",
        ).prefetch_related("commitment__parties")
    )
    for row in rows:
        row.previous = previous_statuses.get(
            (row.commitment_id, row.party_id), previous_statuses.get((row.commitment_id, "any"))
        )
    commitments = with_commitment_urls(
        promise, list({row.commitment_id: row.commitment for row in rows}.values())
    )
    groups = [
        {"heading": group.lead_in, "rows": items}
        for group, items in by_group(
            reported_by_commitment(commitments, rows), lambda entry: entry.commitment
        )
    ]
    return render(
        request,
        "portal/followup_detail.html",
        {
            "promise": promise,
            "followup": followup,
            "previous": previous,
            "groups": groups,
            "circumstances": followup.circumstances.all(),
            "other_work": other_work_by_party(followup),
            "indicator_charts": indicator_charts(promise, followup=followup),
            "amendments": followup_amendments(followup),
        },
    )


def focus_area_list(request):
    # A deactivated area is no longer listed; its page still answers, for existing links.
    areas = list(FocusArea.objects.active())
    counts = national.stored()["focus_area_counts"]
    for area in areas:
        area.commitment_count = counts.get(area.slug, 0)
    return render(request, "portal/focus_area_list.html", {"areas": areas})


def focus_area_detail(request, slug):
    area = get_object_or_404(FocusArea, slug=slug)
    commitments = Commitment.objects.published().in_focus_area(area)
    county_code = request.GET.get("lan", "")
    year = request.GET.get("ar", "")
    # ASCII digits only: "²".isdigit() is true, but int("²") fails (a 500 before).
    year = year if year.isascii() and year.isdigit() and len(year) <= 4 else ""
    if county_code:
        commitments = commitments.filter(promise__municipality__county__code=county_code)
    if year.isdigit():
        commitments = commitments.filter(
            promise__valid_from__year__lte=int(year), promise__valid_until__year__gte=int(year)
        )
    # The count and the page's keys come from the löften alone; only the page's 25 rows are
    # then joined with their latest status and their documents, and read as the fields the page
    # shows.
    order = ("promise__municipality__name", "-promise__valid_from", "order", "pk")
    page = Paginator(commitments.order_by(*order).values_list("pk", flat=True), 25).get_page(
        request.GET.get("sida")
    )
    address = address_maker("loften:commitment", "slug", "pk", "commitment_pk")
    page.object_list = [
        {**row, "url": address(slug=row["slug"], pk=row["promise_id"], commitment_pk=row["pk"])}
        for row in commitments_with_latest_status(
            Commitment.objects.filter(pk__in=list(page.object_list))
        )
        .order_by(*order)
        .values(
            "pk",
            "promise_id",
            "text",
            "latest_status",
            lead_in=F("group__lead_in"),
            slug=F("promise__municipality__slug"),
            municipality=F("promise__municipality__name"),
            county=F("promise__municipality__county__name"),
            valid_from=F("promise__valid_from"),
            valid_until=F("promise__valid_until"),
        )
    ]
    years = range(timezone.localdate().year + 1, 2014, -1)
    return render(
        request,
        "portal/focus_area_detail.html",
        {
            "area": area,
            "page": page,
            "counties": County.objects.all(),
            "selected_county": county_code,
            "years": years,
            "selected_year": int(year) if year.isdigit() else None,
        },
    )


def police_area_list(request):
    today = timezone.localdate()
    areas = list(
        with_currency(PoliceArea.objects.select_related("region", "district"), today)
        .prefetch_related("municipalities")
        .order_by("region__name", "district__name", "name")
    )
    regions: dict = {}
    for area in areas:
        if area.is_current:
            regions.setdefault(area.region, []).append(area)
    return render(
        request,
        "portal/police_area_list.html",
        {
            "regions": regions.items(),
            "former": [a for a in areas if not a.is_current],
            "unserved": Municipality.objects.without_police_area(today).count(),
            "municipality_count": Municipality.objects.count(),
        },
    )


def police_area_detail(request, slug):
    today = timezone.localdate()
    area = get_object_or_404(
        with_currency(
            PoliceArea.objects.select_related("region", "district"), today
        ).prefetch_related("predecessors", "successors"),
        slug=slug,
    )
    promises = mark_overdue(
        list(
            promises_for_listing(
                CitizenPromise.objects.published().filter(police_area=area)
            ).order_by("municipality__name", "-valid_from")
        )
    )
    return render(
        request,
        "portal/police_area_detail.html",
        {"area": area, "municipalities": area.municipalities.all(), "promises": promises},
    )


def statistics(request):
    return render(request, "portal/statistics.html", national.national_progress())


def about(request):
    return render(request, "portal/about.html")


def accessibility(request):
    return render(request, "portal/accessibility.html", {"contact_email": settings.CONTACT_EMAIL})
