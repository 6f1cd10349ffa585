from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property

from followup.calendar import mark_overdue
from followup.periods import Period
from followup.selectors import commitments_with_latest_status, promises_for_listing
from loften.models import CitizenPromise, Commitment
from municipalities.models import Municipality

from ..views import address_maker
from .engine import engine, excerpts
from .filters import SearchFilter

PAGE_SIZE = 20
LONG_TEXTS = ("withdrawal_reason",)


class CountingPaginator(Paginator):
    """Reads a page of ids together with the number of all matches (`COUNT(*) OVER ()`): one scan
    of the matches instead of Django's two (a COUNT, then the page). The page asked for is read
    first, since the count comes with it; a page past the last one returns no rows, and only then
    are the matches counted on their own. `object_list` is a queryset of documents."""

    asked_for = None  # the page number `get_page` was given

    def __init__(self, object_list, per_page):
        super().__init__(object_list, per_page)
        self._pages = {}

    def get_page(self, number):
        self.asked_for = number
        return super().get_page(number)

    def _ids_and_total(self, number):
        if number not in self._pages:
            bottom = (number - 1) * self.per_page
            rows = self.object_list.annotate(total=Window(Count("pk"))).values_list("pk", "total")
            self._pages[number] = list(rows[bottom : bottom + self.per_page])
        return self._pages[number]

    #: A page number beyond this is not read first (its offset could be more than the database
    #: takes): page 1 gives the count, and the paginator then turns to the last page.
    FIRST_READ_LIMIT = 5_000

    @cached_property
    def count(self):
        try:
            number = int(self.asked_for)
        except (TypeError, ValueError):
            number = 1
        if not 1 <= number <= self.FIRST_READ_LIMIT:
            number = 1
        rows = self._ids_and_total(number)
        return rows[0][1] if rows else self.object_list.count()

    def page(self, number):
        number = self.validate_number(number)
        return self._get_page([pk for pk, _ in self._ids_and_total(number)], number, self)


def page_of_promises(ids):
    """The documents `ids` in that order, as the list shows them (one query and a prefetch). The
    list shows no long texts."""
    rows = promises_for_listing(CitizenPromise.objects.published().filter(pk__in=ids))
    rows = rows.order_by().defer(*LONG_TEXTS)
    by_pk = {promise.pk: promise for promise in rows}
    # One no longer public (or gone) between the two reads is simply left out.
    return mark_overdue([by_pk[pk] for pk in ids if pk in by_pk], timezone.localdate())


def with_addresses(promises, found):
    """Sets each document's `found` (its `Excerpts`), and the addresses of the document and of
    the löften and follow-ups listed under it: one `reverse` per kind for the page."""
    address = {
        "promise": address_maker("loften:promise", "slug", "pk"),
        "commitment": address_maker("loften:commitment", "slug", "pk", "commitment_pk"),
        "followup": address_maker("followup:followup", "slug", "pk", "period"),
    }
    for promise in promises:
        slug = promise.municipality.slug
        promise.url = address["promise"](slug=slug, pk=promise.pk)
        promise.found = found.get(promise.pk)
        if promise.found is None:
            continue
        for row in promise.found.commitments:
            row.url = address["commitment"](slug=slug, pk=promise.pk, commitment_pk=row.pk)
        for row in promise.found.followups:
            row.period = Period.of(promise, row.year, row.number)
            row.url = address["followup"](slug=slug, pk=promise.pk, period=row.period.slug)


def search(request):
    """/sok/: public documents only (`CitizenPromise.objects.published()`), filtered and
    searched by the URL's query string; a page of results in a fixed number of queries."""
    filters = SearchFilter(request.GET, queryset=CitizenPromise.objects.published())
    # Counted and ranked on the matches alone; only the page's documents are then read with
    # what the list shows of them (place, progress, follow-ups), instead of joining all of
    # that to every match before sorting.
    page = CountingPaginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("sida"))
    promises = page_of_promises(list(page.object_list))
    text = filters.text
    chosen = filters.commitments()
    found = excerpts(
        engine(text) if text else None,
        promises,
        chosen
        if chosen is not None or not text
        else commitments_with_latest_status(Commitment.objects.published()),
    )
    with_addresses(promises, found)
    municipalities = (
        Municipality.objects.filter(name__icontains=text).order_by("name")[:10] if text else []
    )
    return render(
        request,
        "portal/search/search.html",
        {
            "filters": filters,
            "form": filters.form,
            "text": text,
            "page": page,
            "promises": promises,
            "municipalities": municipalities,
            "filtered": any(request.GET.get(name) for name in filters.filters),
        },
    )
