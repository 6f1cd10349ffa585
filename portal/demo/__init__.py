"""Demo data: five municipalities with complete medborgarlöften, their follow-ups and demo logins.

`load_demo()` is idempotent. Every row is looked up by its natural key and written only when it is
missing or differs from the data below, so a second run changes nothing at all: not the row counts,
not `updated_at`, and not the history tables of django-simple-history. Child rows of a demo
document (underlag, platser, löften, undertecknare, uppföljningar, effektindikatorer och deras
värden) that are no longer in the data
are removed, so editing this file and re-running brings the database in line with it.

Dates are FIXED, chosen for the project's "today" of late November 2026, so that the demo shows
every state a citizen can meet:

* Vingåker 2025–2026 is ongoing, with three published follow-ups (2026 H2 is not due yet);
* Vingåker 2023–2024 is the earlier, finished period, all four follow-ups published, with an
  effect indicator (feeling unsafe at the station, 60 % in 2022, target 40 %) and three values,
  each reported in a follow-up;
* Katrineholm 2025-07-01 – 2026-06-30 has its 2026 H1 follow-up still in draft. That half-year
  ended 2026-06-30, so with the default FOLLOWUP_DUE_DAYS (60) it has been overdue since
  2026-08-29, and it stays overdue on any later day;
* Strängnäs 2026–2027 is a draft, Vaggeryd 2024–2025 was published and then withdrawn;
* Kungsör 2025–2026 is ongoing and up to date; it is followed up per tertial (five published
  follow-ups, 2026 tertial 3 not due yet);
* Strängnäs 2026–2027 is to be followed up yearly.

The texts are written for the demo; the places are real, their coordinates approximate. Signed
documents have both parties' approvals of their content at their signing time, by the party's
demo editor where there is one, else in the name of the party's signatory.

The loader owns only what it created. Every row it creates is marked (`portal.models.DemoObject`);
it changes and deletes only marked rows. A row that has a demo row's natural key but no mark (a
real user called "admin", a real document of Vingåker starting on the same day, an official's
follow-up added to a demo document) is left exactly as it is and reported as skipped, and so is
everything of the demo that would hang on it.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from followup.models import (
    Circumstance,
    CommitmentStatus,
    FollowUp,
    IndicatorValue,
    MeasureValue,
    OtherWork,
    refresh_latest,
)
from loften import approval, services
from loften.models import (
    Amendment,
    AmendmentApproval,
    Approval,
    CitizenPromise,
    Commitment,
    CommitmentGroup,
    DocumentParty,
    EffectIndicator,
    FocusArea,
    LocalFocusArea,
    Measure,
    Place,
    Section,
    Signatory,
    Source,
)
from municipalities.models import Membership, Municipality, PoliceArea

from ..models import DemoObject
from .data import (
    DEMO_PASSWORD,
    JOINT,
    LEAD_INS,
    MUNICIPALITY,
    POLICE,
    POLICE_AREAS,
    PROMISES,
    USERS,
)

__all__ = ["DEMO_PASSWORD", "load_demo"]


# --- Loader -------------------------------------------------------------------------------------


def load_demo(*, stdout=None):
    """Create or update all demo data; return the logins, what the demo contains and what it
    skipped because a row with the same key was not the demo's."""
    loader = _Loader()
    with transaction.atomic():
        users = {row["username"]: loader.user(row) for row in USERS}
        police_areas = {row["slug"]: loader.police_area(row) for row in POLICE_AREAS}
        for row in USERS:
            loader.membership(users[row["username"]], row, police_areas)
        promises = []
        for data in PROMISES:
            promise = loader.promise(data, police_areas, users)
            if promise is not None:
                promises.append(promise)
                if stdout is not None:
                    stdout.write(f"  {data['title']} ({_state_label(data['state'])})\n")
        loader.prune_police_areas()
    return {
        "logins": [_login(row) for row in USERS if users[row["username"]] is not None],
        "promises": [promise.title for promise in promises],
        "password": DEMO_PASSWORD,
        "skipped": loader.skipped,
    }


def _differs(obj, name, value):
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def _set_m2m(obj, name, targets):
    manager = getattr(obj, name)
    if set(manager.values_list("pk", flat=True)) != {target.pk for target in targets}:
        manager.set(targets)


