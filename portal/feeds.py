"""Atom feeds of what is published: the whole country, a municipality, a police area and a focus
area. Each lists the newest published (and withdrawn) medborgarlöften and published follow-ups,
newest first.

Drafts and signed-but-unpublished documents never appear: every feed starts from
`CitizenPromise.objects.published()` and `FollowUp.objects.published()`.

A withdrawn document stays in the feed where it was published (its page still answers, marked as
withdrawn): its entry's title and summary say that it was withdrawn, and its `updated` date moves
to the withdrawal, so that a reader shows the change instead of silently dropping the entry."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Exists, OuterRef
from django.db.models.functions import Greatest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _

from followup.models import FollowUp
from loften.models import CitizenPromise, Commitment, FocusArea
from municipalities.models import Municipality, PoliceArea

#: Entries per feed: enough for a reader that checks once a month, small enough to stay cheap.
FEED_LIMIT = 50

#: Entry and feed ids are name-based UUIDs under this namespace. Unlike the default (the entry's
#: address), they stay the same when the portal moves to another host or from http to https, so
#: feed readers never show an entry twice.
ID_NAMESPACE = uuid.UUID("5b0c6f1e-8f3a-4c1e-9a57-2f4d1c7e9b10")


def stable_id(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, name)}"


@dataclass(frozen=True)
class Entry:
    """One item of a feed, whatever it announces."""

    id: str
    title: str
    summary: str  # plain text; escaped once, for Atom's type="html"
    link: str
    author: str
    published: datetime
    updated: datetime


def parties(promise: CitizenPromise) -> str:
    return _("%(municipality)s och %(police_area)s") % {
        "municipality": promise.municipality.long_name,
        "police_area": promise.police_area.name,
    }


def promise_entry(promise: CitizenPromise) -> Entry:
    """A document's entry. It says what its page says first: withdrawn, or replaced by a new
    version (which has an entry of its own)."""
    values = {
        "title": promise.title,
        "parties": parties(promise),
        "start": date_format(promise.valid_from, "j F Y"),
        "end": date_format(promise.valid_until, "j F Y"),
        "reason": promise.withdrawal_reason,
    }
    if promise.state == CitizenPromise.State.WITHDRAWN:
        title = _("%(title)s (tillbakadraget)") % values
        summary = (
            _(
                "Medborgarlöftet från %(parties)s för %(start)s – %(end)s har dragits tillbaka. "
                "Skäl: %(reason)s"
            )
            % values
        )
    elif promise.is_replaced:
        title = _("%(title)s (ersatt av en ny version)") % values
        summary = (
            _(
                "Medborgarlöftet från %(parties)s för %(start)s – %(end)s har ersatts av en ny "
                "version."
            )
            % values
        )
    else:
        title = promise.title
        summary = (
            _("Nytt medborgarlöfte från %(parties)s. Det gäller %(start)s – %(end)s.") % values
        )
    return Entry(
        id=stable_id(f"citizenpromise/{promise.pk}"),
        title=title,
        summary=summary,
        link=promise.get_absolute_url(),
        author=parties(promise),
        published=promise.published_at,
        updated=promise.changed_at,
    )


def followup_entry(followup: FollowUp) -> Entry:
    promise = followup.promise
    return Entry(
        id=stable_id(f"followup/{followup.pk}"),
        title=_("Uppföljning %(period)s: %(title)s")
        % {"period": followup.period, "title": promise.title},
        summary=followup.summary
        or _("Uppföljningen av medborgarlöftet för %(period)s är publicerad.")
        % {"period": followup.period},
        link=followup.get_absolute_url(),
        author=parties(promise),
        published=followup.published_at,
        updated=followup.published_at,
    )


class PublicationsFeed(Feed):
    """The shared part of every feed; a subclass says which documents it covers (`documents`),
    its object, title and page."""

    feed_type = Atom1Feed

    def author_name(self, obj):
        return _("Medborgarlöften i Sverige")

    def documents(self, obj):
        return CitizenPromise.objects.published()

    def items(self, obj):
        documents = self.documents(obj)
        promises = (
            documents.select_related("municipality", "police_area")
            # A withdrawal or a new version changes what the page says: `updated` follows it.
            .annotate(changed_at=Greatest("updated_at", "published_at"))
            .order_by("-published_at", "-pk")[:FEED_LIMIT]
        )
        followups = (
            FollowUp.objects.published()
            .filter(promise__in=documents.values("pk"))
            .select_related("promise__municipality", "promise__police_area")
            .order_by("-published_at", "-pk")[:FEED_LIMIT]
        )
        entries = [promise_entry(p) for p in promises] + [followup_entry(f) for f in followups]
        entries.sort(key=lambda entry: entry.published, reverse=True)
        return entries[:FEED_LIMIT]

    def feed_guid(self, obj):
        return stable_id(f"feed/{self.kind}/{obj.pk if obj else ''}")

    def subtitle(self, obj):
        return _("Nya medborgarlöften och uppföljningar, det senaste först.")

    def item_title(self, item):
        return item.title  # Atom's title is plain text: no escaping beyond the XML's own

    def item_description(self, item):
        # Django writes the summary as type="html": an official's "<" must stay a character.
        return escape(item.summary)

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.id

    def item_author_name(self, item):
        return item.author

    def item_pubdate(self, item):
        return item.published

    def item_updateddate(self, item):
        return item.updated


class NationalFeed(PublicationsFeed):
    kind = "national"

    def title(self, obj):
        return _("Medborgarlöften i Sverige")

    def link(self, obj):
        return reverse("loften:home")


class MunicipalityFeed(PublicationsFeed):
    kind = "municipality"

    def get_object(self, request, slug):
        return get_object_or_404(Municipality, slug=slug)

    def documents(self, obj):
        return super().documents(obj).for_municipality(obj)

    def title(self, obj):
        return _("Medborgarlöften – %(name)s") % {"name": obj.long_name}

    def link(self, obj):
        return obj.get_absolute_url()


class PoliceAreaFeed(PublicationsFeed):
    kind = "police_area"

    def get_object(self, request, slug):
        return get_object_or_404(PoliceArea, slug=slug)

    def documents(self, obj):
        return super().documents(obj).filter(police_area=obj)

    def title(self, obj):
        return _("Medborgarlöften – %(name)s") % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()


class FocusAreaFeed(PublicationsFeed):
    """Documents with at least one löfte in the area, and their follow-ups. A deactivated area's
    feed still answers, as its page does."""

    kind = "focus_area"

    def get_object(self, request, slug):
        return get_object_or_404(FocusArea, slug=slug)

    def documents(self, obj):
        in_area = Commitment.objects.filter(promise=OuterRef("pk")).in_focus_area(obj)
        return super().documents(obj).filter(Exists(in_area))

    def title(self, obj):
        return _("Medborgarlöften – fokusområde %(name)s") % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()


FEEDS = {
    None: (NationalFeed(), "loften:feed"),
    Municipality: (MunicipalityFeed(), "loften:municipality_feed"),
    PoliceArea: (PoliceAreaFeed(), "loften:police_area_feed"),
    FocusArea: (FocusAreaFeed(), "loften:focus_area_feed"),
}


def feed_for(obj=None) -> dict:
    """The address and title of the feed of a page's subject (None: the national feed), for the
    page's <link rel="alternate"> and its visible link."""
    feed, name = FEEDS[type(obj) if obj is not None else None]
    url = reverse(name, kwargs={"slug": obj.slug}) if obj is not None else reverse(name)
    return {"url": url, "title": feed.title(obj)}
