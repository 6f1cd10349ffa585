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

from .models import CommitmentStatus, Status
from .services import STATUS_FIELDS, StatusInput


def _model_field(name):
    return CommitmentStatus._meta.get_field(name)


class StatusRowForm(forms.Form):
    """One löfte's status in the follow-up."""

    commitment = forms.IntegerField(widget=forms.HiddenInput)
    party = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Ny status"),
        choices=[(s.value, str(s.label).capitalize()) for s in Status],
    )
    circumstance = forms.TypedChoiceField(
        label=_model_field("circumstance").verbose_name.capitalize(),
        help_text=_model_field("circumstance").help_text,
        coerce=int,
        empty_value=None,
        required=False,
    )
    achieved_number = forms.IntegerField(
        label=_model_field("achieved_number").verbose_name.capitalize(),
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

    def __init__(self, *args, read_only=False, circumstances=(), optional=False, **kwargs):
        super().__init__(*args, **kwargs)
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
                Div("status", "achieved_number", css_class="status-choice"),
                Div("reason", "circumstance", "comment", css_class="status-texts"),
                css_class="status-fields",
            ),
        )

    def status_input(self):
        data = self.cleaned_data
        return StatusInput(
            commitment_id=data["commitment"],
            party_id=data["party"],
            circumstance_id=data["circumstance"],
            **{name: data[name] for name in STATUS_FIELDS if name != "circumstance_id"},
        )

    def add_service_errors(self, errors):
        """Show the service's errors for this row beside the fields they concern."""
        for name, messages in errors.items():
            field = name if name in self.fields else None
            for message in messages:
                self.add_error(None if name == NON_FIELD_ERRORS else field, message)


class BaseStatusFormSet(forms.BaseFormSet):
    def __init__(self, *args, read_only=False, circumstances=(), **kwargs):
        self.read_only = read_only
        self.circumstances = list(circumstances)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        initial = self.initial[index] if self.initial and index < len(self.initial) else {}
        return {
            **super().get_form_kwargs(index),
            "read_only": self.read_only,
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
