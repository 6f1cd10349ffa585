"""The "Öppna data" page: every dataset with its two formats, the licence and the catalogue."""

import pytest
from django.urls import reverse

from portal.opendata.datasets import DATASETS, LICENCE_URL

pytestmark = pytest.mark.django_db


def test_the_page_lists_every_dataset_its_formats_and_the_licence(client):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Öppna data</h1>" in text
    assert f'<a href="{LICENCE_URL}" rel="license">CC0 1.0</a>' in text
    for dataset in DATASETS:
        assert f'id="{dataset.key}"' in text
        assert f'href="/oppna-data/{dataset.key}.csv"' in text
        assert f"{dataset.title} som CSV" in text
        assert f'href="{reverse(f"opendata:{dataset.api}-list")}"' in text
    for name in ("opendata:dcat", "opendata:schema", "opendata:docs"):
        assert f'href="{reverse(name)}"' in text


def test_every_page_links_to_open_data(client):
    response = client.get(reverse("loften:about"))
    assert response.status_code == 200
    assert f'href="{reverse("opendata:index")}">Öppna data</a>' in response.content.decode()


def test_the_api_documentation_uses_our_own_files(client):
    response = client.get(reverse("opendata:docs"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in text
    assert "cdn" not in text.lower()
    assert (
        client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css").status_code
        == 200
    )


def test_the_schema_is_openapi_3_json_with_the_licence(client):
    response = client.get(reverse("opendata:schema"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["license"]["url"] == LICENCE_URL
    assert "/api/v1/medborgarloften/" in schema["paths"]
