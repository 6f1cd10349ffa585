"""Matching, ranking and excerpts. On PostgreSQL: Swedish full-text search over the stored
vectors of `SearchEntry` (stemming: "bedrägerierna" finds "Bedrägerier"), ranked with
`SearchRank`, excerpts from `SearchHeadline`. Elsewhere (SQLite in development): every word of
the search must occur in the entry's case-folded text, newest documents first.

Excerpts are fetched for one page of documents at a time, in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db.models import Count, F, Q, TextField, Value, Window
from django.db.models.functions import Concat, RowNumber

from followup.models import CommitmentStatus, FollowUp
from loften.models import CitizenPromiseQuerySet, CommitmentQuerySet

from ..models import SearchEntry
from . import highlight
from .index import CONFIG, full_text_search

#: At most this many löften and follow-up texts are shown under each document.
COMMITMENTS_PER_DOCUMENT = 3
#: Löften as each document has them: group by group, each group's in their order.
DOCUMENT_ORDER = ("promise_id", "group__order", "group_id", "order", "pk")
FOLLOWUPS_PER_DOCUMENT = 2


@dataclass
class Excerpts:
    """What one document on the page shows of why it was found."""

    body: str | None = None
    commitments: list = field(default_factory=list)  # Commitment rows with `.excerpt`
    more_commitments: int = 0
    followups: list = field(default_factory=list)  # FollowUp / CommitmentStatus with `.excerpt`


def _first(rows, key, limit):
    grouped = defaultdict(list)
    for row in rows:
        if len(grouped[key(row)]) < limit:
            grouped[key(row)].append(row)
    return grouped


class FullTextEngine:
    """PostgreSQL."""

    def __init__(self, text):
        self.query = SearchQuery(text, config=CONFIG, search_type="websearch")

    def _headline(self, expression, **options):
        return SearchHeadline(
            expression,
            self.query,
            config=CONFIG,
            start_sel=highlight.START,
            stop_sel=highlight.STOP,
            **options,
        )

    def match(self, promises: CitizenPromiseQuerySet) -> CitizenPromiseQuerySet:
        # Ranking reads the stored vector; the GIN index on it finds the matches.
        return (
            promises.filter(search_entry__vector=self.query)
            .annotate(rank=SearchRank(F("search_entry__vector"), self.query, normalization=1))
            .order_by("-rank", "-valid_from", "pk")
        )

    def bodies(self, promise_ids):
        rows = (
            SearchEntry.objects.filter(promise__in=promise_ids)
            .annotate(
                excerpt=self._headline(
                    "body", max_fragments=2, max_words=30, min_words=12, fragment_delimiter=" … "
                )
            )
            .values_list("promise_id", "excerpt")
        )
        return {pk: highlight.as_html(excerpt) for pk, excerpt in rows}

    def _limited(self, queryset, vector, partition, order, limit, headline):
        return (
            queryset.alias(document=vector)
            .filter(document=self.query)
            .annotate(
                position=Window(RowNumber(), partition_by=[F(partition)], order_by=order),
                matches=Window(Count("pk"), partition_by=[F(partition)]),
            )
            .filter(position__lte=limit)
            .annotate(headline=headline)
        )

    def commitments(self, commitments: CommitmentQuerySet, promise_ids):
        rows = self._limited(
            commitments.filter(promise__in=promise_ids).select_related("group"),
            SearchVector("text", config=CONFIG),
            "promise_id",
            [F("group__order").asc(), F("group_id").asc(), F("order").asc(), F("pk").asc()],
            COMMITMENTS_PER_DOCUMENT,
            self._headline("text", highlight_all=True),
        ).order_by(*DOCUMENT_ORDER)
        return _commitment_groups(
            rows, lambda row: highlight.as_html(row.headline), lambda row: row.matches
        )

    def followups(self, promise_ids):
        summaries = self._limited(
            FollowUp.objects.published().filter(promise__in=promise_ids),
            SearchVector("summary", config=CONFIG),
            "promise_id",
            [F("year").desc(), F("number").desc()],
            FOLLOWUPS_PER_DOCUMENT,
            self._headline("summary", max_fragments=1, max_words=30, min_words=12),
        )
        statuses = self._limited(
            CommitmentStatus.objects.published()
            .filter(followup__promise__in=promise_ids)
            .select_related("followup", "commitment"),
            SearchVector("reason", "comment", config=CONFIG),
            "followup__promise_id",
            [F("followup__year").desc(), F("followup__number").desc(), F("pk").asc()],
            FOLLOWUPS_PER_DOCUMENT,
            self._headline(
                Concat("reason", Value("\n"), "comment", output_field=TextField()),
                highlight_all=True,
            ),
        )
        return _followup_groups(summaries, statuses, lambda row: highlight.as_html(row.headline))


class ContainsEngine:
    """Every other database: plain case-insensitive containment of every word."""

    def __init__(self, text):
        self.terms = highlight.words(text)

    def match(self, promises: CitizenPromiseQuerySet) -> CitizenPromiseQuerySet:
        if not self.terms:
            return promises.none()
        condition = Q()
        for term in self.terms:
            condition &= Q(search_entry__folded__contains=term)
        return promises.filter(condition).order_by("-valid_from", "pk")

    def _matches(self, *texts):
        return highlight.contains_all("\n".join(t for t in texts if t), self.terms)

    def _marked(self, text, **options):
        return highlight.mark_words(text, self.terms, **options)

    def bodies(self, promise_ids):
        rows = SearchEntry.objects.filter(promise__in=promise_ids).values_list("promise_id", "body")
        return {pk: self._marked(body) for pk, body in rows}

    def commitments(self, commitments: CommitmentQuerySet, promise_ids):
        rows = [
            c
            for c in commitments.filter(promise__in=promise_ids)
            .select_related("group")
            .order_by(*DOCUMENT_ORDER)
            if self._matches(c.text)
        ]
        return _listed_commitments(rows, lambda c: self._marked(c.text, whole=True))

    def followups(self, promise_ids):
        summaries = [
            f
            for f in FollowUp.objects.published()
            .filter(promise__in=promise_ids)
            .order_by("-year", "-number")
            if self._matches(f.summary)
        ]
        statuses = [
            s
            for s in CommitmentStatus.objects.published()
            .filter(followup__promise__in=promise_ids)
            .select_related("followup", "commitment")
            .order_by("-followup__year", "-followup__number", "pk")
            if self._matches(s.reason, s.comment)
        ]
        summaries = [
            f
            for group in _first(summaries, lambda f: f.promise_id, FOLLOWUPS_PER_DOCUMENT).values()
            for f in group
        ]
        statuses = [
            s
            for group in _first(
                statuses, lambda s: s.followup.promise_id, FOLLOWUPS_PER_DOCUMENT
            ).values()
            for s in group
        ]
        for row in summaries:
            row.headline = row.summary
        for row in statuses:
            row.headline = "\n".join(t for t in (row.reason, row.comment) if t)
        return _followup_groups(summaries, statuses, lambda row: self._marked(row.headline))


def _commitment_groups(rows, excerpt, total):
    groups = defaultdict(Excerpts)
    for row in rows:
        row.excerpt = excerpt(row) or row.text
        group = groups[row.promise_id]
        group.commitments.append(row)
        group.more_commitments = total(row) - len(group.commitments)
    return groups


def _listed_commitments(rows, excerpt):
    """The first few of each document's matching löften (in order), and how many matched."""
    totals = defaultdict(int)
    for row in rows:
        totals[row.promise_id] += 1
    shown = [
        c
        for group in _first(rows, lambda c: c.promise_id, COMMITMENTS_PER_DOCUMENT).values()
        for c in group
    ]
    return _commitment_groups(shown, excerpt, lambda c: totals[c.promise_id])


