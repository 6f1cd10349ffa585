"""Public downloads: the PDFs (thin views over `loften.pdf.store` and `followup.pdf`) and the
attachments (`loften.attachment_views`), and the public "Verifiera dokument" page."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from followup.pdf import followup_pdf
from loften.attachment_views import attachment_response
from loften.models import Attachment, CitizenPromise
from loften.pdf import promise_pdf, verification

from .cache import cached_pdf
from .forms import SizeLimitUploadHandler, VerifyPdfForm
from .views import followup_by_half_year, public_followup


@require_GET
@cached_pdf
def promise_pdf_download(request, slug, pk):
    """'Ladda ner PDF': published and withdrawn documents only; drafts and signed documents
    that are not yet published are 404, as on their public pages."""
    promise = get_object_or_404(CitizenPromise.objects.published(), pk=pk, municipality__slug=slug)
    return promise_pdf(promise)


@require_GET
def attachment_download(request, slug, pk, attachment_pk):
    """An attachment of a published or withdrawn document; any other is 404, as its page."""
    attachment = get_object_or_404(
        Attachment.objects.published(),
        pk=attachment_pk,
        promise__pk=pk,
        promise__municipality__slug=slug,
    )
    return attachment_response(attachment, public=True)


@require_GET
@cached_pdf
def followup_pdf_download(request, slug, pk, period):
    """A published follow-up of a public document, its period named in words."""
    return followup_pdf(public_followup(slug, pk, period))


@require_GET
def followup_pdf_redirect(request, slug, pk, year, half):
    """The old address of a follow-up's PDF (year and half-year) leads, permanently, to the new
    one."""
    followup = followup_by_half_year(slug, pk, year, half)
    return redirect(
        reverse(
            "loften:followup_pdf", kwargs={"slug": slug, "pk": pk, "period": followup.period.slug}
        ),
        permanent=True,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def verify(request):
    """'Verifiera dokument'. The size limit is enforced while the upload is read, which must be
    set up before the CSRF check reads the body; hence csrf_exempt outside, csrf_protect inside
    (the pattern Django's upload-handler documentation gives)."""
    if request.method == "POST":
        request.upload_handlers.insert(
            0, SizeLimitUploadHandler(request, limit=settings.PDF_VERIFY_MAX_UPLOAD_BYTES)
        )
    return _verify(request)


@csrf_protect
def _verify(request):
    report = None
    status = 200
    if request.method == "POST":
        form = VerifyPdfForm(
            request.POST,
            request.FILES,
            too_large=getattr(request, "pdf_upload_too_large", False),
        )
        if form.is_valid():
            upload = form.cleaned_data["file"]
            report = verification.describe(upload.read())
        else:
            status = 400
    else:
        form = VerifyPdfForm()
    return render(request, "portal/verify.html", {"form": form, "report": report}, status=status)
