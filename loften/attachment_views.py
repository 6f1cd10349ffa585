"""Downloading an attachment (bilaga). Files are never served from the media folder: every
download goes through a view that checks who may see the document. The public download is the
public site's (`portal.pdf_views.attachment_download`: public documents only); the staff
download here serves the members of a party, drafts included."""

from django.contrib import admin
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .models import Attachment, CitizenPromise


def attachment_response(attachment: Attachment, *, public: bool) -> FileResponse:
    """The file, with the content type its content was recognised as, under a name made of its
    title. A public download may be cached briefly, a staff download only privately."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.download_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def _attachment_staff(request, pk):
    """Another organisation's attachment, in any state, is the same 404 as a missing one."""
    attachment = get_object_or_404(
        Attachment.objects.filter(promise__in=CitizenPromise.objects.visible_to(request.user)),
        pk=pk,
    )
    return attachment_response(attachment, public=False)


# Behind the admin's own gate, so two-factor sign-in applies here too.
attachment_staff = admin.site.admin_view(_attachment_staff)
