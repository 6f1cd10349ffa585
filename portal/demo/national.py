"""Generated national data for measuring: every kommun × N years of published medborgarlöften
with their parties, sections, groups, 6–15 löften, and every due follow-up with a status for each
löfte (`manage.py generate_national_data`).

Written with `bulk_create` in one transaction, so it takes seconds, not hours. That is why the
rows have **no history records** (django-simple-history writes them only on `save()`): the
generated data is for measuring pages and queries, never for reading who changed what.

Every generated document is marked by its case number `MARK` and says in its title that it is
generated; police areas made for kommuner without a shipped one have slugs beginning with
`AREA_SLUG_PREFIX`. `remove()` deletes exactly those rows, and `generate()` calls it first, so a
second run replaces the data instead of adding to it.
"""

import datetime
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from followup.models import (
    RECURRING_STATUSES,
    STATUSES_REQUIRING_REASON,
    CommitmentStatus,
    FollowUp,
    MeasureValue,
    Status,
)
from followup.periods import Period
from followup.progress import STATUS_DECIDES, progress_percent
from loften.models import (
    CitizenPromise,
    Commitment,
    CommitmentGroup,
    DocumentParty,
    FocusArea,
    Measure,
    Section,
    Signatory,
)
from municipalities.models import Municipality, PoliceArea, PoliceRegion

from .. import national as national_figures
from ..models import SearchEntry

MARK = "GENERERAT"
AREA_SLUG_PREFIX = "genererat-"
#: A document applies for this many years from January 1 of its year; a new one starts every
#: year, so a kommun has up to this many in force at once (as with overlapping action plans).
VALIDITY_YEARS = 3
BATCH = 2000

TEXTS = [
    "genomföra trafikkontroller på vägarna in mot centrum",
    "ordna en trygghetsvandring i centrum varje höst",
    "ta fram en gemensam plan mot bedrägerier riktade mot äldre",
    "besöka högstadieskolorna och prata om narkotika",
    "förbättra belysningen vid järnvägsstationen",
    "bjuda in invånarna till medborgardialog varje vår",
    "öka den synliga närvaron på helgkvällar",
    "samverka med fastighetsägarna om trygga bostadsområden",
]
GROUPS = [
    ("Polisen lovar att:", [DocumentParty.Kind.POLICE_AREA]),
    ("Kommunen lovar att:", [DocumentParty.Kind.MUNICIPALITY]),
    (
        "Polisen och kommunen lovar gemensamt att:",
        [DocumentParty.Kind.POLICE_AREA, DocumentParty.Kind.MUNICIPALITY],
    ),
]
SECTIONS = [
    (Section.Kind.SITUATION, "Lägesbild", "Invånarna känner sig otrygga vid stationen."),
    (Section.Kind.COMMITMENTS, "Våra löften", ""),
    (Section.Kind.EFFECTS, "Effekter och mål", "Ökad trygghet i centrum."),
    (Section.Kind.FOLLOWUP_PLAN, "Plan för uppföljning", "Följs upp varje halvår."),
]
REASON = "Genererat skäl."


def remove() -> int:
    """Deletes the generated documents (with everything the generator writes under them) and
    generated police areas; returns the number of documents deleted.

    Plain DELETE statements, table by table: `QuerySet.delete()` would load every row into
    Python to write a history record of its deletion, which takes many minutes for this data.
    A generated document that someone has added other rows to (an attachment, an approval) is
    refused by the database's foreign keys, and nothing is deleted."""
    with transaction.atomic():
        promises = CitizenPromise.objects.filter(case_number=MARK)
        count = promises.count()
        commitments = Commitment.objects.filter(promise__in=promises)
        areas = PoliceArea.objects.filter(slug__startswith=AREA_SLUG_PREFIX)
        for queryset in (
            # Built by `rebuild_search_index` after a run; without this a second run failed.
            SearchEntry.objects.filter(promise__in=promises),
            MeasureValue.objects.filter(status__followup__promise__in=promises),
            CommitmentStatus.objects.filter(followup__promise__in=promises),
            FollowUp.objects.filter(promise__in=promises),
            Measure.objects.filter(promise__in=promises),
            Commitment.parties.through.objects.filter(commitment__in=commitments),
            Commitment.focus_areas.through.objects.filter(commitment__in=commitments),
            commitments,
            CommitmentGroup.objects.filter(promise__in=promises),
            Section.objects.filter(promise__in=promises),
            Signatory.objects.filter(promise__in=promises),
            DocumentParty.objects.filter(promise__in=promises),
            promises,
            PoliceArea.municipalities.through.objects.filter(policearea__in=areas),
            areas,
        ):
            queryset._raw_delete(queryset.db)
        national_figures.invalidate()  # written without signals
    return count


