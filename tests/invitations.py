"""Inviting and accepting as a person would: the links in the captured e-mail."""

import re

from django.core import mail

INVITATION_LINK = re.compile(r"https?://\S+?(/admin/inbjudan/\S+/)")
PASSWORD = "Ett-bra-losenord-2026"


def invitation_links_sent_to(email):
    """The invitation links e-mailed to `email`, oldest first, as paths."""
    return [
        INVITATION_LINK.search(message.body).group(1)
        for message in mail.outbox
        if message.to == [email] and INVITATION_LINK.search(message.body)
    ]


def accept_data(password=PASSWORD, **names):
    return {"password1": password, "password2": password, **names}
