"""The follow-up pages of the admin beyond Django's own: the one-page form, the spreadsheet
export and import, and "create the next follow-up". `FollowUpAdmin.get_urls` puts each behind
`admin_site.admin_view` (sign-in, two-factor, no-store). Who may open what is decided by the
admin's permission methods (municipalities.permissions); every write is a service call."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from loften.models import CitizenPromise, by_group
from municipalities import permissions

from .. import calendar, figures, services, spreadsheet, status_inputs
from ..forms import ImportForm, LockVersionForm, StatusFormSet, initial_of
from ..models import FollowUp
from ..parts import part_label
from ..progress import rounded
from ..selectors import followup_file_parts, followup_rows


def _context(model_admin, request, followup, title, **extra):
    request.current_app = model_admin.admin_site.name
    return {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "subtitle": str(followup) if followup is not None else None,
        "opts": model_admin.opts,
        "original": followup,
        **extra,
    }


def page_links(followup, can_edit):
    """The follow-up's pages, for the links at the top of each of them."""
    pk = followup.pk
    links = {
        "change_url": reverse("admin:followup_followup_change", args=[pk]),
        "status_form_url": reverse("admin:followup_followup_form", args=[pk]),
        "csv_url": reverse("admin:followup_followup_csv", args=[pk]),
    }
    if can_edit and followup.state == FollowUp.State.DRAFT:
        links["import_url"] = reverse("admin:followup_followup_import", args=[pk])
        links["publish_url"] = reverse("admin:followup_followup_publish", args=[pk])
    return links


def _refusal(error):
    """The messages of a refused save; the freeze is already said at the top of the page."""
    if error.code == "frozen":
        return []
    return error.messages


def _calendar_facts(followup):
    today = timezone.localdate()
    return {
        "due": calendar.due_date(followup.period),
        "overdue": calendar.is_followup_overdue(followup, today),
        "frozen_message": services.frozen_message(followup)
        if followup.state == FollowUp.State.PUBLISHED
        else None,
    }


# --- The one-page form ---------------------------------------------------------------------------


def _slots(rows):
    """Each form row: (commitment, party, status here, previous status), in document order."""
    return [
        (commitment, *slot) for commitment in rows.commitments for slot in rows.slots(commitment)
    ]


def _initial(rows):
    return [
        initial_of(commitment, status, party)
        for commitment, party, status, _previous in _slots(rows)
    ]


def _groups(rows, formset):
    """The rows under their groups' lead-ins, each with its form, its part and its previous
    status."""
    slots = _slots(rows)
    forms_by_commitment = {}
    for (commitment, party, _status, previous), form in zip(slots, formset.forms, strict=True):
        forms_by_commitment.setdefault(commitment.pk, []).append(
            {
                "part": part_label(party) if len(commitment.party_rows()) > 1 else "",
                "form": form,
                "previous": previous,
            }
        )
    return [
        {
            "id": group.pk,
            "heading": group.lead_in,
            "rows": [
                {
                    "commitment": commitment,
                    "rate_target": commitment.rate_target_text(),
                    "previous_figures": figures.row_texts(part["previous"])
                    if part["previous"]
                    else [],
                    **part,
                }
                for commitment in items
                for part in forms_by_commitment[commitment.pk]
            ],
        }
        for group, items in by_group(rows.commitments)
    ]


def _show_row_errors(followup, forms):
    try:
        services.followup_statuses_validate(
            followup=followup, rows=[form.status_input() for form in forms]
        )
    except status_inputs.StatusRowsInvalid as invalid:
        for index, errors in invalid.row_errors.items():
            forms[index].add_service_errors(errors)


