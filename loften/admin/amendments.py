"""Amendments (ändringar under löptiden) in the admin: the box on a running document's page, the
page that proposes one for a löfte (the life-cycle step "amend" of the document), and the
amendment's own read-only page with the steps "Godkänn ändringen" and "Återkalla förslaget".
Every page is a `ConfirmStep`; the writes are `loften.services.amendments`, the table of what may
change `loften.amendable`."""

import dataclasses

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipalities import permissions

from .. import approval, services
from ..amendable import AMENDABLE_FIELDS
from ..models import Amendment, AmendmentApproval, RatePer
from .base import ConfirmStep, ConfirmStepMixin, ViewOnlyPartAdmin

# --- Proposing ----------------------------------------------------------------------------------


class ProposeForm(forms.Form):
    """The löfte's new values (as it is now, to begin with), from when, and why. The fields of
    its measures are added per löfte (`measure_fields`)."""

    text = forms.CharField(label=gettext_lazy("Löftet (metod)"), widget=forms.Textarea)
    rate_target = forms.DecimalField(
        label=gettext_lazy("Takt, minst"),
        max_digits=10,
        decimal_places=2,
        required=False,
        help_text=gettext_lazy(
            "För ett återkommande löfte, t.ex. 1 (trafikkontroll per dygn). Tomt: löftet "
            "återkommer inte."
        ),
    )
    rate_per = forms.ChoiceField(
        label=gettext_lazy("Per"), choices=[("", "---------"), *RatePer.choices], required=False
    )
    rate_counted = forms.CharField(
        label=gettext_lazy("Vad som räknas"), max_length=60, required=False
    )
    starts_on = forms.DateField(
        label=gettext_lazy("Löftet gäller från"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Tomt: från medborgarlöftets början."),
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Löftet gäller till"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Tomt: till medborgarlöftets slut. T.ex. en längre period."),
    )
    effective_from = forms.DateField(
        label=gettext_lazy("Ändringen gäller från"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label=gettext_lazy("Skäl"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,  # the service says what is missing, in its own words
        help_text=gettext_lazy(
            "Varför löftet ändras. Visas för invånarna tillsammans med ändringen."
        ),
    )

    def clean_rate_counted(self):
        return self.cleaned_data["rate_counted"].strip()


def measure_fields(measures) -> dict:
    """The form's fields for the löfte's measures, each as it is now, and one new measure: a
    name, a unit and a target each ("measure_<id>_name", …; "measure_new_name", …)."""
    fields = {}
    for measure in [*measures, None]:
        prefix = f"measure_{measure.pk if measure else 'new'}"
        name = measure.name if measure else _("nytt mått")
        fields[f"{prefix}_name"] = forms.CharField(
            label=_("Mått: %(name)s") % {"name": name} if measure else _("Nytt mått"),
            max_length=150,
            required=False,
            initial=measure.name if measure else "",
            help_text=""
            if measure
            else _("Valfritt: ett mått att lägga till, t.ex. trygghetsvandringar."),
        )
        fields[f"{prefix}_unit"] = forms.CharField(
            label=_("Enhet (%(name)s)") % {"name": name},
            max_length=60,
            required=False,
            initial=measure.unit if measure else "",
        )
        fields[f"{prefix}_target"] = forms.DecimalField(
            label=_("Mål (%(name)s)") % {"name": name},
            max_digits=12,
            decimal_places=2,
            required=False,
            initial=measure.target if measure else None,
            help_text=_("Valfritt. Tomt: måttet har inget mål."),
        )
    return fields


def measure_values(measures, data) -> list[dict]:
    """The measures as `loften.services.amendment_propose` takes them, from the form's data;
    the new one only when it has a name or a target."""
    rows = []
    for measure in [*measures, None]:
        prefix = f"measure_{measure.pk if measure else 'new'}"
        row = {name: data[f"{prefix}_{name}"] for name in ("name", "unit", "target")}
        if measure is None and not (row["name"].strip() or row["target"] is not None):
            continue
        rows.append({"id": measure.pk if measure else None, **row})
    return rows


def _propose_available(promise):
    return "amend" in services.available_transitions(promise)


def _party_editor(promise, user):
    if not approval.parties_of(user, promise):
        raise PermissionDenied(
            _(
                "Bara en redaktör i kommunen eller lokalpolisområdet föreslår och godkänner "
                "ändringar, för sin egen organisation. En nationell administratör godkänner inte "
                "för någon part."
            )
        )


PROPOSE = ConfirmStep(
    title=gettext_lazy("Föreslå en ändring av ett löfte"),
    explanation="",
    button=gettext_lazy("Föreslå ändringen"),
    run=None,  # set per löfte by `propose_step`
    done=lambda amendment: (
        _("Ändringen är godkänd av alla parter och införd i löftet.")
        if amendment.state == Amendment.State.APPROVED
        else _(
            "Ändringen är föreslagen. Den andra parten har fått ett mejl med en begäran om "
            "godkännande."
        )
    ),
    available=_propose_available,
    why_not=services.amendment_refusal,
    form=ProposeForm,
)


def propose_step(promise, query) -> ConfirmStep:
    """The step for the löfte `?lofte=` names, its form filled with the löfte as it is now."""
    commitment = promise.commitments.filter(pk=_int(query.get("lofte"))).first()
    if commitment is None:
        raise Http404(_("Välj ett löfte i medborgarlöftet att ändra."))
    initial = {name: getattr(commitment, name) for name in AMENDABLE_FIELDS}
    measures = list(commitment.measures.all())

    class Form(ProposeForm):
        def __init__(self, data=None):
            super().__init__(data, initial=initial)
            fields = list(self.fields.items())
            at = list(self.fields).index("starts_on")
            self.fields = {
                **dict(fields[:at]),
                **measure_fields(measures),
                **dict(fields[at:]),
            }

    def run(promise, user, **data):
        return services.amendment_propose(
            commitment=commitment,
            user=user,
            values={
                **{name: data[name] for name in AMENDABLE_FIELDS},
                "measures": measure_values(measures, data),
            },
            reason=data["reason"],
            effective_from=data["effective_from"],
        )

    def for_user(promise, user):
        _party_editor(promise, user)
        return step

    step = dataclasses.replace(
        PROPOSE,
        explanation=_(
            "Ändra löftet ”%(commitment)s” medan medborgarlöftet gäller: metoden, takten, "
            "måtten och deras mål, eller perioden. Ett mått kan ändras eller läggas till men "
            "inte tas bort, eftersom uppföljningarna redovisar värden för det. Ändringen gäller "
            "när alla parter har godkänt den; ditt "
            "förslag räknas som din organisations godkännande. Medborgarlöftet får ingen ny "
            "version och den undertecknade PDF:en ändras inte. Invånarna ser ändringen, före "
            "och efter, med datum och skäl."
        )
        % {"commitment": commitment},
        form=Form,
        run=run,
        arguments=lambda data: data,
        for_user=for_user,
    )
    return step


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def amendment_context(user, promise):
    """The box on a running document's change page: its löften, each with a link to propose an
    amendment where the user may, and the amendments so far; where none may be proposed any
    more, why (`services.amendment_refusal`)."""
    if not promise.is_frozen:
        return {}
    commitments = list(promise.commitments.in_document_order().prefetch_related("amendments"))
    may_propose = _propose_available(promise) and bool(approval.parties_of(user, promise))
    base = reverse("admin:loften_citizenpromise_amend", args=[promise.pk])
    return {
        "amendment_refusal": services.amendment_refusal(promise),
        "amendment_rows": [
            {
                "commitment": commitment,
                "propose_url": f"{base}?lofte={commitment.pk}" if may_propose else "",
                "amendments": list(commitment.amendments.all()),
            }
            for commitment in commitments
        ],
    }


# --- The amendment's own page --------------------------------------------------------------------


class LockVersionForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


def _with_version(step):
    def for_user(amendment, user):
        _party_editor(amendment.commitment.promise, user)

        class Form(LockVersionForm):
            def __init__(self, data=None):
                super().__init__(data, initial={"lock_version": amendment.lock_version})

        return dataclasses.replace(step, form=Form)

    return dataclasses.replace(step, for_user=for_user)


def _proposed(amendment):
    return amendment.state == Amendment.State.PROPOSED


def _approvable(amendment):
    """A proposal whose document may still be amended (`services.amendment_refusal`)."""
    return _proposed(amendment) and not services.amendment_refusal(amendment.commitment.promise)


AMENDMENT_STEPS = {
    "approve": _with_version(
        ConfirmStep(
            title=gettext_lazy("Godkänn ändringen"),
            explanation=gettext_lazy(
                "Du godkänner ändringen för din organisation. När alla parter har godkänt den "
                "förs den in i löftet och visas för invånarna, med datum och skäl."
            ),
            button=gettext_lazy("Godkänn ändringen"),
            run=lambda amendment, user, **data: services.amendment_approve(
                amendment=amendment, user=user, **data
            ),
            done=lambda amendment: (
                _("Ändringen är godkänd av alla parter och införd i löftet.")
                if amendment.state == Amendment.State.APPROVED
                else _("Du har godkänt ändringen. Den väntar på den andra partens godkännande.")
            ),
            available=_approvable,
            why_not=lambda amendment: services.amendment_refusal(amendment.commitment.promise),
            arguments=lambda data: {"lock_version": data["lock_version"]},
        )
    ),
    "withdraw": _with_version(
        ConfirmStep(
            title=gettext_lazy("Återkalla förslaget"),
            explanation=gettext_lazy(
                "Förslaget återkallas och löftet förblir som det är. Det syns i historiken."
            ),
            button=gettext_lazy("Återkalla förslaget"),
            run=lambda amendment, user, **data: services.amendment_withdraw(
                amendment=amendment, user=user, **data
            ),
            done=lambda amendment: _("Förslaget till ändring är återkallat."),
            available=_proposed,
            arguments=lambda data: {"lock_version": data["lock_version"]},
        )
    ),
}


@admin.register(Amendment)
class AmendmentAdmin(ConfirmStepMixin, ViewOnlyPartAdmin):
    """Read-only: amendments are proposed from their document's page and approved or withdrawn
    through the steps."""

    promise_path = "commitment__promise"
    change_form_template = "admin/loften/amendment/change_form.html"
    list_display = ["__str__", "promise_link", "state", "effective_from", "proposed_at"]
    list_filter = ["state"]
    list_select_related = ["commitment"]
    fields = [
        "promise_link",
        "commitment",
        "state",
        "changes_display",
        "reason",
        "effective_from",
        "proposed_by",
        "proposed_at",
        "approvals_display",
        "approved_at",
        "withdrawn_at",
    ]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("medborgarlöfte"))
    def promise_link(self, obj):
        promise = obj.commitment.promise
        url = reverse("admin:loften_citizenpromise_change", args=[promise.pk])
        return format_html_join("", '<a href="{}">{}</a>', [(url, promise.title)])

    @admin.display(description=gettext_lazy("ändringar (före → efter)"))
    def changes_display(self, obj):
        return format_html_join(
            "",
            "<p><strong>{}:</strong> {} → {}</p>",
            [(r["label"], r["before_text"], r["after_text"]) for r in obj.change_rows()],
        )

    @admin.display(description=gettext_lazy("godkännanden"))
    def approvals_display(self, obj):
        return format_html_join(
            "",
            "<p>{} ({}): {}</p>",
            [
                (
                    a.approver_name,
                    approval.organisation_name(obj.commitment.promise, a.party),
                    timezone.localtime(a.approved_at).strftime("%Y-%m-%d %H:%M"),
                )
                for a in obj.approvals.all()
            ],
        )

    def may_take_steps(self, request, obj):
        return permissions.can_edit(request.user, self.promise_of(obj))

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        steps = [
            path(
                f"<path:object_id>/{name}/",
                self.admin_site.admin_view(self.step_view),
                {"name": name},
                name=f"{info[0]}_{info[1]}_{name}",
            )
            for name in AMENDMENT_STEPS
        ]
        return [*steps, *super().get_urls()]

    def step_view(self, request, object_id, name):
        amendment = self.get_object(request, unquote(object_id))
        return self.confirm_step_view(request, amendment, AMENDMENT_STEPS[name])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and _proposed(obj) and self.may_take_steps(request, obj):
            context["amendment_steps"] = [
                {"label": step.button, "url": self.step_url(name, obj)}
                for name, step in AMENDMENT_STEPS.items()
                if step.available(obj)
            ]
            context["amendment_refusal"] = services.amendment_refusal(obj.commitment.promise)
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(AmendmentApproval)
class AmendmentApprovalAdmin(ViewOnlyPartAdmin):
    """A party's approval of an amendment, recorded by the steps; listed read-only."""

    promise_path = "amendment__commitment__promise"
    list_display = ["__str__", "amendment", "approved_at"]
    list_select_related = ["amendment__commitment"]