def _followup_groups(summaries, statuses, excerpt):
    groups = defaultdict(list)
    for row in list(summaries) + list(statuses):
        row.excerpt = excerpt(row)
        if row.excerpt:
            promise_id = row.promise_id if isinstance(row, FollowUp) else row.followup.promise_id
            groups[promise_id].append(row)
    return groups


def engine(text) -> FullTextEngine | ContainsEngine:
    return FullTextEngine(text) if full_text_search() else ContainsEngine(text)


def excerpts(search_engine, promises, commitments: CommitmentQuerySet | None) -> dict:
    """{promise id: Excerpts} for one page of documents (a handful of queries). Without a search
    (`search_engine` None) only the löften that the filters chose are listed."""
    ids = [p.pk for p in promises]
    result = defaultdict(Excerpts)
    if not ids:
        return result
    if search_engine is None:
        if commitments is not None:
            rows = (
                commitments.filter(promise__in=ids)
                .select_related("group")
                .order_by(*DOCUMENT_ORDER)
            )
            result.update(_listed_commitments(list(rows), lambda c: None))
        return result
    bodies = search_engine.bodies(ids)
    found = search_engine.commitments(commitments, ids)
    followups = search_engine.followups(ids)
    for pk in ids:
        entry = found.get(pk) or Excerpts()
        entry.body = bodies.get(pk)
        entry.followups = followups.get(pk, [])
        result[pk] = entry
    return result
