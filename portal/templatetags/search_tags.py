from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def select_options(field):
    """A select's <option> elements, the chosen one selected. Joined in Python: drawn by the
    template language, the search form's ~600 options (kommuner, police areas) took longer than
    the rest of the page together."""
    chosen = str(field.value() or "")
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if str(value) == chosen else "", label)
            for value, label in field.field.choices
        ),
    )
