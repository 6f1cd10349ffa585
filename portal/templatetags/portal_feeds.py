"""The links to a page's Atom feed: `{% feed_head_link obj %}` in the head (feed readers and
browsers find it there), `{% feed_follow_link obj %}` where a person reads. Without an object, the
national feed."""

from django import template

from portal.feeds import feed_for

register = template.Library()


@register.inclusion_tag("portal/feeds/_head_link.html")
def feed_head_link(obj=None):
    return feed_for(obj)


@register.inclusion_tag("portal/feeds/_follow_link.html")
def feed_follow_link(obj=None):
    return feed_for(obj)
