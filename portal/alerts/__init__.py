"""E-mail alerts: a citizen follows a municipality or a medborgarlöfte (README "E-mail alerts").

* `models`: `Subscription` (the address, what it follows, its state and consent) and `AlertSent`
  (what was sent, one row per subscription and event, so sending is idempotent);
* `addresses`: the address's lookup hash and its masked form, the signed links;
* `services`: subscribe (double opt-in), confirm, unsubscribe;
* `ratelimit`: counters in Django's cache, per client address and per e-mail address;
* `mail`: the messages, each with a one-click unsubscribe link and `List-Unsubscribe` headers;
* `sending`: which publications a subscription has not been told of, and sending them
  (`manage.py send_alerts`).

The address is never logged or shown: not in log lines, not on pages, and only masked in the
admin.
"""
