"""Helpers the service tests share: the text of a refusal, and an admin change form as the
browser sends it back."""

import datetime

from django.urls import reverse


def messages(error):
    """All messages of a raised ValidationError (`pytest.raises`' excinfo), as one text."""
    return " ".join(error.value.messages)


def _value(value):
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def form_data(response):
    """What the browser would send back for the change form as loaded."""
    form = response.context["adminform"].form
    data = {
        name: _value(form.initial.get(name, field.initial)) for name, field in form.fields.items()
    }
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for subform in formset.forms:
            for name, field in subform.fields.items():
                data[subform.add_prefix(name)] = _value(subform.initial.get(name, field.initial))
    return {key: value for key, value in data.items() if value != ""}


def change_url(promise):
    return reverse("admin:loften_citizenpromise_change", args=[promise.pk])
