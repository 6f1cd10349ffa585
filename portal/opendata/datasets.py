"""The published datasets and their licence: the one list that the "Öppna data" page, the CSV
files and the DCAT-AP-SE catalogue describe, so that they cannot disagree."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

#: Everything published here is CC0 1.0: free to use for any purpose, without attribution.
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
LICENCE_NAME = "CC0 1.0"
#: RFC 8288 Link header on every API response and CSV file, so that the licence travels with
#: the data even when it is fetched without the page that states it.
LICENCE_LINK = f'<{LICENCE_URL}>; rel="license"'

#: EU data themes (the vocabulary DCAT-AP-SE asks for).
THEME_GOVERNMENT = "http://publications.europa.eu/resource/authority/data-theme/GOVE"
THEME_JUSTICE = "http://publications.europa.eu/resource/authority/data-theme/JUST"
THEME_REGIONS = "http://publications.europa.eu/resource/authority/data-theme/REGI"


def add_licence(response):
    response["Link"] = LICENCE_LINK
    return response


@dataclass(frozen=True)
class Dataset:
    """One dataset: `key` names its CSV file (`<key>.csv`) and its API list (`<api>-list`)."""

    key: str
    api: str
    title: str
    description: str
    keywords: tuple
    themes: tuple


DATASETS = (
    Dataset(
        key="medborgarloften",
        api="promise",
        title=_("Medborgarlöften"),
        description=_(
            "Publicerade och tillbakadragna medborgarlöften: kommun, lokalpolisområde, "
            "giltighetstid, lägesbild med underlag och platser, effekter och mål, "
            "effektindikatorer med sina publicerade värden, plan för uppföljning, undertecknare "
            "och hur långt löftena har kommit enligt den senaste uppföljningen."
        ),
        keywords=(_("medborgarlöfte"), _("trygghet"), _("polisen"), _("kommun")),
        themes=(THEME_JUSTICE, THEME_GOVERNMENT),
    ),
    Dataset(
        key="loften",
        api="commitment",
        title=_("Löften i medborgarlöften"),
        description=_(
            "Varje löfte i ett publicerat medborgarlöfte: vem som lovar, löftet, mätbart mål, "
            "fokusområden och status enligt den senaste publicerade uppföljningen."
        ),
        keywords=(_("löfte"), _("fokusområde"), _("uppföljning")),
        themes=(THEME_JUSTICE, THEME_GOVERNMENT),
    ),
    Dataset(
        key="uppfoljningar",
        api="followup",
        title=_("Uppföljningar av medborgarlöften"),
        description=_(
            "Publicerade uppföljningar med sin period: sammanfattning, hur långt löftena har "
            "kommit och varje löftes status, skäl och kommentar."
        ),
        keywords=(_("uppföljning"), _("medborgarlöfte")),
        themes=(THEME_JUSTICE, THEME_GOVERNMENT),
    ),
    Dataset(
        key="statusar",
        api="status",
        title=_("Status per löfte och uppföljning"),
        description=_(
            "En rad per löfte och publicerad uppföljning: status, skäl, kommentar och uppnått "
            "antal."
        ),
        keywords=(_("uppföljning"), _("status")),
        themes=(THEME_JUSTICE, THEME_GOVERNMENT),
    ),
    Dataset(
        key="kommuner",
        api="municipality",
        title=_("Kommuner"),
        description=_(
            "Sveriges 290 kommuner med kommunkod och län, deras lokalpolisområden och om de "
            "har ett medborgarlöfte som gäller i dag."
        ),
        keywords=(_("kommun"), _("län"), _("kommunkod")),
        themes=(THEME_REGIONS, THEME_GOVERNMENT),
    ),
    Dataset(
        key="lokalpolisomraden",
        api="police-area",
        title=_("Lokalpolisområden"),
        description=_("Lokalpolisområden med polisregion och de kommuner de betjänar."),
        keywords=(_("lokalpolisområde"), _("polisregion"), _("polisen")),
        themes=(THEME_JUSTICE, THEME_REGIONS),
    ),
    Dataset(
        key="fokusomraden",
        api="focus-area",
        title=_("Fokusområden"),
        description=_(
            "Den nationella indelningen i fokusområden (trafik, narkotika, bedrägerier …) och "
            "hur många publicerade löften som har vart och ett."
        ),
        keywords=(_("fokusområde"),),
        themes=(THEME_JUSTICE,),
    ),
)

BY_KEY = {dataset.key: dataset for dataset in DATASETS}
