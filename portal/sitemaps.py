"""The sitemap (`/sitemap.xml`, an index of one sitemap per kind of page) and `/robots.txt`, which
names it. Absolute addresses use the request's host and scheme (Django's `RequestSite`), so the
Sites framework is not needed.

Only pages citizens may open are listed: documents from `CitizenPromise.objects.published()`,
their löften from `Commitment.objects.published()`, follow-ups from `FollowUp.objects.published()`.

`lastmod` where a date says when the page changed:

- a medborgarlöfte and each of its löften: the latest of its publication, its last change (a
  withdrawal, a new version) and its latest published follow-up, since both pages show the
  follow-ups' statuses and progress;
- a follow-up: its publication (it is frozen from then on);
- the other pages (lists, municipalities, areas, statistics) change with many rows and carry
  none, rather than a date that would be wrong."""

from django.contrib.sitemaps import Sitemap
from django.db.models import F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import render
from django.urls import reverse

from followup.models import FollowUp
from loften.models import CitizenPromise, Commitment, FocusArea
from municipalities.models import Municipality, PoliceArea


def last_changed(prefix=""):
    """When a public document's page last changed; `prefix` leads from a row to its document
    ("promise__" for a löfte). The follow-up part falls back to the publication because SQLite's
    greatest of a NULL is NULL (PostgreSQL's ignores it)."""
    latest_followup = (
        FollowUp.objects.published()
        .filter(promise=OuterRef(f"{prefix}pk" if prefix else "pk"))
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    return Greatest(
        f"{prefix}updated_at",
        f"{prefix}published_at",
        Coalesce(Subquery(latest_followup), f"{prefix}published_at"),
    )


class StaticPagesSitemap(Sitemap):
    def items(self):
        return [
            "loften:home",
            "loften:municipality_list",
            "loften:police_area_list",
            "loften:focus_area_list",
            "loften:statistics",
            "loften:about",
            "loften:accessibility",
            "loften:verify",
        ]

    def location(self, item):
        return reverse(item)


class MunicipalitySitemap(Sitemap):
    def items(self):
        return Municipality.objects.order_by("code")


class PoliceAreaSitemap(Sitemap):
    def items(self):
        return PoliceArea.objects.order_by("pk")


class FocusAreaSitemap(Sitemap):
    """Every area: a deactivated area's page still answers, for the löften that have it."""

    def items(self):
        return FocusArea.objects.order_by("pk")


class DatedSitemap(Sitemap):
    """A sitemap whose rows carry `changed_at`. The index asks each section for its latest date:
    one aggregate, instead of Django's default of reading every row."""

    def lastmod(self, item):
        return item.changed_at

    def get_latest_lastmod(self):
        return self.items().order_by().aggregate(latest=Max("changed_at"))["latest"]


class PromiseSitemap(DatedSitemap):
    def items(self):
        return (
            CitizenPromise.objects.published()
            .select_related("municipality")
            .annotate(changed_at=last_changed())
            .order_by("pk")
        )


class CommitmentSitemap(DatedSitemap):
    def items(self):
        return (
            Commitment.objects.published()
            .select_related("promise__municipality")
            .annotate(changed_at=last_changed("promise__"))
            .order_by("pk")
        )


class FollowUpSitemap(DatedSitemap):
    def items(self):
        return (
            FollowUp.objects.published()
            .select_related("promise__municipality")
            .annotate(changed_at=F("published_at"))
            .order_by("pk")
        )


#: The sections of the index, by the name in their address (`/sitemap-<name>.xml`).
SITEMAPS = {
    "sidor": StaticPagesSitemap,
    "kommuner": MunicipalitySitemap,
    "lokalpolisomraden": PoliceAreaSitemap,
    "fokusomraden": FocusAreaSitemap,
    "medborgarloften": PromiseSitemap,
    "loften": CommitmentSitemap,
    "uppfoljningar": FollowUpSitemap,
}


def robots_txt(request):
    return render(
        request,
        "portal/feeds/robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("loften:sitemap"))},
        content_type="text/plain; charset=utf-8",
    )