def status_form_view(model_admin, request, object_id):
    """Every löfte of the follow-up on one page, grouped by party, saved in one go. Editors of a
    party change it while it is a draft; reviewers and a published follow-up are read-only."""
    followup = model_admin.get_object(request, unquote(object_id))
    can_edit = model_admin.has_change_permission(request, followup)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    read_only = not can_edit or followup.state == FollowUp.State.PUBLISHED
    rows = followup_rows(followup)
    initial = _initial(rows)
    commitments = [commitment for commitment, *_rest in _slots(rows)]
    circumstances = list(followup.circumstances.all())
    page_errors = []
    if request.method == "POST":
        version = LockVersionForm(request.POST)
        formset = StatusFormSet(
            request.POST,
            initial=initial,
            read_only=read_only,
            commitments=commitments,
            circumstances=circumstances,
        )
        if not version.is_valid() or formset.management_form.errors:
            page_errors.append(
                _("Formuläret är ofullständigt. Öppna uppföljningen på nytt och försök igen.")
            )
        elif not formset.is_valid():
            # Also name the rule errors of the rows that were filled in correctly, so that the
            # person sees every error at once.
            _show_row_errors(followup, [form for form in formset.forms if form.is_valid()])
        else:
            try:
                changed = services.followup_statuses_save(
                    followup=followup,
                    rows=[form.status_input() for form in formset.forms],
                    user=request.user,
                    lock_version=version.cleaned_data["lock_version"],
                )
            except status_inputs.StatusRowsInvalid as invalid:
                for index, errors in invalid.row_errors.items():
                    formset.forms[index].add_service_errors(errors)
            except ValidationError as refused:
                page_errors.extend(_refusal(refused))
            else:
                model_admin.message_user(
                    request,
                    ngettext(
                        "Uppföljningen är sparad: %(count)s rad ändrades.",
                        "Uppföljningen är sparad: %(count)s rader ändrades.",
                        changed,
                    )
                    % {"count": changed}
                    if changed
                    else _("Inget ändrades."),
                    messages.SUCCESS,
                )
                return redirect(request.path)
        if any(form.errors for form in formset.forms):
            page_errors.insert(
                0,
                _("Inget sparades. Rätta felen som visas vid raderna nedan och spara igen."),
            )
    else:
        version = LockVersionForm(initial={"lock_version": followup.lock_version})
        formset = StatusFormSet(
            initial=initial,
            read_only=read_only,
            commitments=commitments,
            circumstances=circumstances,
        )
    context = _context(
        model_admin,
        request,
        followup,
        _("Fyll i uppföljningen"),
        formset=formset,
        version_form=version,
        groups=_groups(rows, formset),
        previous=rows.previous,
        progress=rounded(rows.progress),
        read_only=read_only,
        page_errors=page_errors,
        **_calendar_facts(followup),
        **page_links(followup, can_edit),
    )
    return TemplateResponse(request, "admin/followup/followup/status_form.html", context)


# --- Spreadsheet ---------------------------------------------------------------------------------


def csv_export_view(model_admin, request, object_id):
    followup = model_admin.get_object(request, unquote(object_id))
    text = spreadsheet.export_rows(
        followup_rows(followup), followup.period, followup_file_parts(followup)
    )
    filename = (
        f"uppfoljning-{slugify(followup.promise.municipality.name)}-"
        f"{followup.period.slug}-{followup.pk}.csv"
    )
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _file_errors(parsed, invalid=None):
    """Every problem of an uploaded file as (line, message), in line order: the services'
    errors of a row or item on the line it came from, naming the column where there is one."""
    errors = list(parsed.errors)
    if invalid is None:
        return sorted(errors, key=lambda error: error[0])
    found = [
        (parsed.lines[index], spreadsheet.FIELD_COLUMNS, fields)
        for index, fields in invalid.row_errors.items()
    ] + [
        (parsed.part_lines[kind][index][0], spreadsheet.PART_FIELD_COLUMNS[kind], fields)
        for (kind, index), fields in invalid.part_errors.items()
    ]
    for line, columns, fields in found:
        for field, field_messages in fields.items():
            column = columns.get(field)
            for message in field_messages:
                if column:
                    message = _("Kolumnen %(column)s: %(message)s") % {
                        "column": column,
                        "message": message,
                    }
                errors.append((line, message))
    return sorted(errors, key=lambda error: error[0])


