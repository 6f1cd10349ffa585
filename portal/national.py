"""The country's figures, stored: the start page's (kommuner with a medborgarlöfte in force, the
löften in those documents, their average progress by the latest follow-ups), the statistics
page's (the average progress of every löfte in force by its latest status, per focus area and
per län) and the list of focus areas' (the published löften in each).

Computing them reads every document in force in the country (a few hundred milliseconds with
national data), so pages read them from the one `NationalFigures` row instead (one query), and
compute and store them only when the row is not right for today:

- the row names the day it was computed for (documents come into and go out of force by date),
  and the `VERSION` of what it holds (a release that stores more computes it again);
- every save or deletion of a row that the figures read (documents, löften, their focus areas,
  follow-ups, statuses, kommuner and län) counts `generation` up through the signals connected
  in `connect()`, inside the writer's transaction, so the change and the new generation become
  visible together. Writes that send no signals (`bulk_create`, `QuerySet.update`) call
  `invalidate()` themselves (the national data generator does).

The generation is read before the figures are computed and the result is stored only if it is
still the current one, so figures computed from data that changed meanwhile are never kept.
"""

import datetime
from collections import defaultdict

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from followup.charts import percent_bars
from followup.models import CommitmentStatus, FollowUp, MeasureValue
from followup.progress import average_of, average_progress
from followup.selectors import commitments_with_latest_status, promises_with_progress
from loften.models import CitizenPromise, Commitment, FocusArea, LocalFocusArea, Measure
from municipalities.models import County, Municipality

from .models import NationalFigures

ROW = 1


def _in_force(today: datetime.date):
    return CitizenPromise.objects.in_force().current(today)


def start_page_figures(today: datetime.date) -> dict:
    current = _in_force(today)
    latest_followups = promises_with_progress(current).values("latest_followup_pk")
    return {
        "municipalities": current.values("municipality").distinct().count(),
        "commitments": Commitment.objects.filter(promise__in=current).count(),
        "progress": average_progress(
            CommitmentStatus.objects.filter(followup__in=latest_followups)
        ),
    }


def progress_rows(today: datetime.date) -> dict:
    """(name, average progress, number of löften) per focus area and per län, by name."""
    commitments = commitments_with_latest_status(
        Commitment.objects.filter(promise__in=_in_force(today))
    )

    def grouped(rows):
        groups = defaultdict(list)
        for percent, key in rows:
            groups[key].append(percent)
        return [
            [key, average_of(percents), len(percents)] for key, percents in sorted(groups.items())
        ]

    figures = ("latest_progress",)  # each status's stored figure (followup.progress)
    # A löfte counts once per national area, whether tagged directly or through the document's
    # own focus areas mapped to it (`CommitmentQuerySet.in_focus_area`).
    in_area = {
        (row[0], row[-1]): row[1:-1]
        for path in ("focus_areas__name", "local_focus_areas__national_focus_areas__name")
        for row in commitments.filter(**{f"{path}__isnull": False}).values_list(
            "pk", *figures, path
        )
    }
    return {
        "by_focus_area": grouped((*values, name) for (_pk, name), values in in_area.items()),
        "by_county": grouped(
            commitments.values_list(*figures, "promise__municipality__county__name")
        ),
    }


def focus_area_counts() -> dict:
    """{slug: the published löften in the area} for the list of focus areas (each löfte once,
    by the rule of `CommitmentQuerySet.in_focus_area`): one count per area over the whole
    country, so stored rather than counted per request."""
    return dict(
        FocusArea.objects.with_published_commitment_count().values_list("slug", "commitment_count")
    )


#: What `compute` returns, numbered: raise it when that changes, so that a row stored by an
#: earlier release is computed again instead of read without what the pages now expect.
VERSION = 2


def compute(today: datetime.date) -> dict:
    return {
        "version": VERSION,
        "start_page": start_page_figures(today),
        **progress_rows(today),
        "focus_area_counts": focus_area_counts(),
    }


def stored(today: datetime.date | None = None) -> dict:
    """The figures for `today`: the stored row when it is right, else computed (and stored)."""
    today = today or timezone.localdate()
    row, _created = NationalFigures.objects.get_or_create(pk=ROW)
    if (
        row.day == today
        and row.computed_generation == row.generation
        and row.data.get("version") == VERSION
    ):
        return row.data
    data = compute(today)
    NationalFigures.objects.filter(pk=ROW, generation=row.generation).update(
        day=today, computed_generation=row.generation, data=data
    )
    return data


def national_progress(today: datetime.date | None = None) -> dict:
    """The statistics page's charts: the average progress of every löfte in documents in force
    today, by its latest status (see followup.progress), per focus area and per län."""
    figures = stored(today)
    return {
        "by_focus_area": percent_bars(figures["by_focus_area"]),
        "by_county": percent_bars(figures["by_county"]),
    }


def invalidate(**_signal) -> None:
    """Counts the generation up: the stored figures are recomputed on their next read."""
    NationalFigures.objects.filter(pk=ROW).update(generation=F("generation") + 1)


#: The rows the figures read: a save or deletion of any of them may change them.
WATCHED = (
    CitizenPromise,
    Commitment,
    Measure,
    FocusArea,
    LocalFocusArea,
    FollowUp,
    CommitmentStatus,
    MeasureValue,
)
WATCHED_REFERENCE_DATA = (Municipality, County)


def connect() -> None:
    """Called once by `PortalConfig.ready`."""
    for model in WATCHED + WATCHED_REFERENCE_DATA:
        post_save.connect(invalidate, sender=model, dispatch_uid=f"national-save-{model.__name__}")
        post_delete.connect(
            invalidate, sender=model, dispatch_uid=f"national-delete-{model.__name__}"
        )
    for through in (
        Commitment.focus_areas.through,
        Commitment.local_focus_areas.through,
        LocalFocusArea.national_focus_areas.through,
    ):
        m2m_changed.connect(invalidate, sender=through, dispatch_uid=f"national-m2m-{through}")
