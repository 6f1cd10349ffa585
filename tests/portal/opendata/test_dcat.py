"""The DCAT-AP-SE catalogue parses as RDF/XML and has what the profile requires of a catalogue,
its publisher and contact point, each dataset and each distribution."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from loften.models import CitizenPromise
from portal.opendata.datasets import DATASETS, LICENCE_URL
from tests.factories import build_promise

pytestmark = pytest.mark.django_db

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}
ABOUT = f"{{{NS['rdf']}}}about"
RESOURCE = f"{{{NS['rdf']}}}resource"
EU = "http://publications.europa.eu/resource/authority"


@pytest.fixture
def catalogue(client):
    response = client.get(reverse("opendata:dcat"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rdf+xml; charset=utf-8"
    return ET.fromstring(response.content)


def resources(element, prop):
    return [child.get(RESOURCE) for child in element.findall(prop, NS)]


def texts(element, prop):
    return [child.text for child in element.findall(prop, NS)]


def by_about(root, kind):
    return {element.get(ABOUT): element for element in root.findall(kind, NS)}


def test_the_catalogue_describes_itself_its_publisher_and_contact(catalogue):
    (cat,) = catalogue.findall("dcat:Catalog", NS)
    assert cat.get(ABOUT) == "http://testserver/oppna-data/dcat.rdf"
    assert texts(cat, "dcterms:title") == ["Medborgarlöften – öppna data"]
    assert texts(cat, "dcterms:description")[0]
    assert resources(cat, "dcterms:license") == [LICENCE_URL]
    assert resources(cat, "dcterms:language") == [f"{EU}/language/SWE"]
    assert resources(cat, "foaf:homepage") == ["http://testserver/oppna-data/"]
    (publisher_uri,) = resources(cat, "dcterms:publisher")
    publisher = by_about(catalogue, "foaf:Agent")[publisher_uri]
    assert texts(publisher, "foaf:name") == ["Medborgarlöften"]
    assert resources(publisher, "dcterms:type")[0].startswith("http://purl.org/adms/publishertype/")
    (contact,) = catalogue.findall("vcard:Organization", NS)
    assert texts(contact, "vcard:fn")
    assert resources(contact, "vcard:hasEmail")[0].startswith("mailto:")
    assert len(resources(cat, "dcat:dataset")) == len(DATASETS)


def test_every_dataset_has_what_dcat_ap_se_requires(catalogue):
    datasets = by_about(catalogue, "dcat:Dataset")
    distributions = by_about(catalogue, "dcat:Distribution")
    (cat,) = catalogue.findall("dcat:Catalog", NS)
    assert set(resources(cat, "dcat:dataset")) == set(datasets)
    for dataset in DATASETS:
        element = datasets[f"http://testserver/oppna-data/#{dataset.key}"]
        assert texts(element, "dcterms:title") == [str(dataset.title)]
        assert texts(element, "dcterms:description") == [str(dataset.description)]
        assert resources(element, "dcterms:publisher")
        assert resources(element, "dcat:contactPoint")
        themes = resources(element, "dcat:theme")
        assert themes and all(t.startswith(f"{EU}/data-theme/") for t in themes)
        assert texts(element, "dcat:keyword")
        assert resources(element, "dcterms:accessRights") == [f"{EU}/access-right/PUBLIC"]
        formats = {}
        for uri in resources(element, "dcat:distribution"):
            distribution = distributions[uri]
            assert resources(distribution, "dcat:accessURL") == [uri]
            assert resources(distribution, "dcterms:license") == [LICENCE_URL]
            assert texts(distribution, "dcterms:title")
            (media_type,) = resources(distribution, "dcat:mediaType")
            formats[media_type.rsplit("/", 2)[-2] + "/" + media_type.rsplit("/", 1)[-1]] = uri
        assert formats == {
            "application/json": f"http://testserver/api/v1/{_api_path(dataset.api)}/",
            "text/csv": f"http://testserver/oppna-data/{dataset.key}.csv",
        }


def _api_path(basename):
    return reverse(f"opendata:{basename}-list").strip("/").removeprefix("api/v1/")


def test_every_address_in_the_catalogue_answers(client, catalogue):
    addresses = {e.get(ABOUT) for e in catalogue.findall("dcat:Distribution", NS)}
    addresses |= {e.get(ABOUT) for e in catalogue.findall("dcat:DataService", NS)}
    for address in addresses:
        assert client.get(address.removeprefix("http://testserver")).status_code == 200, address


def test_modified_dates_come_from_public_documents_only(client):
    published = build_promise(commitments=1, followups=0)
    public_change = CitizenPromise.objects.get(pk=published.pk).updated_at
    # A draft saved later must not show through the catalogue's dates.
    build_promise(state=CitizenPromise.State.DRAFT, commitments=1, followups=0)
    assert CitizenPromise.objects.filter(state="draft").get().updated_at > public_change
    root = ET.fromstring(client.get(reverse("opendata:dcat")).content)
    documents = by_about(root, "dcat:Dataset")["http://testserver/oppna-data/#medborgarloften"]
    (modified,) = texts(documents, "dcterms:modified")
    assert datetime.datetime.fromisoformat(modified) == public_change.astimezone(
        timezone.get_current_timezone()
    )