def csv_import_view(model_admin, request, object_id):
    """Read an edited export back: every line is checked, and nothing is saved unless the whole
    file is valid."""
    followup = model_admin.get_object(request, unquote(object_id))
    if not model_admin.has_change_permission(request, followup):
        raise PermissionDenied
    file_errors = []
    page_errors = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            parsed = spreadsheet.parse_rows(form.cleaned_data["file"].read())
            parsed.check_period(followup.period)
            invalid = None
            if parsed.count:
                try:
                    services.followup_statuses_validate(
                        followup=followup, rows=parsed.rows, parts=parsed.parts
                    )
                except status_inputs.StatusRowsInvalid as error:
                    invalid = error
            file_errors = _file_errors(parsed, invalid)
            if not file_errors and not parsed.count:
                file_errors = [(1, _("Filen innehåller inga rader att läsa in."))]
            if not file_errors:
                try:
                    changed = services.followup_statuses_save(
                        followup=followup,
                        rows=parsed.rows,
                        user=request.user,
                        lock_version=form.cleaned_data["lock_version"],
                        parts=parsed.parts,
                    )
                except status_inputs.StatusRowsInvalid as error:
                    file_errors = _file_errors(parsed, error)
                except ValidationError as refused:
                    page_errors.extend(_refusal(refused))
                else:
                    model_admin.message_user(
                        request,
                        _("Filen är inläst: %(count)s av %(total)s rader ändrade uppföljningen.")
                        % {"count": changed, "total": parsed.count},
                        messages.SUCCESS,
                    )
                    return redirect("admin:followup_followup_form", followup.pk)
    else:
        form = ImportForm(initial={"lock_version": followup.lock_version})
    context = _context(
        model_admin,
        request,
        followup,
        _("Läs in uppföljningen från en fil"),
        form=form,
        file_errors=file_errors,
        page_errors=page_errors,
        columns=spreadsheet.COLUMNS,
        **_calendar_facts(followup),
        **page_links(followup, True),
    )
    return TemplateResponse(request, "admin/followup/followup/import.html", context)


# --- Creating the next follow-up -----------------------------------------------------------------


CREATE_STEP = {
    "title": gettext_lazy("Skapa nästa uppföljning"),
    "button": gettext_lazy("Skapa uppföljningen"),
}


def create_next_view(model_admin, request, promise_id):
    """Confirm, then create the follow-up of the earliest period that has begun and has none
    yet, with its rows pre-filled from the previous follow-up."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    promise = (
        CitizenPromise.objects.visible_to(request.user)
        .select_related("municipality")
        .prefetch_related("followups")
        .filter(pk=promise_id)
        .first()
    )
    if promise is None:
        raise Http404(_("Det finns inget sådant medborgarlöfte som du har tillgång till."))
    if not permissions.can_edit(request.user, promise):
        raise PermissionDenied
    period = calendar.next_to_create(promise, promise.followups.all())
    problems = []
    try:
        services.check_creatable(promise)
    except ValidationError as error:
        problems = error.messages
    if period is None and not problems:
        problems = [_("Alla perioder som har börjat har redan en uppföljning.")]
    if request.method == "POST" and not problems:
        try:
            followup = services.followup_create(
                promise=promise, year=period.year, number=period.number, user=request.user
            )
        except ValidationError as error:
            problems = error.messages
        else:
            model_admin.message_user(
                request,
                _(
                    "Uppföljningen %(period)s är skapad, med raderna ifyllda från föregående "
                    "uppföljning. Fyll i hur det har gått."
                )
                % {"period": period},
                messages.SUCCESS,
            )
            return redirect("admin:followup_followup_form", followup.pk)
    request.current_app = model_admin.admin_site.name
    context = {
        **model_admin.admin_site.each_context(request),
        "title": CREATE_STEP["title"],
        "subtitle": promise.title,
        "opts": model_admin.opts,
        "promise": promise,
        "period": period,
        "due": calendar.due_date(period) if period else None,
        "step": CREATE_STEP,
        "problems": problems,
        "promise_url": reverse("admin:loften_citizenpromise_change", args=[promise.pk]),
    }
    return TemplateResponse(request, "admin/followup/followup/create_next.html", context)
