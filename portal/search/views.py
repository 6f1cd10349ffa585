from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from followup.calendar import mark_overdue
from followup.selectors import commitments_with_latest_status, promises_for_listing
from loften.models import CitizenPromise, Commitment
from municipalities.models import Municipality

from .engine import engine, excerpts
from .filters import SearchFilter

PAGE_SIZE = 20
LONG_TEXTS = ("withdrawal_reason",)


def search(request):
    """/sok/: public documents only (`CitizenPromise.objects.published()`), filtered and
    searched by the URL's query string; a page of results in a fixed number of queries."""
    filters = SearchFilter(request.GET, queryset=CitizenPromise.objects.published())
    # The list shows no long texts: leaving them out keeps the rows that are sorted small.
    results = promises_for_listing(filters.qs).defer(*LONG_TEXTS)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("sida"))
    promises = mark_overdue(list(page.object_list), timezone.localdate())
    text = filters.text
    chosen = filters.commitments()
    found = excerpts(
        engine(text) if text else None,
        promises,
        chosen
        if chosen is not None or not text
        else commitments_with_latest_status(Commitment.objects.published()),
    )
    for promise in promises:
        promise.found = found.get(promise.pk)
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
