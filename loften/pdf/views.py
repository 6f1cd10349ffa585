"""Serve: thin views over `store.py` (public downloads, the staff export) and the public
"Verifiera dokument" page."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from followup.models import FollowUp
from followup.pdf import followup_pdf

from ..models import CitizenPromise
from . import verification
from .export import export_promise_pdf
from .forms import SizeLimitUploadHandler, VerifyPdfForm
from .response import pdf_response
from .store import promise_pdf


@require_GET
def promise_pdf_download(request, slug, pk):
    """'Ladda ner PDF': published and withdrawn documents only; drafts and signed documents
    that are not yet published are 404, as on their public pages."""
    promise = get_object_or_404(CitizenPromise.objects.published(), pk=pk, municipality__slug=slug)
    return pdf_response(promise_pdf(promise), public=True)


@require_GET
def followup_pdf_download(request, slug, pk, year, half):
    """A published follow-up of a public document."""
    followup = get_object_or_404(
        FollowUp.objects.filter(
            state=FollowUp.State.PUBLISHED, promise__state__in=CitizenPromise.PUBLIC_STATES
        ),
        promise__pk=pk,
        promise__municipality__slug=slug,
        year=year,
        half=half,
    )
    return pdf_response(followup_pdf(followup), public=True)


@require_GET
def _promise_pdf_export(request, pk):
    """'Exportera undertecknad PDF' from the admin."""
    promise = get_object_or_404(CitizenPromise, pk=pk)
    try:
        stored = export_promise_pdf(promise=promise, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(reverse("admin:loften_citizenpromise_change", args=[promise.pk]))
    return pdf_response(stored)


# Behind the admin's own gate, so two-factor sign-in applies here too.
promise_pdf_export = admin.site.admin_view(_promise_pdf_export)


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
    return render(request, "loften/verify.html", {"form": form, "report": report}, status=status)
