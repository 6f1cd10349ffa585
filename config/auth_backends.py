from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every sign-in through a request (the admin login).

    `authenticate()` without a request (the shell, the test client's `login()`) has no client to
    lock out; axes would raise there, so this backend stays out of the way and lets the next
    backend decide."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
