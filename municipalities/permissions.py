"""Who may see and change what: the one place for the organisation rules.

* A **national administrator** (an active superuser) sees and changes everything, including
  reference data and memberships.
* An **editor** (redaktör) of a municipality or a police area sees and changes the
  medborgarlöften where that organisation is a party, and their follow-ups.
* A **reviewer** (granskare) sees the same documents, drafts included, and changes nothing.
* An **organisation administrator** (administratör) is an editor of that organisation who also
  invites people into it (`municipalities.invitations`), sees its people and manages its
  memberships (changes a role, removes a membership), and nothing else: not other
  organisations' people, not reference data, not accounts themselves (a password, an e-mail
  address, deactivating). The roles are a ladder, reviewer < editor < administrator: one
  membership per person and organisation, so an administrator who could not also edit would
  need a second account to work on their own documents.
* Everyone else sees nothing here (citizens read the public pages, which show published
  documents only: `CitizenPromise.objects.published()`).

What a document's *state* allows (a signed document's content is frozen, only drafts are
deleted) is a separate rule, kept in the life-cycle table `loften.lifecycle`; the functions below
answer only "is this person allowed to work on this document at all".

Memberships are read once per user object. The admin and the views get a fresh user object on
every request, so revoking a membership takes effect on the next request. Code that keeps a
user object for longer (a shell session, a test) calls `forget(user)` after changing that user's
memberships.
"""

from dataclasses import dataclass

from django.db.models import Q

from .models import Membership, Municipality, PoliceArea

_CACHE_ATTRIBUTE = "_medborgarloften_access"


@dataclass(frozen=True)
class Organisations:
    """A set of municipalities and police areas, by primary key."""

    municipality_ids: frozenset = frozenset()
    police_area_ids: frozenset = frozenset()

    def __bool__(self):
        return bool(self.municipality_ids or self.police_area_ids)

    def is_party(self, *, municipality_id, police_area_id):
        return municipality_id in self.municipality_ids or police_area_id in self.police_area_ids

    def q(self, prefix=""):
        """Rows whose document has one of these organisations as a party."""
        if not self:
            return Q(pk__in=[])
        return Q(**{f"{prefix}municipality__in": self.municipality_ids}) | Q(
            **{f"{prefix}police_area__in": self.police_area_ids}
        )


@dataclass(frozen=True)
class Access:
    national: bool
    viewer: Organisations  # every organisation the user is a member of, in any role
    editor: Organisations  # the organisations the user is an editor (or administrator) of
    admin: Organisations  # the organisations the user is an administrator of


_NOBODY = Access(
    national=False, viewer=Organisations(), editor=Organisations(), admin=Organisations()
)
_ADMIN = {Membership.Role.ADMIN}
_EDITOR = {Membership.Role.EDITOR, *_ADMIN}
_VIEWER = {Membership.Role.REVIEWER, *_EDITOR}


