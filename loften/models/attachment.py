"""A bilaga of a medborgarlöfte (an action plan, a map …): part of the document's content, edited
only inside it (`loften.services`) and frozen with it. The rules on its file are
`loften.attachments`."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipalities.history import AuthoredHistoricalRecords

from .. import attachments, lifecycle
from .document import CitizenPromise


def _upload_to(instance: "Attachment", filename: str) -> str:
    return attachments.storage_name(instance.sha256, instance.content_type)


class AttachmentFile(FieldFile):
    """The stored file. Its address is the staff download (`loften:attachment_staff`), which
    checks who may see the document: the media folder itself is never served."""

    @property
    def url(self):
        return reverse("loften:attachment_staff", args=[self.instance.pk])


class AttachmentFileField(models.FileField):
    attr_class = AttachmentFile


class AttachmentQuerySet(models.QuerySet):
    def published(self):
        """Attachments of documents citizens may see."""
        return self.filter(promise__state__in=lifecycle.PUBLIC_STATES)


class Attachment(models.Model):
    """A file attached to a medborgarlöfte: PDF, DOCX or ODT, stored by its content's hash."""

    promise = models.ForeignKey(
        CitizenPromise,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("medborgarlöfte"),
    )
    title = models.CharField(
        _("titel"),
        max_length=200,
        help_text=_("Som dokumentet kallar bilagan, t.ex. Handlingsplan."),
    )
    file = AttachmentFileField(
        _("fil"),
        upload_to=_upload_to,
        max_length=200,
        help_text=_("PDF, Word-dokument (DOCX) eller OpenDocument-text (ODT)."),
    )
    # What the content is, read from the file itself when it is uploaded (`clean()`).
    content_type = models.CharField(_("filtyp"), max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("storlek (byte)"), default=0, editable=False)
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, blank=True, editable=False, db_index=True
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = AuthoredHistoricalRecords()
    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self._examine_new_file()
        if self.file and not self.file._committed:
            name = attachments.storage_name(self.sha256, self.content_type)
            if self.file.storage.exists(name):
                # The same content is already stored: refer to it, store nothing again.
                self.file.name = name
                self.file._committed = True
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "loften:attachment",
            kwargs={
                "slug": self.promise.municipality.slug,
                "pk": self.promise_id,
                "attachment_pk": self.pk,
            },
        )

    @property
    def kind_label(self) -> str:
        kind = attachments.KINDS.get(self.content_type)
        return str(kind.label) if kind else self.content_type

    @property
    def size_label(self) -> str:
        return filesizeformat(self.size)

    @property
    def download_name(self) -> str:
        """The file name offered when downloading: the title and the kind's extension."""
        kind = attachments.KINDS.get(self.content_type)
        extension = kind.extension if kind else "bin"
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in self.title).strip()
        return f"{safe or 'bilaga'}.{extension}"

    def _examine_new_file(self):
        """A file just uploaded: check it and record what it is (`loften.attachments`)."""
        if self.file and not self.file._committed:
            examined = attachments.examine(self.file.file)
            self.content_type = examined.content_type
            self.size = examined.size
            self.sha256 = examined.sha256

    def clean(self):
        super().clean()
        try:
            self._examine_new_file()
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
