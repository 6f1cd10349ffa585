from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def link_items(rows):
    """`<li><a href="…">…</a></li>` for each row (a dict with `url` and `name`), joined in
    Python: the start page lists up to 290 kommuner, and drawn by the template language the
    list cost more than the rest of the page (as `select_options` in `search_tags`). Django's
    `format_html_join` escapes every address and name."""
    return format_html_join(
        "", '<li><a href="{}">{}</a></li>', ((row["url"], row["name"]) for row in rows)
    )
