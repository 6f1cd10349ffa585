"""A public page in each of the portal's languages: the link to the other language in the header
(`templates/includes/_language_switcher.html`) and the `hreflang` alternates in the head
(`templates/base.html`).

Which addresses have a language version, and that Swedish is the default, is decided in
`config/urls.py` (`i18n_patterns`); this only finds the same page in each language with Django's
`translate_url`. A page whose address does not resolve (a 404 for an unknown address) offers the
start page in the other language instead, and no alternates. A page served under an address that
has no language versions (the admin's preview of a draft) offers none."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, override

register = template.Library()


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str  # in the language itself: "Svenska", "English"
    url: str
    absolute_url: str
    current: bool  # the language this page is in
    default: bool  # the language of the addresses without a prefix (x-default)
    same_page: bool  # this page in that language, not the start page in its place


def language_versions(request: HttpRequest) -> list[LanguageVersion]:
    """This page in each language of `settings.LANGUAGES`, in that order."""
    path = request.get_full_path()
    same_page = request.resolver_match is not None
    current = get_language()
    versions = []
    for code, _name in settings.LANGUAGES:
        if same_page:
            url = translate_url(path, code)
        else:
            with override(code):
                url = reverse("loften:home")
        versions.append(
            LanguageVersion(
                code=code,
                name=get_language_info(code)["name_local"].capitalize(),
                url=url,
                absolute_url=request.build_absolute_uri(url),
                current=code == current,
                default=code == settings.LANGUAGE_CODE,
                same_page=same_page,
            )
        )
    if len({version.url for version in versions}) < len(versions):
        return []  # an address outside the language versions, such as the admin's
    return versions


@register.simple_tag(takes_context=True)
def page_languages(context: template.Context) -> list[LanguageVersion]:
    request = context.get("request")
    return language_versions(request) if request is not None else []