def access(user):
    """What `user` may reach; computed once per user object (see the module docstring)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return _NOBODY
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    rows = list(
        Membership.objects.filter(user=user).values_list(
            "municipality_id", "police_area_id", "role"
        )
    )

    def organisations(roles):
        return Organisations(
            municipality_ids=frozenset(m for m, _, role in rows if m and role in roles),
            police_area_ids=frozenset(p for _, p, role in rows if p and role in roles),
        )

    result = Access(
        national=user.is_superuser,
        viewer=organisations(_VIEWER),
        editor=organisations(_EDITOR),
        admin=organisations(_ADMIN),
    )
    setattr(user, _CACHE_ATTRIBUTE, result)
    return result


def forget(user):
    """Drop the memberships remembered on this user object (after changing them)."""
    if user is not None and hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


# --- Roles ---------------------------------------------------------------------------------------


def is_national_admin(user):
    """The nationell administratör: everything, including reference data and memberships."""
    return access(user).national


def is_member(user):
    """May open the medborgarlöften and follow-ups part of the admin (any role, or national)."""
    rights = access(user)
    return rights.national or bool(rights.viewer)


def is_editor(user):
    """May create documents and follow-ups for at least one organisation."""
    rights = access(user)
    return rights.national or bool(rights.editor)


# --- One document --------------------------------------------------------------------------------


def can_view_parties(user, *, municipality_id, police_area_id):
    rights = access(user)
    return rights.national or rights.viewer.is_party(
        municipality_id=municipality_id, police_area_id=police_area_id
    )


def can_edit_parties(user, *, municipality_id, police_area_id):
    rights = access(user)
    return rights.national or rights.editor.is_party(
        municipality_id=municipality_id, police_area_id=police_area_id
    )


def edits_for(user, *, municipality_id, police_area_id):
    """(for the municipality, for the police area): whether `user` is an editor of each party
    through a membership. A national administrator's rights come from no membership and so act
    for neither party (a party's approval of a document, `loften.approval`)."""
    editor = access(user).editor
    return (
        municipality_id is not None and municipality_id in editor.municipality_ids,
        police_area_id is not None and police_area_id in editor.police_area_ids,
    )


def can_view(user, promise):
    """May see this medborgarlöfte in the admin, drafts included (and preview it)."""
    return can_view_parties(
        user, municipality_id=promise.municipality_id, police_area_id=promise.police_area_id
    )


def can_edit(user, promise):
    """May change this medborgarlöfte and its follow-ups, as far as its state allows."""
    return can_edit_parties(
        user, municipality_id=promise.municipality_id, police_area_id=promise.police_area_id
    )


# --- Many documents ------------------------------------------------------------------------------


def visible_q(user, prefix=""):
    """A filter for rows whose medborgarlöfte `user` may see; `prefix` leads from the row to the
    document's fields, e.g. "promise__" for a follow-up."""
    rights = access(user)
    return Q() if rights.national else rights.viewer.q(prefix)


def editable_q(user, prefix=""):
    """Like `visible_q`, for the documents `user` may change."""
    rights = access(user)
    return Q() if rights.national else rights.editor.q(prefix)


def _for_editing(user, model, own, served_by):
    if is_national_admin(user):
        return model.objects.all()
    return model.objects.filter(Q(pk__in=own) | Q(**served_by)).distinct()


def municipalities_for_editing(user):
    """The municipalities `user` may name in a document: their own, and those their police
    areas serve."""
    editor = access(user).editor
    return _for_editing(
        user,
        Municipality,
        editor.municipality_ids,
        {"police_areas__in": editor.police_area_ids},
    )


def police_areas_for_editing(user):
    """The police areas `user` may name in a document: their own, and those that serve their
    municipalities."""
    editor = access(user).editor
    return _for_editing(
        user, PoliceArea, editor.police_area_ids, {"municipalities__in": editor.municipality_ids}
    )


# --- People: invitations, memberships, accounts --------------------------------------------------


def manages_people(user):
    """May open the people part of the admin: invitations, memberships, users (national, or an
    administrator of at least one organisation)."""
    rights = access(user)
    return rights.national or bool(rights.admin)


def can_manage_people(user, *, municipality_id, police_area_id):
    """May invite into this organisation and change or remove its memberships."""
    rights = access(user)
    return rights.national or rights.admin.is_party(
        municipality_id=municipality_id, police_area_id=police_area_id
    )


def people_q(user, prefix=""):
    """A filter for memberships and invitations `user` may manage (rows with `municipality` and
    `police_area` fields, reached through `prefix`)."""
    rights = access(user)
    return Q() if rights.national else rights.admin.q(prefix)


def users_q(user):
    """A filter for the user accounts `user` may see: everyone for a national administrator,
    the members of their organisations for an organisation administrator."""
    rights = access(user)
    if rights.national:
        return Q()
    if not rights.admin:
        return Q(pk__in=[])
    return Q(pk__in=Membership.objects.filter(rights.admin.q()).values("user_id"))


def municipalities_for_inviting(user):
    """The municipalities `user` may invite people into."""
    if is_national_admin(user):
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=access(user).admin.municipality_ids)


def police_areas_for_inviting(user):
    """The police areas `user` may invite people into."""
    if is_national_admin(user):
        return PoliceArea.objects.all()
    return PoliceArea.objects.filter(pk__in=access(user).admin.police_area_ids)
