"""Forms of the follow-up pages in the admin: the one-page form (a row per löfte, laid out with
django-crispy-forms) and the spreadsheet upload. They check only the form of what was entered;
the rules are in `followup.services`, which the views call."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import RECURRING_STATUSES, CommitmentStatus, Status
from .status_inputs import MeasureInput, StatusInput


def _model_field(name):
    return CommitmentStatus._meta.get_field(name)


class StatusRowForm(forms.Form):
    """One löfte's status in the follow-up: for a recurring löfte its count, and for each of the
    löfte's measures its achieved value with the mark "ca" (approximate)."""

    commitment = forms.IntegerField(widget=forms.HiddenInput)
    party = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(label=gettext_lazy("Ny status"))
    circumstance = forms.TypedChoiceField(
        label=_model_field("circumstance").verbose_name.capitalize(),
        help_text=_model_field("circumstance").help_text,
        coerce=int,
        empty_value=None,
        required=False,
    )
    count = forms.IntegerField(
        label=_model_field("count").verbose_name.capitalize(),
        help_text=_model_field("count").help_text,
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    reason = forms.CharField(
        label=_model_field("reason").verbose_name.capitalize(),
        help_text=_model_field("reason").help_text,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    comment = forms.CharField(
        label=_model_field("comment").verbose_name.capitalize(),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args, commitment=None, read_only=False, circumstances=(), optional=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        recurring = commitment is not None and commitment.is_recurring
        self.fields["status"].choices = [
            (s.value, str(s.label).capitalize())
            for s in Status
            if recurring or s not in RECURRING_STATUSES
        ]
        if not recurring:
            del self.fields["count"]
        self.measures = list(commitment.measures.all()) if commitment is not None else []
        measure_fields = []
        for measure in self.measures:
            name = f"measure_{measure.pk}"
            self.fields[name] = forms.DecimalField(
                label=_("%(measure)s, uppnått") % {"measure": measure.name}
                + (f" ({measure.unit})" if measure.unit else ""),
                help_text=_("Mål: %(target)s") % {"target": measure.target_text()}
                if measure.target is not None
                else "",
                min_value=0,
                max_digits=12,
                decimal_places=2,
                required=False,
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            self.fields[f"{name}_approximate"] = forms.BooleanField(
                label=_("ca (ungefär)"), required=False
            )
            measure_fields += [name, f"{name}_approximate"]
        self.fields["circumstance"].choices = [("", "—")] + [(c.pk, c.title) for c in circumstances]
        if not circumstances:
            self.fields["circumstance"].widget = forms.HiddenInput()
        if optional:
            # A part of a löfte that several parties promise: empty while its party has not
            # reported (or while the whole löfte is reported gemensamt).
            self.fields["status"].required = False
            self.fields["status"].choices = [("", _("Inte rapporterat"))] + self.fields[
                "status"
            ].choices
        if read_only:
            for field in self.fields.values():
                field.disabled = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("commitment"),
            Field("party"),
            Div(
                Div(
                    "status",
                    *(["count"] if recurring else []),
                    *measure_fields,
                    css_class="status-choice",
                ),
                Div("reason", "circumstance", "comment", css_class="status-texts"),
                css_class="status-fields",
            ),
        )

    def clean(self):
        data = super().clean()
        for measure in self.measures:
            name = f"measure_{measure.pk}"
            if data.get(f"{name}_approximate") and data.get(name) is None:
                self.add_error(
                    name,
                    _(
                        "Skriv ett värde för ”%(measure)s” för att markera det som ungefärligt, "
                        "eller ta bort markeringen ”ca”."
                    )
                    % {"measure": measure.name},
                )
        return data

    def status_input(self):
        data = self.cleaned_data
        return StatusInput(
            commitment_id=data["commitment"],
            party_id=data["party"],
            circumstance_id=data["circumstance"],
            status=data["status"],
            reason=data["reason"],
            comment=data["comment"],
            count=data.get("count"),
            measure_values=tuple(
                MeasureInput(
                    measure_id=measure.pk,
                    value=data[f"measure_{measure.pk}"],
                    approximate=data[f"measure_{measure.pk}_approximate"],
                )
                for measure in self.measures
                if data.get(f"measure_{measure.pk}") is not None
            ),
        )

    def add_service_errors(self, errors):
        """Show the service's errors for this row beside the fields they concern."""
        for name, messages in errors.items():
            field = name if name in self.fields else None
            for message in messages:
                self.add_error(None if name == NON_FIELD_ERRORS else field, message)


def initial_of(commitment, status, party=None):
    """The form's initial values for one löfte's part (`party`, None for the whole löfte) and
    its stored status (or None)."""
    initial = {
        "commitment": commitment.pk,
        "party": party.pk if party else None,
        # A löfte of several parties has a row per part and one for the whole löfte; each may
        # stay empty.
        "optional": len(commitment.parties.all()) > 1,
        "circumstance": status.circumstance_id if status else None,
        "status": status.status if status else "",
        "reason": status.reason if status else "",
        "comment": status.comment if status else "",
        "count": status.count if status else None,
    }
    for value in status.measure_values.all() if status else ():
        # 12 rather than 12,00; 12,5 rather than 12,50.
        shown = (
            value.value.quantize(1)
            if value.value == value.value.to_integral()
            else value.value.normalize()
        )
        initial[f"measure_{value.measure_id}"] = shown
        initial[f"measure_{value.measure_id}_approximate"] = value.approximate
    return initial


class BaseStatusFormSet(forms.BaseFormSet):
    def __init__(self, *args, commitments=(), read_only=False, circumstances=(), **kwargs):
        self.read_only = read_only
        self.commitments = list(commitments)
        self.circumstances = list(circumstances)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        commitment = self.commitments[index] if index < len(self.commitments) else None
        initial = self.initial[index] if self.initial and index < len(self.initial) else {}
        return {
            **super().get_form_kwargs(index),
            "read_only": self.read_only,
            "commitment": commitment,
            "circumstances": self.circumstances,
            "optional": initial.get("optional", False),
        }


StatusFormSet = forms.formset_factory(
    StatusRowForm, formset=BaseStatusFormSet, extra=0, can_order=False, can_delete=False
)


class LockVersionForm(forms.Form):
    """The follow-up's version when the page was opened (optimistic locking)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class ImportForm(LockVersionForm):
    file = forms.FileField(
        label=gettext_lazy("Fil att läsa in"),
        help_text=gettext_lazy(
            "Den exporterade CSV-filen, redigerad i Excel eller ett annat kalkylprogram och "
            "sparad som CSV."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.FOLLOWUP_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Filen är för stor (%(size)s). Största tillåtna storlek är %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload
