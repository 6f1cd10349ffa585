"""E-mail about a document's joint approval, the one module that sends it: to the editors of
the other party when a party approves (which is also how it asks the other party to approve),
withdraws its approval, or changes content that had been approved.

Messages are Swedish, link to the document's admin page, and go through the configured mailer
once the transaction that caused them commits: a refused or rolled-back write tells nobody.
"""

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from municipalities.models import Membership

from . import approval
from .models import Approval, CitizenPromise

Party = Approval.Party


def recipients(promise: CitizenPromise, parties, actor) -> list:
    """The active editors, with an e-mail address, of `parties` of `promise`; never `actor`."""
    condition = Q()
    if Party.MUNICIPALITY in parties:
        condition |= Q(municipality_id=promise.municipality_id)
    if Party.POLICE in parties and promise.police_area_id is not None:
        condition |= Q(police_area_id=promise.police_area_id)
    if not condition:
        return []
    memberships = (
        Membership.objects.filter(condition, role=Membership.Role.EDITOR, user__is_active=True)
        .exclude(user__email="")
        .exclude(user=actor)
        .select_related("user")
        .order_by("user__username")
    )
    return list({m.user_id: m.user for m in memberships}.values())


def _other_parties(promise, actor):
    own = approval.parties_of(actor, promise)
    return [party for party in approval.required_parties(promise) if party not in own]


def _told(promise, actor):
    """The editors of the parties other than the actor's (both, for a national administrator)."""
    return recipients(promise, _other_parties(promise, actor), actor)


def _person(promise, user):
    """ "Linnea Forsberg (Vingåkers kommun)": who did it, and for whom."""
    parties = approval.parties_of(user, promise)
    organisations = ", ".join(approval.organisation_name(promise, p) for p in parties)
    return _("%(name)s (%(organisation)s)") % {
        "name": approval.approver_name(user),
        "organisation": organisations or _("nationell administratör"),
    }


def _send(promise, users, subject, paragraphs):
    if not users:
        return
    url = settings.PORTAL_URL + reverse("admin:loften_citizenpromise_change", args=[promise.pk])
    messages = [
        EmailMessage(
            subject,
            render_to_string(
                "loften/email/approval.txt",
                {"user": user, "paragraphs": paragraphs, "url": url},
            ),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
        for user in users
    ]
    transaction.on_commit(lambda: mailers.default.send_messages(messages))


def _time(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def approved(*, promise: CitizenPromise, given: Approval, states, actor) -> None:
    """A party approved: the other party is asked to approve the same content, or told that the
    document can now be signed."""
    with override("sv"):
        values = {
            "title": promise.title,
            "person": _person(promise, actor),
            "organisation": approval.organisation_name(promise, given.party),
            "time": _time(given.approved_at),
        }
        waiting = [s.organisation for s in states if not s.approved]
        paragraphs = [
            _("%(person)s har godkänt innehållet i ”%(title)s” för %(organisation)s %(time)s.")
            % values
        ]
        if waiting:
            paragraphs.append(
                _(
                    "Innan medborgarlöftet kan undertecknas behöver %(organisations)s godkänna "
                    "exakt samma innehåll. Läs igenom det och tryck på ”Godkänn” om ni är "
                    "överens, eller kontakta %(organisation)s om något behöver ändras. En "
                    "ändring återkallar godkännandet."
                )
                % {**values, "organisations": ", ".join(waiting)}
            )
            subject = _("Be om godkännande: ”%(title)s”") % values
        else:
            paragraphs.append(
                _(
                    "Alla parter har nu godkänt samma innehåll. Medborgarlöftet kan undertecknas "
                    "med knappen ”Underteckna”."
                )
            )
            subject = _("Godkänt av alla parter: ”%(title)s”") % values
        _send(promise, _told(promise, actor), subject, paragraphs)


def withdrawn(*, promise: CitizenPromise, withdrawn_approval: Approval, actor) -> None:
    """A party withdrew its approval."""
    with override("sv"):
        values = {
            "title": promise.title,
            "person": _person(promise, actor),
            "organisation": approval.organisation_name(promise, withdrawn_approval.party),
        }
        subject = _("Godkännandet av ”%(title)s” är återkallat") % values
        paragraphs = [
            _(
                "%(person)s har återkallat godkännandet från %(organisation)s av ”%(title)s”. "
                "Medborgarlöftet kan inte undertecknas förrän %(organisation)s har godkänt det "
                "igen."
            )
            % values
        ]
        _send(promise, _told(promise, actor), subject, paragraphs)


def content_changed(*, promise: CitizenPromise, outdated: list[Approval], actor) -> None:
    """Content that had been approved changed: the approvals no longer hold."""
    with override("sv"):
        values = {
            "title": promise.title,
            "person": _person(promise, actor),
            "organisations": ", ".join(
                approval.organisation_name(promise, a.party) for a in outdated
            ),
        }
        subject = _("”%(title)s” har ändrats efter godkännandet") % values
        paragraphs = [
            _(
                "%(person)s har ändrat innehållet i ”%(title)s” efter att det godkändes. "
                "Godkännandet från %(organisations)s gäller därför inte längre."
            )
            % values,
            _(
                "Läs igenom det nya innehållet och godkänn det på nytt med knappen ”Godkänn” om "
                "ni är överens. Medborgarlöftet kan undertecknas först när alla parter har "
                "godkänt samma innehåll."
            ),
        ]
        _send(promise, _told(promise, actor), subject, paragraphs)


def amendment_proposed(*, promise: CitizenPromise, amendment, actor) -> None:
    """A party proposed an amendment of a löfte: the other party is asked to approve it."""
    with override("sv"):
        values = {
            "title": promise.title,
            "person": _person(promise, actor),
            "commitment": str(amendment.commitment),
        }
        subject = _("Be om godkännande av en ändring: ”%(title)s”") % values
        paragraphs = [
            _(
                "%(person)s föreslår en ändring av löftet ”%(commitment)s” i ”%(title)s”. "
                "Ändringen gäller först när alla parter har godkänt den. Öppna ändringen i "
                "listan ”Ändringar under löptiden” och tryck på ”Godkänn ändringen” om ni är "
                "överens."
            )
            % values
        ]
        _send(promise, _told(promise, actor), subject, paragraphs)
