from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The public site: citizens' pages, the open-data API, public PDF downloads and
    verification, the admin's preview of a draft, and the demo loader. It imports the other
    apps; none of them imports it."""

    name = "portal"

    def ready(self):
        # The search entries (portal.search.index), the page cache's counters (portal.cache)
        # and the stored national figures' generation (portal.national) follow every save.
        from . import national
        from .cache import connect
        from .search import index  # noqa: F401

        connect()
        national.connect()
