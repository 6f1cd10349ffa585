from django.http import FileResponse


def pdf_response(stored, *, as_attachment=True, public=False):
    """Serve a StoredPdf. Its bytes never change under its name; a public download may be
    cached briefly, a staff export only privately."""
    response = FileResponse(
        stored.open(),
        as_attachment=as_attachment,
        filename=stored.filename,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response
