from django.contrib.contenttypes.models import ContentType
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
