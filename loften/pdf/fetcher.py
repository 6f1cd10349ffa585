"""The only way a PDF render reads anything: the project's own static files, nothing else.

Document texts are escaped by the templates, so a `file://` or `http://169.254.169.254/` in a
commitment is just text. This fetcher is the second wall: whatever URL WeasyPrint is asked to
load (a stylesheet, a font, an image, an attachment), it is served only when it names a file
below STATIC_URL with an extension a print template needs; every other URL is refused without
opening a file or a socket.
"""

import mimetypes
import ssl
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.urls import URLFetcher, URLFetcherResponse

#: The base URL of every print render. It resolves `{% static %}` paths ("/static/…") to
#: absolute URLs that cannot reach any real host: `.invalid` is reserved (RFC 2606).
BASE_URL = "https://print.medborgarloften.invalid/"

ALLOWED_EXTENSIONS = {".css", ".ttf", ".otf", ".woff", ".woff2", ".png", ".jpg", ".jpeg", ".svg"}

#: The TLS context WeasyPrint's fetcher is built with. This fetcher never opens a connection, so it
#: trusts no certificate authority at all: WeasyPrint's default loads the system's trust store
#: for every render, which cost about a tenth of one.
_NO_CONNECTIONS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class RefusedURL(ValueError):
    """A print render asked for something outside the static files."""


class StaticOnlyURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves static files and refuses everything else.

    `fetched` and `refused` list the URLs asked for, so tests (and a curious developer) can see
    what a render tried to load.
    """

    def __init__(self):
        super().__init__(
            ssl_context=_NO_CONNECTIONS, allowed_protocols=("https",), allow_redirects=False
        )
        self.fetched = []
        self.refused = []

    def fetch(self, url, headers=None):
        try:
            path = static_path_for(url)
        except RefusedURL:
            self.refused.append(url)
            raise
        self.fetched.append(url)
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime_type})


def static_path_for(url):
    """The file a static URL of a print render names, or RefusedURL."""
    base = urlsplit(BASE_URL)
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or parts.username:
        raise RefusedURL(f"Only the project's static files may be loaded, not {url!r}.")
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(parts.path)
    if not path.startswith(prefix):
        raise RefusedURL(f"Not a static file: {url!r}.")
    relative = PurePosixPath(path.removeprefix(prefix))
    if relative.is_absolute() or ".." in relative.parts or "\\" in str(relative) or "\0" in path:
        raise RefusedURL(f"Not a static file: {url!r}.")
    if relative.suffix.lower() not in ALLOWED_EXTENSIONS:
        raise RefusedURL(f"A print render does not load {relative.suffix or 'this'} files.")
    try:
        found = finders.find(str(relative))
    except SuspiciousFileOperation as error:
        raise RefusedURL(str(error)) from error
    if not found and settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT, relative)
        found = str(candidate) if candidate.is_file() else None
    if not found:
        raise RefusedURL(f"No such static file: {url!r}.")
    return Path(found)
