from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The public site: citizens' pages, the open-data API, public PDF downloads and
    verification, the admin's preview of a draft, and the demo loader. It imports the other
    apps; none of them imports it."""

    name = "portal"

    def ready(self):
        # Keeps the search entries up to date on every save (portal.search.index).
        # Counts the stored national figures' generation up on every change they read.
        from . import national
        from .search import index  # noqa: F401

        national.connect()
