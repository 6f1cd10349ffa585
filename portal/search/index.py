"""The search entry of each public medborgarlöfte: the one place that decides what the search
finds a document by, and that keeps it up to date.

An entry exists only for a public document (`CitizenPromise.objects.published()`) and holds only
published follow-ups (`FollowUp.objects.published()`, `CommitmentStatus.objects.published()`),
so a draft, a signed-but-unpublished document or a draft follow-up can never be found.

The entry is rebuilt, once the transaction has committed, whenever a row it is built from is
saved or deleted (the receivers at the end). Documents and follow-ups are frozen once public, so
in practice that is when a document or a follow-up is published; the receivers also cover the
shell, the demo loader and tests. Bulk writes (`bulk_create`, `QuerySet.update`) send no
signals: after one, run `manage.py rebuild_search_index`."""

import operator
from functools import reduce

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Value
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation

from followup.models import Circumstance, CommitmentStatus, FollowUp, OtherWork, published_q
from loften.models import (
    CitizenPromise,
    Commitment,
    DocumentParty,
    LocalFocusArea,
    Place,
    Section,
    Source,
)
from municipalities.models import Municipality, PoliceArea

from ..cache import NATIONAL, bump
from ..models import SearchEntry

#: PostgreSQL's text search configuration for Swedish (stemming and stop words).
CONFIG = "swedish"

#: The stored vector: where a word stands decides its weight (A counts most in the rank).
WEIGHTS = {"heading": "A", "commitments": "B", "body": "C", "followups": "D"}


def full_text_search():
    """Whether the database does Swedish full-text search (PostgreSQL) or containment."""
    return connection.vendor == "postgresql"


def _join(texts):
    return "\n".join(text for text in texts if text)


def _source_kind_label(kind):
    # The search is Swedish: a source's kind is found by its Swedish name whatever the language
    # of the request that saved it.
    with translation.override("sv"):
        return str(Source.Kind(kind).label)


def _texts(promise_ids):
    """{promise id: {field: text}} for the given public documents, in nine queries."""
    promises = CitizenPromise.objects.published().filter(pk__in=promise_ids)
    texts = {}
    for pk, title, municipality, area, district in promises.values_list(
        "pk", "title", "municipality__name", "police_area__name", "district"
    ):
        texts[pk] = {
            "heading": [title, municipality, area, district],
            "commitments": [],
            "body": [],
            "followups": [],
        }
    found = list(texts)
    for promise_id, name in (
        DocumentParty.objects.filter(promise__in=found)
        .order_by("promise_id", "order", "pk")
        .values_list("promise_id", "name")
    ):
        texts[promise_id]["heading"].append(name)
    for promise_id, heading, body in (
        Section.objects.filter(promise__in=found)
        .order_by("promise_id", "order", "pk")
        .values_list("promise_id", "heading", "body")
    ):
        texts[promise_id]["body"] += [heading, body]
    for promise_id, name, description in (
        LocalFocusArea.objects.filter(promise__in=found)
        .order_by("promise_id", "order", "pk")
        .values_list("promise_id", "name", "description")
    ):
        texts[promise_id]["body"] += [name, description]
    for promise_id, text in (
        Commitment.objects.filter(promise__in=found)
        .order_by("promise_id", "group__order", "group_id", "order", "pk")
        .values_list("promise_id", "text")
    ):
        texts[promise_id]["commitments"].append(text)
    for promise_id, kind, description in (
        Source.objects.filter(promise__in=found)
        .order_by("promise_id", "order", "pk")
        .values_list("promise_id", "kind", "description")
    ):
        texts[promise_id]["body"] += [_source_kind_label(kind), description]
    for promise_id, name, description in (
        Place.objects.filter(promise__in=found)
        .order_by("promise_id", "order", "pk")
        .values_list("promise_id", "name", "description")
    ):
        texts[promise_id]["body"] += [name, description]
    for promise_id, summary in (
        FollowUp.objects.published()
        .filter(promise__in=found)
        .order_by("promise_id", "year", "number")
        .values_list("promise_id", "summary")
    ):
        texts[promise_id]["followups"].append(summary)
    for promise_id, reason, comment in (
        CommitmentStatus.objects.published()
        .filter(followup__promise__in=found)
        .order_by("followup__promise_id", "followup_id", "pk")
        .values_list("followup__promise_id", "reason", "comment")
    ):
        texts[promise_id]["followups"] += [reason, comment]
    # Written only in drafts: publishing the follow-up (its post_save) indexes them.
    for model in (Circumstance, OtherWork):
        for promise_id, title, text in (
            model.objects.filter(published_q("followup__"), followup__promise__in=found)
            .order_by("followup__promise_id", "followup_id", "order", "pk")
            .values_list("followup__promise_id", "title", "text")
        ):
            texts[promise_id]["followups"] += [title, text]
    return {
        pk: {field: _join(parts) for field, parts in fields.items()} for pk, fields in texts.items()
    }


