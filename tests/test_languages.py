"""Swedish first: every address without a language prefix is Swedish, whatever the browser asks
for or a cookie says; English only under /en/, chosen with a visible link. The admin is Swedish
only, in Django's own Swedish words (config/urls.py, portal/templatetags/portal_languages.py)."""

import re
import runpy
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

from loften.models import CitizenPromise
from tests.factories import build_promise

pytestmark = pytest.mark.django_db

SOURCE_CATALOGUE = runpy.run_path(str(Path(settings.BASE_DIR) / "scripts" / "source-catalogue"))
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.text).group(1)


def alternates(response):
    """The head's <link rel="alternate" hreflang=…> as {hreflang: href}."""
    return dict(
        re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', response.text)
    )


def language_links(response):
    """The header's link to the other language: (href, lang, text) for each."""
    return re.findall(
        r'<a class="language-link[^"]*" href="([^"]+)" lang="([^"]+)" hreflang="[^"]+">([^<]+)</a>',
        response.text,
    )


@pytest.fixture
def promise():
    return build_promise(commitments=3, followups=1)


class TestSwedishByDefault:
    @pytest.mark.parametrize(
        "url", ["/", "/kommuner/", "/fokusomraden/", "/statistik/", "/om/", "/sok/"]
    )
    def test_public_pages_are_swedish_for_an_english_browser(self, client, url):
        response = client.get(url, **ENGLISH_BROWSER)
        assert response.status_code == 200
        assert html_lang(response) == "sv"
        assert response["Content-Language"] == "sv"
        assert ">Kommuner</a>" in response.text
        assert "Municipalities" not in response.text

    def test_a_document_is_swedish_for_an_english_browser(self, client, promise):
        response = client.get(promise.get_absolute_url(), **ENGLISH_BROWSER)
        assert response.status_code == 200
        assert html_lang(response) == "sv"

    def test_a_language_cookie_does_not_switch_a_swedish_address(self, client, settings):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get("/kommuner/", **ENGLISH_BROWSER)
        assert html_lang(response) == "sv"
        assert response["Content-Language"] == "sv"

    def test_swedish_addresses_are_unchanged(self, promise):
        assert reverse("loften:home") == "/"
        assert promise.get_absolute_url().startswith("/kommuner/vingaker/medborgarloften/")
        assert reverse("loften:robots") == "/robots.txt"
        assert reverse("opendata:promise-list") == "/api/v1/medborgarloften/"


class TestEnglishWhenChosen:
    def test_english_is_served_under_en(self, client, promise):
        with override("en"):
            url = promise.get_absolute_url()
        assert url == "/en" + promise.get_absolute_url()
        response = client.get(url)
        assert response.status_code == 200
        assert html_lang(response) == "en"
        assert response["Content-Language"] == "en"
        assert ">Municipalities</a>" in response.text

    def test_an_english_page_links_in_english(self, client):
        response = client.get("/en/kommuner/")
        assert 'href="/en/fokusomraden/"' in response.text
        assert 'href="/fokusomraden/"' not in response.text

    def test_a_swedish_browser_still_gets_english_under_en(self, client):
        response = client.get("/en/", HTTP_ACCEPT_LANGUAGE="sv")
        assert html_lang(response) == "en"

    def test_english_addresses_exist_only_for_public_pages(self, client):
        assert client.get("/en/admin/").status_code == 404
        assert client.get("/en/finns-inte/").status_code == 404


