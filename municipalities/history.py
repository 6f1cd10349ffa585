"""Who made each change, kept as text in the history, and users who are never deleted.

Every historical model of the portal (django-simple-history) is made by
`AuthoredHistoricalRecords`, whose rows also store the author's username and organisations as
they were at the time of the change. `history_user` is a foreign key and, like any key, only as
good as the row it points to; the text stays readable even if that row is ever removed behind
the application's back (a database administrator, a restore).

Users are deactivated, never deleted (`municipalities.services.user_deactivate`); the admin
offers no delete, and `refuse_deleting_authors` refuses to delete, through the ORM, a user who
appears in the history or the admin's log, whose rows would otherwise lose their author (the
history's key is set to NULL, Django's `LogEntry` rows are deleted with the user).

This lives in the lowest app, beside the memberships, so that `loften` and `followup` can use it
without importing upwards.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.db import models
from django.db.models.deletion import ProtectedError
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

_ORGANISATION_SEPARATOR = ", "


def organisation_names(user_ids) -> dict[int, str]:
    """The organisations each user is a member of, as one text per user id ("Vingåkers kommun,
    Lokalpolisområde Katrineholm"); users without memberships are left out. One query for all
    the users, so a bulk write asks once."""
    Membership = apps.get_model("municipalities", "Membership")
    names: dict[int, list[str]] = {}
    rows = Membership.objects.filter(user_id__in=set(user_ids)).select_related(
        "municipality", "police_area"
    )
    for membership in rows:
        names.setdefault(membership.user_id, []).append(membership.organisation_name)
    return {user_id: _ORGANISATION_SEPARATOR.join(sorted(n)) for user_id, n in names.items()}


class AuthoredHistoryManager(models.Manager):
    def bulk_create(self, objs, *args, **kwargs):
        # simple-history's bulk_history_create (used by bulk_create_with_history) writes its
        # rows with bulk_create, which neither calls save() nor sends pre_create_historical_record.
        objs = list(objs)
        AuthoredHistory.fill_authors(objs)
        return super().bulk_create(objs, *args, **kwargs)


class AuthoredHistory(models.Model):
    """The base of every historical model: the author as text, filled in when the row is
    written, by `save()` for one row and by the manager's `bulk_create` for many."""

    history_user_username = models.CharField(
        gettext_lazy("ändrad av (användarnamn)"), max_length=150, blank=True, default=""
    )
    history_user_organisations = models.TextField(
        gettext_lazy("ändrad av (organisation)"), blank=True, default=""
    )

    objects = AuthoredHistoryManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_authors([self])
        super().save(*args, **kwargs)

    @staticmethod
    def fill_authors(rows):
        pending = [row for row in rows if row.history_user_id and not row.history_user_username]
        if not pending:
            return
        organisations = organisation_names(row.history_user_id for row in pending)
        for row in pending:
            row.history_user_username = row.history_user.get_username()
            row.history_user_organisations = organisations.get(row.history_user_id, "")


class AuthoredHistoricalRecords(HistoricalRecords):
    """`HistoricalRecords` whose rows keep the author as text (`AuthoredHistory`)."""

    def __init__(self, *args, bases=(), **kwargs):
        super().__init__(*args, bases=[AuthoredHistory, *bases], **kwargs)


class UserHistoricalRecords(AuthoredHistoricalRecords):
    """The history of user accounts, without the fields it excludes (the password hash, the
    last login). A save of only those fields is no change worth a row: Django saves
    `last_login` at every sign-in and may rehash a password when it is checked."""

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if not created and update_fields and set(update_fields) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, **kwargs)


def historical_models():
    """Every historical model whose rows keep their author as text."""
    return [model for model in apps.get_models() if issubclass(model, AuthoredHistory)]


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="refuse_deleting_authors")
def refuse_deleting_authors(sender, instance, **kwargs):
    """A user who made a change in the history or the admin's log is deactivated, not deleted:
    deleting would set the history's author to NULL and delete the log entries."""
    authored = [
        rows
        for rows in (
            LogEntry.objects.filter(user=instance),
            *(model.objects.filter(history_user=instance) for model in historical_models()),
        )
        if rows.exists()
    ]
    if authored:
        raise ProtectedError(
            _(
                "Användaren %(username)s finns i historiken och kan inte tas bort. "
                "Inaktivera kontot i stället."
            )
            % {"username": instance.get_username()},
            {row for rows in authored for row in rows[:10]},
        )
