"""The admin of medborgarlöften: `promise.py` (the document, its steps), `approvals.py` (the
parties' approvals on its page), `parts.py` (its parts, focus areas), `base.py` (what every
admin of a document's rows shares)."""

from . import parts, promise  # noqa: F401  (registers the admins)
