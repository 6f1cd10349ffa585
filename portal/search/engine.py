"""Matching, ranking and excerpts. On PostgreSQL: Swedish full-text search over the stored
vectors of `SearchEntry` (stemming: "bedrägerierna" finds "Bedrägerier"), ranked with
`SearchRank`, excerpts from `SearchHeadline`. Elsewhere (SQLite in development): every word of
the search must occur in the entry's case-folded text, newest documents first.

Excerpts are fetched for one page of documents at a time, in a fixed number of plain queries:
each engine reads the page's matching löften, follow-up summaries and status texts as values
(no model instances; on PostgreSQL with each text's headline), and `excerpts` keeps the first
few of each document, counts the rest and makes HTML of only the rows it keeps."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat

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
#: What a listed löfte shows (`FoundCommitment`), read as values.
COMMITMENT_VALUES = ("pk", "promise_id", "group__lead_in", "text", "latest_status")
SUMMARY_VALUES = ("promise_id", "year", "number")
STATUS_VALUES = ("followup__promise_id", "followup__year", "followup__number")


@dataclass
class FoundCommitment:
    """A löfte listed under its document: the filters chose it, or it matched the search."""

    pk: int
    promise_id: int
    lead_in: str
    text: str
    latest_status: str | None
    excerpt: str | None = None  # HTML: the text with the matches marked
    url: str = ""  # set by the view (`portal.views.address_maker`)


@dataclass
class FoundFollowUpText:
    """A follow-up's summary, or a status's reason and comment, that matched the search."""

    promise_id: int
    year: int
    number: int
    excerpt: str | None = None  # HTML
    period: object = None  # its `followup.periods.Period`, set by the view
    url: str = ""  # the follow-up's page, set by the view


@dataclass
class Excerpts:
    """What one document on the page shows of why it was found."""

    body: str | None = None
    commitments: list = field(default_factory=list)  # FoundCommitment
    more_commitments: int = 0
    followups: list = field(default_factory=list)  # FoundFollowUpText


class FullTextEngine:
    """PostgreSQL. Each matching row's headline is made in the same query that finds it: the
    texts are short (a löfte, a summary, a status's reason and comment)."""

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

    def _matching(self, queryset, texts, values, **options):
        """`values` and the headline of each row of `queryset` whose `texts` match."""
        text = texts[0]
        if len(texts) > 1:
            text = Concat(texts[0], Value("\n"), texts[1], output_field=TextField())
        return (
            queryset.alias(document=SearchVector(*texts, config=CONFIG))
            .filter(document=self.query)
            .annotate(headline=self._headline(text, **options))
            .values_list(*values, "headline")
        )

    def commitments(self, commitments: CommitmentQuerySet):
        rows = self._matching(commitments, ["text"], COMMITMENT_VALUES, highlight_all=True)
        return [(FoundCommitment(*row[:-1]), row[-1]) for row in rows]

    def summaries(self, followups):
        rows = self._matching(
            followups, ["summary"], SUMMARY_VALUES, max_fragments=1, max_words=30, min_words=12
        )
        return [(FoundFollowUpText(*row[:-1]), row[-1]) for row in rows]

    def statuses(self, statuses):
        rows = self._matching(statuses, ["reason", "comment"], STATUS_VALUES, highlight_all=True)
        return [(FoundFollowUpText(*row[:-1]), row[-1]) for row in rows]

    def mark(self, headline, *, whole=False):
        # The headline's options (in the query) decide how much of the text it holds.
        return highlight.as_html(headline)


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

    def bodies(self, promise_ids):
        rows = SearchEntry.objects.filter(promise__in=promise_ids).values_list("promise_id", "body")
        return {pk: self.mark(body) for pk, body in rows}

    def _matching(self, rows):
        """(row, its text) for each of `rows` (values, the texts last) whose text has every
        word."""
        found = []
        for *values, text in rows:
            if highlight.contains_all(text, self.terms):
                found.append((values, text))
        return found

    def commitments(self, commitments: CommitmentQuerySet):
        rows = self._matching(commitments.values_list(*COMMITMENT_VALUES, "text"))
        return [(FoundCommitment(*values), text) for values, text in rows]

    def summaries(self, followups):
        rows = self._matching(followups.values_list(*SUMMARY_VALUES, "summary"))
        return [(FoundFollowUpText(*values), text) for values, text in rows]

    def statuses(self, statuses):
        texts = statuses.values_list(*STATUS_VALUES, "reason", "comment")
        rows = self._matching(
            (*values, "\n".join(text for text in (reason, comment) if text))
            for *values, reason, comment in texts
        )
        return [(FoundFollowUpText(*values), text) for values, text in rows]

    def mark(self, text, *, whole=False):
        return highlight.mark_words(text, self.terms, whole=whole)


def engine(text) -> FullTextEngine | ContainsEngine:
    return FullTextEngine(text) if full_text_search() else ContainsEngine(text)


def _kept(rows, limit):
    """The first `limit` of each document's (row, text) pairs, in their order, and how many each
    document has."""
    kept, totals = [], Counter()
    for row, text in rows:
        totals[row.promise_id] += 1
        if totals[row.promise_id] <= limit:
            kept.append((row, text))
    return kept, totals


def excerpts(search_engine, promises, commitments: CommitmentQuerySet | None) -> dict:
    """{promise id: Excerpts} for one page of documents (a handful of queries). Without a search
    (`search_engine` None) only the löften that the filters chose are listed."""
    ids = [p.pk for p in promises]
    result = defaultdict(Excerpts)
    if not ids:
        return result
    if commitments is not None:
        listed = commitments.filter(promise__in=ids).order_by(*DOCUMENT_ORDER)
        if search_engine is None:
            rows = [(FoundCommitment(*row), None) for row in listed.values_list(*COMMITMENT_VALUES)]
        else:
            rows = search_engine.commitments(listed)
        kept, totals = _kept(rows, COMMITMENTS_PER_DOCUMENT)
        for row, text in kept:
            if text is not None:
                row.excerpt = search_engine.mark(text, whole=True)
            result[row.promise_id].commitments.append(row)
        for pk, entry in result.items():
            entry.more_commitments = totals[pk] - len(entry.commitments)
    if search_engine is None:
        return result
    for pk, body in search_engine.bodies(ids).items():
        result[pk].body = body
    summaries = FollowUp.objects.published().filter(promise__in=ids).order_by("-year", "-number")
    statuses = (
        CommitmentStatus.objects.published()
        .filter(followup__promise__in=ids)
        .order_by("-followup__year", "-followup__number", "pk")
    )
    for rows in (search_engine.summaries(summaries), search_engine.statuses(statuses)):
        # The newest few of each document, shown in the order of the periods.
        kept, _ = _kept(rows, FOLLOWUPS_PER_DOCUMENT)
        for row, text in sorted(kept, key=lambda pair: (pair[0].year, pair[0].number)):
            row.excerpt = search_engine.mark(text)
            if row.excerpt:
                result[row.promise_id].followups.append(row)
    return result
