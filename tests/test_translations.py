"""Every string a person reads is translatable, and both languages are complete.

Swedish is the source language (msgids are Swedish), so the Swedish catalogue repeats them, except
for Django's own msgids, which it gives Django's own Swedish (scripts/source-catalogue); the
English catalogue translates them. The compiled .mo files are committed and must match the .po.
"""

import runpy
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ["sv", "en"]
SOURCE_FOLDERS = ["config", "municipalities", "loften", "followup", "templates"]
SOURCE_CATALOGUE = runpy.run_path(str(Path(settings.BASE_DIR) / "scripts" / "source-catalogue"))


def catalogue(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(language):
    po = catalogue(language)
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_swedish_catalogue_repeats_the_source_and_keeps_djangos_swedish():
    translations = {
        **SOURCE_CATALOGUE["missing_in_django"](),
        **SOURCE_CATALOGUE["installed_swedish"](),
    }
    for entry in catalogue("sv").translated_entries():
        swedish = SOURCE_CATALOGUE["swedish_for"](entry, translations)
        if entry.msgid_plural:
            assert entry.msgstr_plural == swedish.msgstr_plural, entry.msgid
        else:
            assert entry.msgstr == swedish.msgstr, f"{entry.msgid!r}: run make messages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_source(language):
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == (
            entry.msgstr,
            entry.msgstr_plural,
        ), f"{language}: {entry.msgid!r} is stale in django.mo (run make messages)"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext is not installed")
def test_every_string_in_the_code_is_in_the_catalogues(settings, tmp_path, monkeypatch):
    # makemessages writes beside the code it reads, so it reads a copy.
    for folder in SOURCE_FOLDERS:
        shutil.copytree(
            Path(settings.BASE_DIR) / folder,
            tmp_path / folder,
            ignore=shutil.ignore_patterns("__pycache__", "locale"),
        )
    (tmp_path / "locale").mkdir()
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en"], verbosity=0)
    extracted = {e.msgid for e in polib.pofile(str(tmp_path / "locale/en/LC_MESSAGES/django.po"))}
    assert len(extracted) > 100
    for language in LANGUAGES:
        known = {e.msgid for e in catalogue(language) if not e.obsolete}
        missing = sorted(extracted - known)
        assert not missing, f"{language} lacks {len(missing)} strings, e.g. {missing[:5]}"
