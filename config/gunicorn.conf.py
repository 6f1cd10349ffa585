"""gunicorn's settings for `make serve` and production (README "Production", DEPLOYMENT.md).

gunicorn reads this file with `--config config/gunicorn.conf.py`; anything here can be changed
without editing it through GUNICORN_CMD_ARGS, e.g. GUNICORN_CMD_ARGS="--workers 8".
"""

import os

# Loopback by default: a reverse proxy (TLS, HTTP/2, the load balancer) stands in front.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: each request is short and holds one database connection. Two per core
# and one more, unless WEB_CONCURRENCY says otherwise.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
# A PDF's first download renders and signs it (about a second); nothing else comes close.
timeout = 60
graceful_timeout = 30
# Workers are replaced now and then, each at its own moment, so no slow leak can build up.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# X-Forwarded-* are believed only from the proxy on this machine (gunicorn's default); Django
# reads the scheme through SECURE_PROXY_SSL_HEADER and the client through TRUSTED_PROXY_COUNT.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# gunicorn's runtime control socket is one path per user (~/.gunicorn/gunicorn.ctl), which two
# instances on one machine (`make serve` and `make loadtest`) would share; nothing here uses it.
control_socket_disable = True


def post_worker_init(worker):
    """Each worker prepares for PDFs (the print templates, stylesheet and fonts, the signing)
    before it takes its first request, so that no visitor waits for it (loften/pdf/warm.py)."""
    from loften.pdf.warm import warm_up

    warm_up()
