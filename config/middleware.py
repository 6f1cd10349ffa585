from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control


class AdminNoStoreMiddleware:
    """Every admin response, including redirects and error pages, says `Cache-Control: no-store`,
    so no browser or proxy keeps a copy of drafts or personal data. (The admin's own views are
    never_cache already; responses made from exceptions and by other middleware are not.)"""

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if self._prefix is None:
            self._prefix = reverse("admin:index")
        if request.path.startswith(self._prefix):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True)
        return response
