from django import forms
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF_MAGIC = b"%PDF-"


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops reading an upload past the limit, so an oversized file is neither kept in memory
    nor written to disk. Marks the request so the form can say why the file is missing."""

    def __init__(self, request=None, *, limit):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > self.limit + 64 * 1024:
            self.request.pdf_upload_too_large = True

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        if getattr(self.request, "pdf_upload_too_large", False):
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.pdf_upload_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


class VerifyPdfForm(forms.Form):
    file = forms.FileField(
        label=_("PDF-fil"),
        help_text=_("Den PDF du har laddat ner eller fått, högst %(size)s."),
        error_messages={"required": _("Välj en PDF-fil att kontrollera.")},
    )

    def __init__(self, *args, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        if too_large:
            # The upload handler dropped the file; say why instead of "choose a file".
            self.fields["file"].required = False
        self.fields["file"].help_text = self.fields["file"].help_text % {
            "size": filesizeformat(settings.PDF_VERIFY_MAX_UPLOAD_BYTES)
        }

    def clean(self):
        if self.too_large:
            raise forms.ValidationError(self.size_message(), code="too_large")
        return super().clean()

    def size_message(self):
        return _("Filen är för stor. Den största fil som kan kontrolleras är %(size)s.") % {
            "size": filesizeformat(settings.PDF_VERIFY_MAX_UPLOAD_BYTES)
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None:
            return None
        if upload.size > settings.PDF_VERIFY_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(self.size_message(), code="too_large")
        upload.seek(0)
        head = upload.read(1024)
        upload.seek(0)
        if PDF_MAGIC not in head:
            raise forms.ValidationError(
                _("Filen är inte en PDF. Välj den PDF-fil du vill kontrollera."), code="not_pdf"
            )
        return upload