def _police_areas(municipalities: list[Municipality]) -> dict[int, PoliceArea]:
    """A police area per kommun: a shipped one that serves it, else a generated one (called
    after `remove()`, so every area linked to a kommun is a shipped one)."""
    links = PoliceArea.municipalities.through.objects.order_by("policearea_id")
    areas = dict(links.values_list("municipality_id", "policearea_id"))
    shipped = PoliceArea.objects.in_bulk(set(areas.values()))
    result = {m: shipped[a] for m, a in areas.items()}
    region = PoliceRegion.objects.order_by("pk").first()
    missing = [m for m in municipalities if m.pk not in result]
    created = PoliceArea.objects.bulk_create(
        PoliceArea(
            name=f"Genererat lokalpolisområde {m.name}",
            slug=f"{AREA_SLUG_PREFIX}{m.slug}",
            region=region,
        )
        for m in missing
    )
    PoliceArea.municipalities.through.objects.bulk_create(
        PoliceArea.municipalities.through(policearea_id=a.pk, municipality_id=m.pk)
        for m, a in zip(missing, created, strict=True)
    )
    result.update({m.pk: a for m, a in zip(missing, created, strict=True)})
    return result


def generate(
    years: int, *, today: datetime.date | None = None, seed: int = 16, log: Callable = print
) -> dict[str, int]:
    """Generates the data for the `years` years ending with today's; returns the row counts."""
    today = today or timezone.localdate()
    # Generated test data, not a secret: a seeded generator makes a run repeatable.
    rng = random.Random(seed)  # nosec B311
    now = timezone.now()
    with transaction.atomic():
        remove()
        municipalities = list(Municipality.objects.order_by("code"))
        areas = _police_areas(municipalities)
        focus_areas = list(FocusArea.objects.values_list("pk", flat=True))
        first_year = today.year - years + 1
        promises = CitizenPromise.objects.bulk_create(
            [
                CitizenPromise(
                    municipality=m,
                    police_area=areas[m.pk],
                    title=f"Medborgarlöfte {m.long_name} {year} (genererade testdata)",
                    valid_from=datetime.date(year, 1, 1),
                    valid_until=datetime.date(year + VALIDITY_YEARS - 1, 12, 31),
                    state=CitizenPromise.State.PUBLISHED,
                    case_number=MARK,
                    signed_on=datetime.date(year - 1, 12, 15),
                    signed_at=now,
                    published_at=timezone.make_aware(
                        datetime.datetime(year, 1, 1, 12), datetime.UTC
                    ),
                )
                for year in range(first_year, today.year + 1)
                for m in municipalities
            ],
            batch_size=BATCH,
        )
        log(f"{len(promises)} medborgarlöften …")
        parties = DocumentParty.objects.bulk_create(
            [
                party
                for p in promises
                for party in (
                    DocumentParty(
                        promise=p,
                        kind=DocumentParty.Kind.MUNICIPALITY,
                        municipality=p.municipality,
                        name=p.municipality.long_name,
                        order=0,
                    ),
                    DocumentParty(
                        promise=p,
                        kind=DocumentParty.Kind.POLICE_AREA,
                        police_area=p.police_area,
                        name=p.police_area.name,
                        order=1,
                    ),
                )
            ],
            batch_size=BATCH,
        )
        party_of = {(party.promise_id, party.kind): party.pk for party in parties}
        Section.objects.bulk_create(
            [
                Section(promise=p, kind=kind, heading=heading, body=body, order=order)
                for p in promises
                for order, (kind, heading, body) in enumerate(SECTIONS)
            ],
            batch_size=BATCH,
        )
        Signatory.objects.bulk_create(
            [
                Signatory(promise=p, name=name, title=title, organisation=organisation, order=o)
                for p in promises
                for o, (name, title, organisation) in enumerate(
                    [
                        ("Karin Sjöberg", "kommunstyrelsens ordförande", p.municipality.long_name),
                        ("Mikael Berglund", "lokalpolisområdeschef", p.police_area.name),
                    ]
                )
            ],
            batch_size=BATCH,
        )
        groups = CommitmentGroup.objects.bulk_create(
            [
                CommitmentGroup(promise=p, lead_in=lead_in, order=order)
                for p in promises
                for order, (lead_in, _kinds) in enumerate(GROUPS)
            ],
            batch_size=BATCH,
        )
        commitments, kinds_of, targets = [], [], []
        for i, p in enumerate(promises):
            for n in range(rng.randint(6, 15)):
                g = n % len(GROUPS)
                measured = rng.random() < 0.4
                commitments.append(
                    Commitment(
                        promise=p,
                        group=groups[i * len(GROUPS) + g],
                        text=f"{TEXTS[rng.randrange(len(TEXTS))]} (löfte {n + 1})",
                        order=n,
                    )
                )
                kinds_of.append(GROUPS[g][1])
                targets.append(rng.choice([10, 20, 50]) if measured else None)
        commitments = Commitment.objects.bulk_create(commitments, batch_size=BATCH)
        measures = Measure.objects.bulk_create(
            [
                Measure(promise_id=c.promise_id, commitment=c, name="kontroller", target=target)
                for c, target in zip(commitments, targets, strict=True)
                if target is not None
            ],
            batch_size=BATCH,
        )
        measure_of = {m.commitment_id: m for m in measures}
        log(f"{len(commitments)} löften …")
        Commitment.parties.through.objects.bulk_create(
            [
                Commitment.parties.through(
                    commitment_id=c.pk, documentparty_id=party_of[(c.promise_id, kind)]
                )
                for c, kinds in zip(commitments, kinds_of, strict=True)
                for kind in kinds
            ],
            batch_size=BATCH,
        )
        if focus_areas:
            Commitment.focus_areas.through.objects.bulk_create(
                [
                    Commitment.focus_areas.through(
                        commitment_id=c.pk, focusarea_id=rng.choice(focus_areas)
                    )
                    for c in commitments
                ],
                batch_size=BATCH,
            )
        followups = [
            FollowUp(
                promise=p,
                year=h.year,
                number=h.number,
                state=FollowUp.State.PUBLISHED,
                published_at=now,
                published_by=None,
                summary=f"Sammanfattning för {h}.",
            )
            for p in promises
            for h in Period.between(p)
            if h.end < today
        ]
        last = {f.promise_id: f for f in followups}  # in order: the last is the latest
        for f in last.values():
            f.is_latest = True
        followups = FollowUp.objects.bulk_create(followups, batch_size=BATCH)
        log(f"{len(followups)} uppföljningar …")
        by_promise: dict[int, list[Commitment]] = {}
        for c in commitments:
            by_promise.setdefault(c.promise_id, []).append(c)
        statuses, achieved_of = [], []
        vocabulary = [s for s in Status if s not in RECURRING_STATUSES]
        for f in followups:
            for c in by_promise[f.promise_id]:
                status = rng.choice(vocabulary)
                measure = measure_of.get(c.pk)
                achieved = None
                if measure is not None and status not in STATUS_DECIDES:
                    achieved = rng.randint(0, int(measure.target))
                statuses.append(
                    CommitmentStatus(
                        followup=f,
                        commitment=c,
                        status=status,
                        reason=REASON if status in STATUSES_REQUIRING_REASON else "",
                        # The rule itself (no rows to read back: the figures are at hand).
                        progress=progress_percent(
                            status, measured=[(achieved, measure.target if measure else None)]
                        ),
                        is_latest=last[f.promise_id] is f,
                    )
                )
                achieved_of.append((measure, achieved))
        statuses = CommitmentStatus.objects.bulk_create(statuses, batch_size=BATCH)
        MeasureValue.objects.bulk_create(
            [
                MeasureValue(status=row, measure=measure, value=achieved)
                for row, (measure, achieved) in zip(statuses, achieved_of, strict=True)
                if achieved is not None
            ],
            batch_size=BATCH,
        )
        national_figures.invalidate()  # written without signals
    return {
        "municipalities": len(municipalities),
        "police_areas_generated": sum(
            1 for a in areas.values() if a.slug.startswith(AREA_SLUG_PREFIX)
        ),
        "promises": len(promises),
        "commitments": len(commitments),
        "followups": len(followups),
        "statuses": len(statuses),
    }