def _vector(fields):
    """The weighted vector of an entry's texts, made by the INSERT that writes the entry: an
    UPDATE after it would leave a dead copy of every row for the search to scan past until
    VACUUM."""
    return reduce(
        operator.add,
        (
            SearchVector(Value(fields[name]), weight=weight, config=CONFIG)
            for name, weight in WEIGHTS.items()
        ),
    )


def _entry(pk, fields):
    if full_text_search():
        return SearchEntry(promise_id=pk, vector=_vector(fields), **fields)
    return SearchEntry(promise_id=pk, folded="\n".join(fields.values()).casefold(), **fields)


def rebuild(promise_ids=None, *, batch_size=500):
    """Rebuild the entries of the given documents (all when None): public ones get an entry,
    others lose theirs. Returns the number of entries written."""
    if promise_ids is None:
        promise_ids = list(CitizenPromise.objects.values_list("pk", flat=True))
    promise_ids = list(promise_ids)
    written = 0
    for start in range(0, len(promise_ids), batch_size):
        batch = promise_ids[start : start + batch_size]
        texts = _texts(batch)
        SearchEntry.objects.filter(promise__in=batch).delete()
        SearchEntry.objects.bulk_create(_entry(pk, fields) for pk, fields in texts.items())
        written += len(texts)
    # The search's pages are cached (portal/cache.py) and read these entries, which are written
    # after the change that caused them has committed: the pages drawn from the old entries are
    # dropped only now that the new ones are there.
    bump([NATIONAL])
    return written


# --- Keeping entries up to date ------------------------------------------------------------------


def _rebuild_after_commit(promise_id):
    # After the write has committed: the entry is derived data, and a failure to rebuild it must
    # not undo a publication (`rebuild_search_index` repairs it). It also means that a document
    # deleted in the same transaction simply loses its entry.
    if promise_id is not None:
        transaction.on_commit(lambda: rebuild([promise_id]))


@receiver(post_save, sender=CitizenPromise)
def _promise_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _rebuild_after_commit(instance.pk)


@receiver(post_save, sender=Commitment)
@receiver(post_delete, sender=Commitment)
@receiver(post_save, sender=Source)
@receiver(post_delete, sender=Source)
@receiver(post_save, sender=Place)
@receiver(post_delete, sender=Place)
@receiver(post_save, sender=FollowUp)
@receiver(post_delete, sender=FollowUp)
def _part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _rebuild_after_commit(instance.promise_id)


@receiver(post_save, sender=CommitmentStatus)
@receiver(post_delete, sender=CommitmentStatus)
def _status_changed(sender, instance, raw=False, **kwargs):
    # Statuses are written in bulk while their follow-up is a draft (not searchable); publishing
    # the follow-up saves it and rebuilds the entry with them. Only a status saved into a
    # published follow-up (the shell, tests) needs a rebuild of its own.
    if not raw and instance.followup.state == FollowUp.State.PUBLISHED:
        _rebuild_after_commit(instance.followup.promise_id)


@receiver(post_save, sender=Municipality)
@receiver(post_save, sender=PoliceArea)
def _name_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        for pk in instance.citizen_promises.published().values_list("pk", flat=True):
            _rebuild_after_commit(pk)
