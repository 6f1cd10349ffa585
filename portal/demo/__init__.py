"""Demo data: five municipalities with complete medborgarlöften, their follow-ups and demo logins.

`load_demo()` is idempotent. Every row is looked up by its natural key and written only when it is
missing or differs from the data below, so a second run changes nothing at all: not the row counts,
not `updated_at`, and not the history tables of django-simple-history. Child rows of a demo
document (underlag, platser, löften, undertecknare, uppföljningar) that are no longer in the data
are removed, so editing this file and re-running brings the database in line with it.

Dates are FIXED, chosen for the project's "today" of late November 2026, so that the demo shows
every state a citizen can meet:

* Vingåker 2025–2026 is ongoing, with three published follow-ups (2026 H2 is not due yet);
* Vingåker 2023–2024 is the earlier, finished period, all four follow-ups published;
* Katrineholm 2025-07-01 – 2026-06-30 has its 2026 H1 follow-up still in draft. That half-year
  ended 2026-06-30, so with the default FOLLOWUP_DUE_DAYS (60) it has been overdue since
  2026-08-29, and it stays overdue on any later day;
* Strängnäs 2026–2027 is a draft, Vaggeryd 2024–2025 was published and then withdrawn;
* Kungsör 2025–2026 is ongoing and up to date.

The texts are written for the demo; the places are real, their coordinates approximate.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from followup.models import CommitmentStatus, FollowUp
from loften.models import CitizenPromise, Commitment, FocusArea, Place, Signatory, Source
from municipalities.models import Membership, Municipality, PoliceArea

from .data import DEMO_PASSWORD, POLICE_AREAS, PROMISES, USERS

__all__ = ["DEMO_PASSWORD", "load_demo"]


# --- Loader -------------------------------------------------------------------------------------


def load_demo(*, stdout=None):
    """Create or update all demo data; return the logins and what the demo contains."""
    with transaction.atomic():
        users = {row["username"]: _load_user(row) for row in USERS}
        police_areas = {row["slug"]: _load_police_area(row) for row in POLICE_AREAS}
        for row in USERS:
            _load_membership(users[row["username"]], row, police_areas)
        promises = []
        for data in PROMISES:
            promises.append(_load_promise(data, police_areas, users))
            if stdout is not None:
                stdout.write(f"  {data['title']} ({_state_label(data['state'])})\n")
    return {
        "logins": [_login(row) for row in USERS],
        "promises": [promise.title for promise in promises],
        "password": DEMO_PASSWORD,
    }


def _upsert(model, lookup, values):
    """get_or_create + update, but save (and so write history) only when something differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
    elif any(_differs(obj, name, value) for name, value in values.items()):
        for name, value in values.items():
            setattr(obj, name, value)
    else:
        return obj
    obj.full_clean()
    obj.save()
    return obj


def _differs(obj, name, value):
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def _set_m2m(obj, name, targets):
    manager = getattr(obj, name)
    if set(manager.values_list("pk", flat=True)) != {target.pk for target in targets}:
        manager.set(targets)


def _prune(queryset, keep):
    """Delete rows of a demo document that are no longer in the data."""
    queryset.exclude(pk__in=[obj.pk for obj in keep]).delete()


def _load_user(row):
    """Like _upsert, but a new user needs its password before full_clean() accepts it."""
    User = get_user_model()
    user = User.objects.filter(username=row["username"]).first() or User(username=row["username"])
    values = {
        "first_name": row["first_name"],
        "last_name": row["last_name"],
        "email": row["email"],
        "is_staff": True,
        "is_superuser": row.get("is_superuser", False),
        "is_active": True,
    }
    changed = user.pk is None or any(_differs(user, k, v) for k, v in values.items())
    for name, value in values.items():
        setattr(user, name, value)
    # Re-running the demo also resets a password someone changed while trying it out.
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        changed = True
    if changed:
        user.full_clean()
        user.save()
    return user


def _load_police_area(row):
    municipalities = [Municipality.objects.get(code=code) for code in row["municipalities"]]
    area = _upsert(
        PoliceArea,
        {"slug": row["slug"]},
        {"name": row["name"], "region": municipalities[0].county.police_region},
    )
    _set_m2m(area, "municipalities", municipalities)
    return area


def _load_membership(user, row, police_areas):
    if "municipality" in row:
        lookup = {"user": user, "municipality": Municipality.objects.get(code=row["municipality"])}
    elif "police_area" in row:
        lookup = {"user": user, "police_area": police_areas[row["police_area"]]}
    else:
        return None
    return _upsert(Membership, lookup, {"role": row["role"]})