class _Loader:
    """One run of the loader: which rows are the demo's, and what it left alone."""

    def __init__(self):
        self._marked = {}
        self.skipped = []

    # --- Ownership -------------------------------------------------------------------------------

    def _ids(self, model):
        if model not in self._marked:
            content_type = ContentType.objects.get_for_model(model)
            self._marked[model] = set(
                DemoObject.objects.filter(content_type=content_type).values_list(
                    "object_id", flat=True
                )
            )
        return self._marked[model]

    def _mark(self, obj):
        DemoObject.objects.create(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        )
        self._ids(type(obj)).add(obj.pk)

    def _skip(self, obj):
        self.skipped.append(
            f"{obj._meta.verbose_name} ”{obj}”: finns redan men skapades inte av demon"
        )

    def _find(self, model, lookup):
        """The demo's row with this key, None when there is none, or False when only rows that
        are not the demo's have it (they are reported as skipped)."""
        rows = list(model.objects.filter(**lookup))
        ours = [row for row in rows if row.pk in self._ids(model)]
        if ours:
            return ours[0]
        if rows:
            self._skip(rows[0])
            return False
        return None

    def _marks(self, model):
        return DemoObject.objects.filter(content_type=ContentType.objects.get_for_model(model))

    def _owned(self, queryset):
        return queryset.filter(pk__in=self._marks(queryset.model).values("object_id"))

    def _prune(self, queryset, keep):
        """Delete the demo's rows of a demo document that are no longer in the data; rows that
        others added stay."""
        stale = self._owned(queryset).exclude(pk__in=[obj.pk for obj in keep])
        self._unmark(stale)
        stale.delete()

    def _unmark(self, queryset):
        self._marks(queryset.model).filter(
            object_id__in=list(queryset.values_list("pk", flat=True))
        ).delete()

    def _upsert(self, model, lookup, values):
        """get_or_create + update of the demo's own row, saving (and so writing history) only
        when something differs. None when someone else's row has the key."""
        obj = self._find(model, lookup)
        if obj is False:
            return None
        adding = obj is None
        if adding:
            obj = model(**lookup, **values)
        elif any(_differs(obj, name, value) for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
        else:
            return obj
        obj.full_clean()
        obj.save()
        if adding:
            self._mark(obj)
        return obj

    # --- Rows ------------------------------------------------------------------------------------

    def user(self, row):
        """Like _upsert, but a new user needs its password before full_clean() accepts it."""
        User = get_user_model()
        user = self._find(User, {"username": row["username"]})
        if user is False:
            return None
        adding = user is None
        user = user or User(username=row["username"])
        values = {
            "first_name": row["first_name"],
            "last_name": row["last_name"],
            "email": row["email"],
            "is_staff": True,
            "is_superuser": row.get("is_superuser", False),
            "is_active": True,
        }
        changed = adding or any(_differs(user, k, v) for k, v in values.items())
        for name, value in values.items():
            setattr(user, name, value)
        # Re-running the demo also resets a password someone changed while trying it out.
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            changed = True
        if changed:
            user.full_clean()
            user.save()
        if adding:
            self._mark(user)
        return user

    def police_area(self, row):
        """The demo's police area. One that is not the demo's (the shipped register, or one a
        national administrator entered) is reference data, like the municipalities: the demo
        uses it as it is and never changes it, unless people who are not the demo's are members
        of it. Only an area the reference data lacks is created, and owned, by the demo."""
        existing = PoliceArea.objects.filter(slug=row["slug"]).first()
        if existing is not None and (
            existing.pk not in self._ids(PoliceArea) or existing.confidence
        ):
            members = Membership.objects.filter(police_area=existing)
            if self._owned(members).count() != members.count():
                self.skipped.append(
                    f"{PoliceArea._meta.verbose_name} ”{existing}”: har medlemmar som inte är "
                    "demons, så demon använder det inte"
                )
                return None
            return existing
        if "municipalities" not in row:
            self.skipped.append(
                f"{PoliceArea._meta.verbose_name} ”{row['slug']}”: finns inte i referensdata"
            )
            return None
        municipalities = [Municipality.objects.get(code=code) for code in row["municipalities"]]
        area = self._upsert(
            PoliceArea,
            {"slug": row["slug"]},
            {"name": row["name"], "region": municipalities[0].county.police_region},
        )
        if area is not None:
            _set_m2m(area, "municipalities", municipalities)
        return area

    def prune_police_areas(self):
        """Delete the demo's own police areas that are no longer in the data and that nothing
        refers to (an earlier demo's invented areas)."""
        stale = (
            self._owned(PoliceArea.objects.all())
            .exclude(slug__in=[row["slug"] for row in POLICE_AREAS])
            .filter(
                citizen_promises__isnull=True,
                memberships__isnull=True,
                invitations__isnull=True,
                confidence="",
            )
        )
        stale = PoliceArea.objects.filter(pk__in=list(stale.values_list("pk", flat=True)))
        self._unmark(stale)
        stale.delete()

    def membership(self, user, row, police_areas):
        if user is None:
            return None
        if "municipality" in row:
            organisation = {"municipality": Municipality.objects.get(code=row["municipality"])}
        elif "police_area" in row:
            if police_areas[row["police_area"]] is None:
                return None  # a demo login never gets rights in someone else's police area
            organisation = {"police_area": police_areas[row["police_area"]]}
        else:
            return None
        return self._upsert(Membership, {"user": user, **organisation}, {"role": row["role"]})

    def promise(self, data, police_areas, users):
        police_area = police_areas[data["police_area"]]
        municipality = Municipality.objects.get(code=data["municipality"])
        if police_area is None:
            self.skipped.append(
                f"{CitizenPromise._meta.verbose_name} ”{data['title']}”: dess lokalpolisområde "
                "skapades inte av demon, så medborgarlöftet lästes inte in"
            )
            return None
        # The key is the municipality and the start date: a real document there is left alone
        # whatever its title.
        promise = self._upsert(
            CitizenPromise,
            {"municipality": municipality, "valid_from": data["valid_from"]},
            {
                "title": data["title"],
                "police_area": police_area,
                "valid_until": data["valid_until"],
                "state": data["state"],
                "district": data.get("district", ""),
                "cadence": data.get("cadence", CitizenPromise.Cadence.HALF_YEARLY),
                "signed_place": data["signed_place"],
                "signed_on": data["signed_on"],
                "withdrawal_reason": data.get("withdrawal_reason", ""),
                "signed_at": data["signed_at"],
                "published_at": data["published_at"],
                "withdrawn_at": data.get("withdrawn_at"),
            },
        )
        if promise is None:
            return None
        parties = self._parties(promise, data)
        self._sections(promise, data)
        self._sources(promise, data["sources"])
        self._places(promise, data["places"])
        local_areas = self._local_focus_areas(promise, data.get("local_focus_areas", []))
        groups = self._groups(promise, data)
        commitments = self._commitments(
            promise, data["commitments"], groups=groups, parties=parties, local_areas=local_areas
        )
        self._prune(promise.commitment_groups.all(), [g for g in groups.values() if g])
        self._amendments(promise, data, commitments, users)
        self._signatories(promise, data["signatories"])
        if None not in commitments:
            self._followups(promise, data["followups"], commitments, users, parties)
        self._indicators(promise, data.get("effect_indicators", []))
        self._approvals(promise, data, users)
        return promise

    def _sources(self, promise, rows):
        kept = [
            self._upsert(
                Source, {"promise": promise, "order": order}, {"kind": kind, "description": desc}
            )
            for order, (kind, desc) in enumerate(rows, start=1)
        ]
        self._prune(promise.sources.all(), [obj for obj in kept if obj is not None])

    def _indicators(self, promise, rows):
        """The document's effect indicators and their values, each value reported in the
        follow-up of its half-year when the data names one."""
        kept = []
        for order, row in enumerate(rows, start=1):
            fields = {k: v for k, v in row.items() if k != "values"}
            indicator = self._upsert(EffectIndicator, {"promise": promise, "order": order}, fields)
            if indicator is None:
                continue
            kept.append(indicator)
            values = []
            for measured_on, value, period, note in row["values"]:
                followup = None
                if period is not None:
                    year, number = period
                    followup = promise.followups.filter(year=year, number=number).first()
                values.append(
                    self._upsert(
                        IndicatorValue,
                        {"indicator": indicator, "measured_on": measured_on},
                        {
                            "year": measured_on.year,
                            "value": Decimal(value),
                            "note": note,
                            "followup": followup,
                        },
                    )
                )
            self._prune(indicator.values.all(), [obj for obj in values if obj is not None])
        stale = self._owned(promise.effect_indicators.all()).exclude(pk__in=[i.pk for i in kept])
        self._prune(IndicatorValue.objects.filter(indicator__in=stale), [])
        self._prune(promise.effect_indicators.all(), kept)

    def _places(self, promise, rows):
        kept = []
        for order, (name, description, latitude, longitude) in enumerate(rows, start=1):
            values = {
                "name": name,
                "description": description,
                "latitude": Decimal(latitude) if latitude else None,
                "longitude": Decimal(longitude) if longitude else None,
            }
            kept.append(self._upsert(Place, {"promise": promise, "order": order}, values))
        self._prune(promise.places.all(), [obj for obj in kept if obj is not None])

    def _parties(self, promise, data):
        """The kommun's and the police area's parties, and any other the document names."""
        rows = [
            ({"municipality": promise.municipality}, {"kind": DocumentParty.Kind.MUNICIPALITY}),
            ({"police_area": promise.police_area}, {"kind": DocumentParty.Kind.POLICE_AREA}),
            *(({"name": name}, {"kind": kind}) for kind, name in data.get("other_parties", [])),
        ]
        kept = [
            self._upsert(DocumentParty, {"promise": promise, **lookup}, {**values, "order": order})
            for order, (lookup, values) in enumerate(rows)
        ]
        self._prune(promise.parties.all(), [obj for obj in kept if obj is not None])
        kommun, police, *others = kept
        return {JOINT: [kommun, police], POLICE: [police], MUNICIPALITY: [kommun]} | {
            obj.name: [obj] for obj in others if obj is not None
        }

    def _sections(self, promise, data):
        """The document's sections: its own list, or its lägesbild, löften, effects and
        follow-up plan under the headings most documents use."""
        rows = data.get("sections") or [
            (Section.Kind.SITUATION, "Lägesbild", data["situation"]),
            (Section.Kind.COMMITMENTS, "Våra löften", ""),
            (Section.Kind.EFFECTS, "Effekter och mål", data["effects"]),
            (Section.Kind.FOLLOWUP_PLAN, "Uppföljning", data["followup_plan"]),
        ]
        kept = [
            self._upsert(
                Section,
                {"promise": promise, "order": order},
                {"kind": kind, "heading": heading, "body": body},
            )
            for order, (kind, heading, body) in enumerate(rows, start=1)
        ]
        self._prune(promise.sections.all(), [obj for obj in kept if obj is not None])

    def _local_focus_areas(self, promise, rows):
        kept = {}
        for order, (name, description, slugs) in enumerate(rows, start=1):
            obj = self._upsert(
                LocalFocusArea,
                {"promise": promise, "order": order},
                {"name": name, "description": description},
            )
            if obj is not None:
                national = [FocusArea.objects.get(slug=slug) for slug in slugs]
                _set_m2m(obj, "national_focus_areas", national)
                kept[name] = obj
        self._prune(promise.local_focus_areas.all(), list(kept.values()))
        return kept

    def _groups(self, promise, data):
        """A group for each party that promises something, under the document's lead-in."""
        lead_ins = data.get("lead_ins", LEAD_INS)
        used = {row["party"] for row in data["commitments"]}
        return {
            party: self._upsert(
                CommitmentGroup, {"promise": promise, "order": order}, {"lead_in": lead_in}
            )
            for order, (party, lead_in) in enumerate(lead_ins.items(), start=1)
            if party in used
        }

    def _commitments(self, promise, rows, *, groups, parties, local_areas):
        kept = []
        for order, row in enumerate(rows, start=1):
            values = {
                key: value
                for key, value in row.items()
                if key not in ("focus", "party", "local", "parties", "measures", "amendment")
            }
            group = groups.get(row["party"])
            obj = self._upsert(
                Commitment, {"promise": promise, "order": order}, {**values, "group": group}
            )
            if obj is not None:
                focus = [FocusArea.objects.get(slug=slug) for slug in row["focus"]]
                _set_m2m(obj, "focus_areas", focus)
                who = row.get("parties") or [row["party"]]
                _set_m2m(obj, "parties", [p for key in who for p in parties[key] if p])
                local = [local_areas[name] for name in row.get("local", []) if name in local_areas]
                _set_m2m(obj, "local_focus_areas", local)
                obj.demo_measures = self._measures(promise, obj, row["measures"])
            kept.append(obj)
        # A stale löfte goes with the demo's statuses of it; one that someone else's follow-up
        # rates stays (the database protects it, and so does the demo).
        stale = (
            self._owned(promise.commitments.all())
            .exclude(pk__in=[obj.pk for obj in kept if obj is not None])
            .exclude(
                statuses__in=CommitmentStatus.objects.exclude(
                    pk__in=self._marks(CommitmentStatus).values("object_id")
                )
            )
        )
        statuses = CommitmentStatus.objects.filter(commitment__in=stale)
        self._unmark(statuses)
        statuses.delete()
        self._unmark(stale)
        stale.delete()
        return kept

    def _measures(self, promise, commitment, rows):
        kept = [
            self._upsert(
                Measure,
                {"promise": promise, "commitment": commitment, "order": order},
                values,
            )
            for order, values in enumerate(rows, start=1)
        ]
        self._prune(commitment.measures.all(), [obj for obj in kept if obj is not None])
        return kept

    def _measure_values(self, status, measures, values):
        kept = [
            self._upsert(
                MeasureValue,
                {"status": status, "measure": measure},
                {"value": value[0], "approximate": value[1]},
            )
            for measure, value in zip(measures, values, strict=False)
            if measure is not None and value is not None
        ]
        self._prune(status.measure_values.all(), [obj for obj in kept if obj is not None])

    def _amendments(self, promise, data, commitments, users):
        """A löfte's approved amendment: the data holds the löfte as amended and, under
        "amendment", its values before; both parties approved it (by their demo editors)."""
        for row, commitment in zip(data["commitments"], commitments, strict=True):
            if commitment is None:
                continue
            kept = []
            amendment = row.get("amendment")
            if amendment is not None:
                before = dict(amendment["before"])
                before["measures"] = [
                    {"id": m.pk, "name": m.name, "unit": m.unit, "target": m.target, **old}
                    for m, old in zip(
                        commitment.measures.all(), before.get("measures", ()), strict=False
                    )
                ]
                kommun = users.get(_demo_editor(Approval.Party.MUNICIPALITY, data))
                obj = self._upsert(
                    Amendment,
                    {"commitment": commitment, "effective_from": amendment["effective_from"]},
                    {
                        "changes": services.amendment_changes(commitment, {}, before=before),
                        "reason": amendment["reason"],
                        "state": Amendment.State.APPROVED,
                        "approved_at": amendment["approved_at"],
                        "proposed_by": kommun,
                    },
                )
                if obj is not None:
                    kept.append(obj)
                    self._amendment_approvals(promise, obj, data, users)
            self._prune(commitment.amendments.all(), kept)

    def _amendment_approvals(self, promise, amendment, data, users):
        kept = []
        for party in approval.required_parties(promise):
            user = users.get(_demo_editor(party, data))
            name = (
                approval.approver_name(user) if user else approval.organisation_name(promise, party)
            )
            values = {"user": user, "approver_name": name, "approved_at": amendment.approved_at}
            kept.append(
                self._upsert(AmendmentApproval, {"amendment": amendment, "party": party}, values)
            )
        self._prune(amendment.approvals.all(), [obj for obj in kept if obj is not None])

    def _signatories(self, promise, rows):
        kept = [
            self._upsert(
                Signatory,
                {"promise": promise, "order": order},
                {"name": name, "title": title, "organisation": organisation},
            )
            for order, (name, title, organisation) in enumerate(rows, start=1)
        ]
        self._prune(promise.signatories.all(), [obj for obj in kept if obj is not None])

    def _approvals(self, promise, data, users):
        """A signed document has each party's approval of its content, at its signing time: by
        the party's demo editor where the demo has one, else in the name of the party's
        signatory (a row recorded outside the portal, without a user)."""
        kept = []
        if promise.is_frozen:
            digest = approval.content_hash(promise)
            signatories = {organisation: name for name, _title, organisation in data["signatories"]}
            for party in approval.required_parties(promise):
                user = users.get(_demo_editor(party, data))
                organisation = approval.organisation_name(promise, party)
                values = {
                    "user": user,
                    "approver_name": approval.approver_name(user)
                    if user is not None
                    else signatories.get(organisation, organisation),
                    "content_hash": digest,
                    "approved_at": data["signed_at"],
                    "withdrawn_at": None,
                    "withdrawal_reason": "",
                }
                kept.append(self._upsert(Approval, {"promise": promise, "party": party}, values))
        self._prune(promise.approvals.all(), [obj for obj in kept if obj is not None])

    def _followups(self, promise, rows, commitments, users, parties):
        kept = []
        for row in rows:
            if len(row["statuses"]) != len(commitments):
                raise ValueError(
                    f"{promise} {row['year']}/{row['number']}: {len(row['statuses'])} statuses "
                    f"for {len(commitments)} commitments"
                )
            published = row["published_at"] is not None
            followup = self._upsert(
                FollowUp,
                {"promise": promise, "year": row["year"], "number": row["number"]},
                {
                    "summary": row["summary"],
                    "state": FollowUp.State.PUBLISHED if published else FollowUp.State.DRAFT,
                    "published_at": row["published_at"],
                    # A real user who has a demo user's name is not the demo's publisher.
                    "published_by": users.get(row["published_by"]) if published else None,
                },
            )
            if followup is None:
                continue
            circumstances = {
                key: self._upsert(
                    Circumstance,
                    {"followup": followup, "order": order},
                    {"title": title, "text": text},
                )
                for order, (key, title, text) in enumerate(row.get("circumstances", []), start=1)
            }
            statuses = []
            for commitment, values in zip(commitments, row["statuses"], strict=True):
                statuses += self._statuses(followup, commitment, values, parties, circumstances)
            self._prune(followup.statuses.all(), [obj for obj in statuses if obj is not None])
            if published:  # a pruned row may have carried a löfte's latest mark
                refresh_latest([commitment.pk for commitment in commitments])
            self._prune(followup.circumstances.all(), [c for c in circumstances.values() if c])
            other_work = [
                self._upsert(
                    OtherWork,
                    {"followup": followup, "order": order},
                    {"party": parties[party][0], "title": title, "text": text},
                )
                for order, (party, title, text) in enumerate(row.get("other_work", []), start=1)
            ]
            self._prune(followup.other_work.all(), [obj for obj in other_work if obj is not None])
            kept.append(followup)
        stale = self._owned(promise.followups.all()).exclude(pk__in=[obj.pk for obj in kept])
        for model in (CommitmentStatus, OtherWork, Circumstance):
            children = model.objects.filter(followup__in=stale)
            self._unmark(children)
            children.delete()
        self._unmark(stale)
        stale.delete()

    def _statuses(self, followup, commitment, values, parties, circumstances):
        """A löfte's rows in one follow-up: one, by its only party or for the whole löfte, or
        one per party that has reported its part (`parts` in the data)."""
        if "parts" in values:
            by_party = [(parties[key][0], part) for key, part in values["parts"].items() if part]
        else:
            only = list(commitment.parties.all())
            by_party = [(only[0] if len(only) == 1 else None, values)]
        rows = []
        for party, part in by_party:
            fields = {k: v for k, v in part.items() if k != "values"}
            status = self._upsert(
                CommitmentStatus,
                {"followup": followup, "commitment": commitment, "party": party},
                {**fields, "circumstance": circumstances.get(part["circumstance"])},
            )
            if status is not None:
                self._measure_values(status, commitment.demo_measures, part["values"])
            rows.append(status)
        return rows


def _demo_editor(party, data):
    """The username of the demo's editor of `party` of the document `data`, or None."""
    key = "municipality" if party == Approval.Party.MUNICIPALITY else "police_area"
    for row in USERS:
        if row.get("role") == Membership.Role.EDITOR and row.get(key) == data[key]:
            return row["username"]
    return None


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
