"""The follow-up admin: `followup.py` (follow-ups, statuses, sent reminders), `views.py` (the
one-page form, the spreadsheet pages, "create the next follow-up"), `promise.py` (the
medborgarlöfte's admin extended with its follow-ups)."""

from . import followup, indicators, promise  # noqa: F401  (registers the admins)
