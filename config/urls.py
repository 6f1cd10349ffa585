"""The root URLconf, and the portal's rule for languages.

Swedish is the language of every address without a prefix, whatever the browser asks for or a
cookie says; English is served only under /en/, so the language a page is in is always visible in
its address. `i18n_patterns(prefix_default_language=False)` gives every public address an English
twin under /en/ (the Swedish addresses stay as they are), and with it Django's `LocaleMiddleware`
activates `LANGUAGE_CODE` ("sv") for every address without a prefix, the admin's included.

- The public site (`portal.urls`: pages, PDFs, feeds, sitemap, robots.txt, open data and its API)
  is inside: its Swedish addresses are unchanged, and an English page's links stay in English.
  What is not a page reads the same in both: PDFs are always rendered in Swedish (`loften.pdf`,
  `followup.pdf`), and the documents' own text is Swedish in every format.
- The admin is outside, so it is Swedish only: /en/admin/ does not exist.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Medborgarlöften – administration")
admin.site.site_title = _("Medborgarlöften")
admin.site.index_title = _("Redigera medborgarlöften och uppföljningar")

urlpatterns = [
    path("admin/", admin.site.urls),
    *i18n_patterns(path("", include("portal.urls")), prefix_default_language=False),
]
