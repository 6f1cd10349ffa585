"""Serve, for staff: the admin's "Exportera undertecknad PDF". The public downloads and the
verification page are the public site's (`portal.pdf_views`)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from ..models import CitizenPromise
from .export import export_promise_pdf
from .response import pdf_response


@require_GET
def _promise_pdf_export(request, pk):
    """'Exportera undertecknad PDF' from the admin.

    Who may see the document is decided first: another organisation's document, in any state,
    is the same 404 as a missing id, so the answer tells nothing of its state or its title."""
    promise = get_object_or_404(CitizenPromise.objects.visible_to(request.user), pk=pk)
    try:
        stored = export_promise_pdf(promise=promise, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(reverse("admin:loften_citizenpromise_change", args=[promise.pk]))
    return pdf_response(stored)


# Behind the admin's own gate, so two-factor sign-in applies here too.
promise_pdf_export = admin.site.admin_view(_promise_pdf_export)
