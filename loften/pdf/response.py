from django.http import FileResponse


def pdf_response(stored, *, as_attachment=True, public=False):
    """Serve a StoredPdf. Its bytes never change under its name, but the name a public address
    serves does (a withdrawal, a new certificate): browsers may keep a public download but ask
    each time whether it is still current (portal/cache.py answers with its ETag); a staff
    export is never stored."""
    response = FileResponse(
        stored.open(),
        as_attachment=as_attachment,
        filename=stored.filename,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "public, no-cache" if public else "private, no-store"
    return response