def _load_promise(data, police_areas, users):
    promise = _upsert(
        CitizenPromise,
        {
            "municipality": Municipality.objects.get(code=data["municipality"]),
            "valid_from": data["valid_from"],
            "title": data["title"],
        },
        {
            "police_area": police_areas[data["police_area"]],
            "valid_until": data["valid_until"],
            "state": data["state"],
            "situation": data["situation"],
            "effects": data["effects"],
            "followup_plan": data["followup_plan"],
            "withdrawal_reason": data.get("withdrawal_reason", ""),
            "signed_at": data["signed_at"],
            "published_at": data["published_at"],
            "withdrawn_at": data.get("withdrawn_at"),
        },
    )
    _load_sources(promise, data["sources"])
    _load_places(promise, data["places"])
    commitments = _load_commitments(promise, data["commitments"])
    _load_signatories(promise, data["signatories"])
    _load_followups(promise, data["followups"], commitments, users)
    return promise


def _load_sources(promise, rows):
    kept = [
        _upsert(Source, {"promise": promise, "order": order}, {"kind": kind, "description": desc})
        for order, (kind, desc) in enumerate(rows, start=1)
    ]
    _prune(promise.sources.all(), kept)


def _load_places(promise, rows):
    kept = []
    for order, (name, description, latitude, longitude) in enumerate(rows, start=1):
        values = {
            "name": name,
            "description": description,
            "latitude": Decimal(latitude) if latitude else None,
            "longitude": Decimal(longitude) if longitude else None,
        }
        kept.append(_upsert(Place, {"promise": promise, "order": order}, values))
    _prune(promise.places.all(), kept)


def _load_commitments(promise, rows):
    kept = []
    for order, row in enumerate(rows, start=1):
        values = {key: value for key, value in row.items() if key != "focus"}
        obj = _upsert(Commitment, {"promise": promise, "order": order}, values)
        _set_m2m(obj, "focus_areas", [FocusArea.objects.get(slug=slug) for slug in row["focus"]])
        kept.append(obj)
    stale = promise.commitments.exclude(pk__in=[obj.pk for obj in kept])
    CommitmentStatus.objects.filter(commitment__in=stale).delete()
    stale.delete()
    return kept


def _load_signatories(promise, rows):
    kept = [
        _upsert(
            Signatory,
            {"promise": promise, "order": order},
            {"name": name, "title": title, "side": side, "signed_on": signed_on},
        )
        for order, (name, title, side, signed_on) in enumerate(rows, start=1)
    ]
    _prune(promise.signatories.all(), kept)


def _load_followups(promise, rows, commitments, users):
    kept = []
    for row in rows:
        if len(row["statuses"]) != len(commitments):
            raise ValueError(
                f"{promise} {row['year']}/{row['half']}: {len(row['statuses'])} statuses for "
                f"{len(commitments)} commitments"
            )
        published = row["published_at"] is not None
        followup = _upsert(
            FollowUp,
            {"promise": promise, "year": row["year"], "half": row["half"]},
            {
                "summary": row["summary"],
                "state": FollowUp.State.PUBLISHED if published else FollowUp.State.DRAFT,
                "published_at": row["published_at"],
                "published_by": users[row["published_by"]] if row["published_by"] else None,
            },
        )
        for commitment_obj, values in zip(commitments, row["statuses"], strict=True):
            _upsert(CommitmentStatus, {"followup": followup, "commitment": commitment_obj}, values)
        kept.append(followup)
    stale = promise.followups.exclude(pk__in=[obj.pk for obj in kept])
    CommitmentStatus.objects.filter(followup__in=stale).delete()
    stale.delete()


def _municipality_label(name):
    """'Vingåker' → 'Vingåkers kommun', 'Strängnäs' → 'Strängnäs kommun'."""
    return f"{name} kommun" if name.endswith(("s", "x", "z")) else f"{name}s kommun"


def _login(row):
    if "municipality" in row:
        organisation = _municipality_label(Municipality.objects.get(code=row["municipality"]).name)
    elif "police_area" in row:
        organisation = PoliceArea.objects.get(slug=row["police_area"]).name
    else:
        organisation = "alla organisationer"
    role = Membership.Role(row["role"]).label if "role" in row else "nationell administratör"
    return {
        "username": row["username"],
        "password": DEMO_PASSWORD,
        "role": str(role),
        "organisation": organisation,
    }


def _state_label(state):
    return str(CitizenPromise.State(state).label)
