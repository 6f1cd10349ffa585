from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def _link(url, name):
    """`<a href="url">name</a>`, both escaped."""
    return f'<a href="{escape(str(url))}">{escape(str(name))}</a>'


@register.simple_tag
def link_items(rows):
    """`<li><a href="…">…</a></li>` for each row (a dict with `url` and `name`), joined in
    Python: the start page lists up to 290 kommuner, and drawn by the template language the
    list cost more than the rest of the page; with Django's `format_html` for each row it still
    took a sixth of the page. Every address and name is escaped (the standard library's
    `html.escape`, as Django's `escape`), as in `select_options` in `search_tags`."""
    # Safe: every address and name is escaped here.
    return mark_safe(  # nosec B308, B703
        "".join(f"<li>{_link(row['url'], row['name'])}</li>" for row in rows)
    )


@register.simple_tag
def municipality_items(municipalities):
    """The list of kommuner's rows (`/kommuner/`, up to 290): each kommun's link, and whether it
    has a medborgarlöfte in force (`has_current`), joined in Python like `link_items`."""
    current = escape(gettext("Har ett gällande medborgarlöfte"))
    current = f'<span class="badge state-badge">{current}</span>'
    none = escape(gettext("Inget gällande medborgarlöfte"))
    none = f'<span class="small text-body-secondary">{none}</span>'
    # Safe: every address and name is escaped here, and the two labels too.
    return mark_safe(  # nosec B308, B703
        "".join(
            '<li class="list-group-item d-flex justify-content-between flex-wrap gap-2">'
            f"{_link(m.url, m.name)} {current if m.has_current else none}</li>"
            for m in municipalities
        )
    )
