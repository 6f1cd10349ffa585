"""A löfte's status in one follow-up, by reporting party (rapporterande part).

A status row (`CommitmentStatus`) is either for the whole löfte, gemensamt (`party` empty), or
one party's part of it. A löfte promised by several parties may be reported in parts, each
party its own status, reason and comment; a party of it that has no part yet has not reported.
This module is the one place that turns a löfte's rows into what the pages and the PDF show
(`Reported`), and that names a part ("Polisens del", "Kommunen har inte rapporterat ännu").
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from loften.models import DocumentParty

PART_LABELS = {
    DocumentParty.Kind.MUNICIPALITY: (
        lambda: _("Kommunens del"),
        lambda: _("Kommunen har inte rapporterat ännu"),
    ),
    DocumentParty.Kind.POLICE_AREA: (
        lambda: _("Polisens del"),
        lambda: _("Polisen har inte rapporterat ännu"),
    ),
}


def part_label(party: DocumentParty | None) -> str:
    """The heading of a party's part: by its kind for the kommun and the police, else by the
    name the document gives it; "Gemensamt" for a status of the whole löfte."""
    if party is None:
        return _("Gemensamt")
    if party.kind in PART_LABELS:
        return PART_LABELS[party.kind][0]()
    return _("Del för %(party)s") % {"party": party.name}


def not_reported_label(party: DocumentParty) -> str:
    if party.kind in PART_LABELS:
        return PART_LABELS[party.kind][1]()
    return _("%(party)s har inte rapporterat ännu") % {"party": party.name}


def _same(a, b) -> bool:
    """Whether two parts say the same: status, texts, circumstance and figures (the count and
    the figure computed from the measure values, `progress`)."""

    def said(row):
        return (row.status, row.reason, row.comment, row.circumstance_id, row.count, row.progress)

    return said(a) == said(b)


@dataclass
class Reported:
    """One löfte's rows in one follow-up, in the document's order of parties, and the parties
    of the löfte that have not reported their part yet."""

    commitment: object
    parts: list = field(default_factory=list)
    missing: list = field(default_factory=list)

    @property
    def main(self):
        """The row that stands for the löfte where one figure is shown (the first part)."""
        return self.parts[0] if self.parts else None

    @property
    def divided(self) -> bool:
        """Whether the parts are shown apart: a party has not reported, or the parts differ.
        Parts that all say the same are shown once."""
        if self.missing:
            return True
        if len(self.parts) < 2:
            return False
        return not all(_same(self.parts[0], part) for part in self.parts[1:])

    @property
    def shown(self):
        """What the page lists: (label, row) for each part and (label, None) for each party
        that has not reported yet; one unlabelled row when the parts are not divided."""
        if not self.divided:
            return [("", self.main)] if self.main else []
        return [(part_label(part.party), part) for part in self.parts] + [
            (not_reported_label(party), None) for party in self.missing
        ]


def reported(commitment, rows) -> Reported:
    """`rows` are the löfte's statuses in one follow-up, their `party` loaded; the löfte's
    `parties` prefetched. A löfte reported in parts lists the parties without a part as
    missing; a status of the whole löfte leaves none missing."""
    parties = commitment.party_rows()
    order = {party.pk: index for index, party in enumerate(parties)}
    parts = sorted(rows, key=lambda row: order.get(row.party_id, -1))
    missing = []
    if parts and all(part.party_id is not None for part in parts) and len(parties) > 1:
        done = {part.party_id for part in parts}
        missing = [party for party in parties if party.pk not in done]
    return Reported(commitment=commitment, parts=parts, missing=missing)


def reported_by_commitment(commitments, statuses) -> list[Reported]:
    """`reported` for each of `commitments` (in their order) from one follow-up's `statuses`."""
    by_commitment = {}
    for status in statuses:
        by_commitment.setdefault(status.commitment_id, []).append(status)
    return [reported(c, by_commitment.get(c.pk, [])) for c in commitments]


def other_work_by_party(followup) -> list[tuple]:
    """A follow-up's other work (övrigt arbete) as (party, items) in the document's order of
    parties (one query)."""
    by_party = {}
    for item in followup.other_work.select_related("party").order_by(
        "party__order", "party_id", "order", "pk"
    ):
        by_party.setdefault(item.party, []).append(item)
    return list(by_party.items())
