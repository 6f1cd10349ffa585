from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from .alerts.models import AlertSent, Subscription  # noqa: F401  (e-mail alerts' own module)


class DemoObject(models.Model):
    """A row that the demo loader (`portal.demo.load_demo`) created.

    The loader changes and deletes only rows marked here. A user, police area, document or
    follow-up that merely has the demo's natural key (a user name, a municipality and start date)
    belongs to someone else and is left alone, however alike it looks. The mark lives beside the
    rows rather than in a field of each model, so that the demo stays the portal's business and
    the models below it know nothing of it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()

    class Meta:
        verbose_name = _("demoobjekt")
        verbose_name_plural = _("demoobjekt")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="demoobject_one_mark_per_row"
            )
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id}"


class SearchEntry(models.Model):
    """What the search at /sok/ finds a public medborgarlöfte by: its text, gathered from the
    document, its parts and its published follow-ups, weighted by where it stands.

    Derived data, kept by `portal.search.index` (on every save of the rows it is built from, and
    by `manage.py rebuild_search_index`): only public documents have an entry, and only published
    follow-ups are in it. On PostgreSQL `vector` is a stored `tsvector` in the Swedish
    configuration with a GIN index (migration 0003), so ranking reads it instead of parsing every
    matching document again; other databases use `folded`, the same text case-folded."""

    promise = models.OneToOneField(
        "loften.CitizenPromise",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
    )
    #: Title, municipality, police area (weight A).
    heading = models.TextField(blank=True)
    #: The löften (weight B).
    commitments = models.TextField(blank=True)
    #: Lägesbild, effects, follow-up plan, sources and places (weight C); the document's excerpt.
    body = models.TextField(blank=True)
    #: Summaries, reasons and comments of published follow-ups (weight D).
    followups = models.TextField(blank=True)
    vector = SearchVectorField(null=True)
    folded = models.TextField(blank=True)

    def __str__(self):
        return str(self.promise_id)


class NationalFigures(models.Model):
    """The country's figures as last computed (`portal.national`): one row, read by the start
    page and the statistics page instead of aggregating every document in force per request.

    `data` is right for `day` as long as `computed_generation` equals `generation`; every change
    that can alter the figures counts `generation` up (`portal.national.invalidate`). Derived
    data, recomputed from the documents at any time: it has no history."""

    generation = models.PositiveBigIntegerField(default=0)
    computed_generation = models.PositiveBigIntegerField(null=True, blank=True)
    day = models.DateField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("nationella siffror")
        verbose_name_plural = _("nationella siffror")

    def __str__(self):
        return f"{self.day} ({self.computed_generation}/{self.generation})"
