"""Importing an existing medborgarlöfte in the admin: a member uploads a file, sees the proposal
(loften/importer) beside the source text with each line marked where it went, corrects it in
the same form and saves a draft of their own organisation's, in one transaction
(`loften.importer.draft.create_draft`, through the services)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipalities import permissions

from ..importer.draft import create_draft, find_police_area
from ..importer.errors import ImportRefused
from ..importer.extract import check_size, extract_text
from ..importer.proposal import (
    CommitmentProposal,
    FocusAreaProposal,
    Proposal,
    Section,
    SignatoryProposal,
    national_slugs,
    placements,
    propose,
)
from ..models import CitizenPromise, Source
from ..models import Section as SectionModel

#: A row's choice starts empty, so that the empty row added at the end of each list stays
#: unchanged (and is not saved) unless the member fills it in.
BLANK = [("", "---------")]
PARTIES = [
    ("police", gettext_lazy("polisen")),
    ("municipality", gettext_lazy("kommunen")),
    ("joint", gettext_lazy("gemensamt")),
    ("other", gettext_lazy("annan part")),
]
#: What the source text's lines are marked with (`loften.importer.proposal.PLACEMENTS`).
PLACEMENT_LABELS = {
    "title": gettext_lazy("Titel"),
    "heading": gettext_lazy("Rubrik"),
    "section": gettext_lazy("Avsnitt"),
    "focus_area": gettext_lazy("Fokusområde"),
    "commitment": gettext_lazy("Löfte"),
    "lead_in": gettext_lazy("Inledning till löften"),
    "signatory": gettext_lazy("Undertecknare"),
    "attachment": gettext_lazy("Bilaga"),
    "noise": gettext_lazy("Borttaget (sidhuvud, sidnummer, länk …)"),
    "unplaced": gettext_lazy("Inte placerad"),
}
SIDES = [
    ("municipality", gettext_lazy("kommunen")),
    ("police", gettext_lazy("polisen")),
    ("other", gettext_lazy("annan part")),
]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil"),
        help_text=gettext_lazy("Medborgarlöftet som .docx, .pdf (med text), .html eller .txt."),
    )
    municipality = forms.ModelChoiceField(
        queryset=None,
        label=gettext_lazy("Kommun"),
        help_text=gettext_lazy("Kommunen som medborgarlöftet hör till: en av din organisations."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = permissions.municipalities_for_editing(user)


class ReviewForm(forms.Form):
    """The proposal's document fields; its parts are the formsets below."""

    source_text = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    municipality = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Kommun"))
    police_area = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Lokalpolisområde"))
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=200)
    valid_from = forms.DateField(label=gettext_lazy("Gäller från"))
    valid_until = forms.DateField(label=gettext_lazy("Gäller till"))
    cadence = forms.ChoiceField(
        label=gettext_lazy("Uppföljningsintervall"), choices=CitizenPromise.Cadence.choices
    )
    case_number = forms.CharField(label=gettext_lazy("Diarienummer"), max_length=60, required=False)
    signed_place = forms.CharField(
        label=gettext_lazy("Undertecknat på orten"), max_length=100, required=False
    )
    signed_on = forms.DateField(label=gettext_lazy("Undertecknat den"), required=False)
    places = forms.CharField(
        label=gettext_lazy("Platser"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("En plats per rad."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = permissions.municipalities_for_editing(user)
        self.fields["police_area"].queryset = permissions.police_areas_for_editing(user)

    def clean(self):
        data = super().clean()
        municipality, area = data.get("municipality"), data.get("police_area")
        if municipality and area and not area.municipalities.filter(pk=municipality.pk).exists():
            self.add_error(
                "police_area",
                _("%(area)s är inte kommunens lokalpolisområde.") % {"area": area},
            )
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("Perioden måste sluta efter att den börjar."))
        return data


class SectionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Typ"), choices=BLANK + SectionModel.Kind.choices)
    heading = forms.CharField(label=gettext_lazy("Rubrik"), max_length=200, required=False)
    text = forms.CharField(
        label=gettext_lazy("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FocusAreaForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Fokusområde"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Beskrivning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommitmentForm(forms.Form):
    party = forms.ChoiceField(label=gettext_lazy("Part"), choices=BLANK + PARTIES)
    party_name = forms.CharField(
        label=gettext_lazy("Partens namn (annan part)"), max_length=200, required=False
    )
    lead_in = forms.CharField(label=gettext_lazy("Inledning"), max_length=200, required=False)
    text = forms.CharField(label=gettext_lazy("Löfte"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("party") == "other" and not data.get("party_name"):
            self.add_error("party_name", _("Skriv namnet på den part som lovar detta."))
        return data


class SourceForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Underlag"), choices=BLANK + Source.Kind.choices)
    description = forms.CharField(
        label=gettext_lazy("Beskrivning"), widget=forms.Textarea(attrs={"rows": 2})
    )


class SignatoryForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Namn"), max_length=150)
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=150)
    side = forms.ChoiceField(label=gettext_lazy("Organisation"), choices=BLANK + SIDES)


FORMSETS = {
    "sections": SectionForm,
    "focus_areas": FocusAreaForm,
    "commitments": CommitmentForm,
    "sources": SourceForm,
    "signatories": SignatoryForm,
}


def formsets(data=None, initial=None):
    return {
        name: forms.formset_factory(form, extra=1, can_delete=True)(
            data, prefix=name, initial=(initial or {}).get(name)
        )
        for name, form in FORMSETS.items()
    }


def initial_parts(proposal: Proposal) -> dict:
    return {
        "sections": [
            {"kind": s.kind, "heading": s.heading, "text": s.text} for s in proposal.sections
        ],
        "focus_areas": [
            {"name": a.name, "description": a.description} for a in proposal.focus_areas
        ],
        "commitments": [
            {"party": c.party, "party_name": c.party_name, "lead_in": c.lead_in, "text": c.text}
            for c in proposal.commitments
        ],
        "sources": list(proposal.sources),
        "signatories": [
            {"name": s.name, "title": s.title, "side": s.side} for s in proposal.signatories
        ],
    }


def corrected(form: ReviewForm, sets: dict) -> Proposal:
    """The proposal as the member corrected it."""

    def rows(name):
        return [
            row.cleaned_data
            for row in sets[name].forms
            if row.cleaned_data and not row.cleaned_data.get("DELETE")
        ]

    data = form.cleaned_data
    return Proposal(
        title=data["title"],
        valid_from=data["valid_from"],
        valid_until=data["valid_until"],
        cadence=data["cadence"],
        case_number=data["case_number"],
        signed_place=data["signed_place"],
        signed_on=data["signed_on"],
        sections=[Section(r["kind"], r["heading"], r["text"]) for r in rows("sections")],
        focus_areas=[
            FocusAreaProposal(r["name"], r["description"], national_slugs(r["name"]))
            for r in rows("focus_areas")
        ],
        commitments=[
            CommitmentProposal(
                r["party"],
                r["party_name"] if r["party"] == "other" else "",
                r["lead_in"],
                r["text"],
            )
            for r in rows("commitments")
        ],
        sources=[{"kind": r["kind"], "description": r["description"]} for r in rows("sources")],
        places=[line.strip() for line in data["places"].splitlines() if line.strip()],
        signatories=[
            SignatoryProposal(r["name"], r["title"], r["side"], None, "")
            for r in rows("signatories")
        ],
    )


def import_view(model_admin, request):
    """Step 1: upload (UploadForm). Step 2: the proposal beside the source (ReviewForm and the
    formsets), saved as a draft."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    user = request.user
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Läs in ett befintligt medborgarlöfte"),
    }
    if request.method == "POST" and "review" in request.POST:
        form = ReviewForm(request.POST, user=user)
        sets = formsets(request.POST)
        if form.is_valid() and all(s.is_valid() for s in sets.values()):
            try:
                promise = create_draft(
                    corrected(form, sets),
                    municipality=form.cleaned_data["municipality"],
                    police_area=form.cleaned_data["police_area"],
                    user=user,
                )
            except ImportRefused as error:
                form.add_error(None, str(error))
            else:
                model_admin.message_user(
                    request,
                    _("Utkastet ”%(title)s” är sparat. Granska det innan ni godkänner det.")
                    % {"title": promise.title},
                    messages.SUCCESS,
                )
                return redirect("admin:loften_citizenpromise_change", promise.pk)
        return review_page(request, context, form, sets, form.data.get("source_text", ""))

    upload = UploadForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and upload.is_valid():
        file = upload.cleaned_data["file"]
        try:
            check_size(file.size, settings.IMPORT_MAX_FILE_BYTES)
            _kind, text = extract_text(
                file.name, file.read(), max_bytes=settings.IMPORT_MAX_FILE_BYTES
            )
            proposal = propose(text)
        except ImportRefused as error:
            upload.add_error("file", str(error))
        else:
            municipality = upload.cleaned_data["municipality"]
            try:
                area = find_police_area(municipality, None, proposal)
            except ImportRefused:
                area = None  # the member chooses it in the form
            form = ReviewForm(
                user=user,
                initial={
                    "source_text": text,
                    "municipality": municipality,
                    "police_area": area,
                    "case_number": proposal.case_number,
                    "signed_place": proposal.signed_place,
                    "signed_on": proposal.signed_on,
                    "title": proposal.title,
                    "valid_from": proposal.valid_from,
                    "valid_until": proposal.valid_until,
                    "cadence": proposal.cadence,
                    "places": "\n".join(proposal.places),
                },
            )
            sets = formsets(initial=initial_parts(proposal))
            return review_page(request, context, form, sets, text, proposal)
    context["form"] = upload
    return TemplateResponse(request, "admin/loften/citizenpromise/import_upload.html", context)


def review_page(request, context, form, sets, text: str, proposal: Proposal | None = None):
    """The review form beside the source text (proposed again from it after a refused save)."""
    if proposal is None:
        try:
            proposal = propose(text)
        except ImportRefused:
            proposal = Proposal()
    context.update(
        form=form,
        formsets=sets,
        source_lines=[
            (line, key, PLACEMENT_LABELS[key]) for line, key in placements(text, proposal)
        ],
        attachments=proposal.attachments,
        unplaced=proposal.unplaced,
    )
    return TemplateResponse(request, "admin/loften/citizenpromise/import_review.html", context)
