"""The tags that draw a list of figures and a status's reason cell in Python (once inclusion
templates, drawn for every row) give exactly what those templates gave."""

import pytest
from django.template import Context, Template
from django.utils import translation

from followup.models import Circumstance, CommitmentStatus
from followup.templatetags.followup_tags import figures_list, reason_comment

# The templates as they were (followup/includes/_figures.html and _reason_comment.html).
FIGURES = Template(
    '{% if figures %}<ul class="list-unstyled small mb-0 commitment-figures">'
    "{% for figure in figures %}<li>{{ figure }}</li>{% endfor %}</ul>{% endif %}\n"
)
REASON_COMMENT = Template(
    '{% load i18n %}<td>{% if status.circumstance %}<p class="mb-1"><strong>'
    '{% translate "Skäl:" %}</strong> <a href="{{ circumstance_url }}#'
    '{{ status.circumstance.anchor }}">{{ status.circumstance.title }}</a></p>{% endif %}'
    '{% if status.reason %}<p class="mb-1"><strong>{% translate "Skäl:" %}</strong> '
    '{{ status.reason }}</p>{% endif %}{% if status.comment %}<p class="mb-0">'
    "{{ status.comment }}</p>{% endif %}</td>\n"
)


@pytest.mark.parametrize(
    "figures", [[], ["142 trafikkontroller, 0,78 per dygn"], ['A <b> & "c"', "Mått: 3 av 4 st"]]
)
def test_figures_list_is_the_former_template(figures):
    assert figures_list(figures) == FIGURES.render(Context({"figures": figures}))


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("circumstance", [None, 'Skogsbränder <"&">'])
@pytest.mark.parametrize("reason", ["", "Brist på <personal> & tid"])
@pytest.mark.parametrize("comment", ["", 'Se "bilagan"'])
@pytest.mark.parametrize("url", ["", "/kommuner/a/medborgarloften/1/uppfoljningar/2025-tertial-1/"])
def test_reason_comment_is_the_former_template(language, circumstance, reason, comment, url):
    status = CommitmentStatus(reason=reason, comment=comment)
    if circumstance:
        status.circumstance = Circumstance(pk=7, title=circumstance)
    with translation.override(language):
        expected = REASON_COMMENT.render(Context({"status": status, "circumstance_url": url}))
        assert reason_comment(status, url) == expected