class TestLanguageLinksAndAlternates:
    def test_a_swedish_page_links_to_the_same_page_in_english(self, client, promise):
        url = promise.get_absolute_url()
        response = client.get(url, **ENGLISH_BROWSER)
        assert language_links(response) == [(f"/en{url}", "en", "English")]
        english = client.get(f"/en{url}")
        assert english.status_code == 200
        assert language_links(english) == [(url, "sv", "Svenska")]

    def test_the_link_keeps_the_query(self, client):
        response = client.get("/sok/", {"q": "trygghet"})
        assert language_links(response) == [("/en/sok/?q=trygghet", "en", "English")]

    def test_hreflang_alternates_name_both_languages_and_the_default(self, client, promise):
        url = promise.get_absolute_url()
        expected = {
            "sv": f"http://testserver{url}",
            "en": f"http://testserver/en{url}",
            "x-default": f"http://testserver{url}",
        }
        assert alternates(client.get(url, **ENGLISH_BROWSER)) == expected
        assert alternates(client.get(f"/en{url}")) == expected

    def test_an_unknown_address_offers_the_start_page_and_no_alternates(self, client):
        response = client.get("/kommuner/finns-inte/hit/", **ENGLISH_BROWSER)
        assert response.status_code == 404
        assert html_lang(response) == "sv"
        assert language_links(response) == [("/en/", "en", "English")]
        assert alternates(response) == {}
        response = client.get("/en/finns-inte/")
        assert html_lang(response) == "en"
        assert language_links(response) == [("/", "sv", "Svenska")]

    def test_the_admins_preview_offers_no_other_language(self, client, editor):
        draft = build_promise(state=CitizenPromise.State.DRAFT, commitments=1, followups=0)
        client.force_login(editor)
        response = client.get(reverse("admin:loften_citizenpromise_preview", args=[draft.pk]))
        assert response.status_code == 200
        assert language_links(response) == []
        assert alternates(response) == {}


class TestSwedishAdmin:
    """Django's own admin texts in Django's own Swedish, for an English browser too: the project's
    catalogue never replaces them with English (scripts/source-catalogue), and Django 6.1's blank
    choice, which Django's Swedish catalogue lacks, is Swedish (config/apps.py)."""

    ENGLISH = ["Home", "Save", "Select an option", "Log out", "Filter", ">All<"]

    def assert_swedish_admin(self, response, *swedish):
        assert response.status_code == 200
        assert html_lang(response) == "sv"
        for text in ("Logga ut", *swedish):
            assert text in response.text
        for text in self.ENGLISH:
            assert text not in response.text

    def test_index(self, client, editor):
        client.force_login(editor)
        self.assert_swedish_admin(client.get(reverse("admin:index"), **ENGLISH_BROWSER))

    def test_changelist_with_filters(self, client, editor):
        build_promise(state=CitizenPromise.State.DRAFT, commitments=1, followups=0)
        client.force_login(editor)
        response = client.get(reverse("admin:loften_citizenpromise_changelist"), **ENGLISH_BROWSER)
        self.assert_swedish_admin(response, ">Hem</a>", "Filtrera", ">Alla</a>")

    def test_change_form_with_a_select(self, client, editor):
        draft = build_promise(state=CitizenPromise.State.DRAFT, commitments=1, followups=0)
        client.force_login(editor)
        url = reverse("admin:loften_citizenpromise_change", args=[draft.pk])
        response = client.get(url, **ENGLISH_BROWSER)
        self.assert_swedish_admin(
            response, ">Hem</a>", 'value="Spara"', "<select", "- Välj ett alternativ -"
        )

    def test_a_language_cookie_does_not_switch_the_admin(self, client, editor, settings):
        client.force_login(editor)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.assert_swedish_admin(client.get(reverse("admin:index"), **ENGLISH_BROWSER))


@pytest.mark.parametrize("app", ["conf", "contrib/admin", "contrib/auth", "contrib/contenttypes"])
def test_every_django_text_has_swedish(app):
    """Django's or an installed app's own, or ours (scripts/django-swedish.po, which `make messages`
    copies into locale/sv): after a Django upgrade this lists the new texts that Django's Swedish
    does not have yet."""
    english = polib.pofile(
        str(Path(django.__file__).parent / app / "locale/en/LC_MESSAGES/django.po")
    )
    ours = polib.pofile(str(Path(settings.BASE_DIR) / "locale/sv/LC_MESSAGES/django.po"))
    swedish = set(SOURCE_CATALOGUE["installed_swedish"]())
    swedish |= {(entry.msgctxt, entry.msgid) for entry in ours.translated_entries()}
    missing = [e.msgid for e in english if (e.msgctxt, e.msgid) not in swedish]
    assert missing == [], "add them in Swedish to scripts/django-swedish.po, then make messages"
