"""The DCAT-AP-SE catalogue (`/oppna-data/dcat.rdf`, RDF/XML) that the national data portal,
dataportal.se, harvests: the catalogue, its publisher, every dataset of `datasets.DATASETS` with
its two distributions (the API's JSON and the CSV file), and the API as a data service.

It is written by a template (`templates/portal/opendata/dcat.rdf`); the tests parse it as
RDF/XML and check the properties DCAT-AP-SE requires."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from followup.models import FollowUp
from loften.models import CitizenPromise, FocusArea
from municipalities.models import Municipality, PoliceArea

from .datasets import DATASETS, LICENCE_URL, Dataset

EU = "http://publications.europa.eu/resource/authority"


def _latest(*values):
    present = [value for value in values if value is not None]
    return max(present) if present else None


def last_modified() -> dict[str, datetime | None]:
    """When each dataset last changed, from what is public only (six queries)."""
    documents = CitizenPromise.objects.published().aggregate(at=Max("updated_at"))["at"]
    followups = FollowUp.objects.published().aggregate(at=Max("published_at"))["at"]

    def history(model):
        return model.history.aggregate(at=Max("history_date"))["at"]

    return {
        "medborgarloften": _latest(documents, followups),
        "loften": _latest(documents, followups),
        "uppfoljningar": followups,
        "statusar": followups,
        "kommuner": _latest(history(Municipality), documents),
        "lokalpolisomraden": history(PoliceArea),
        "fokusomraden": _latest(history(FocusArea), documents),
    }


@dataclass
class Entry:
    dataset: Dataset
    uri: str
    api_url: str
    csv_url: str
    modified: datetime | None


def catalogue(request: HttpRequest) -> HttpResponse:
    def absolute(path):
        return request.build_absolute_uri(path)

    modified = last_modified()
    page = absolute(reverse("opendata:index"))
    entries = [
        Entry(
            dataset=dataset,
            uri=f"{page}#{dataset.key}",
            api_url=absolute(reverse(f"opendata:{dataset.api}-list")),
            csv_url=absolute(reverse("opendata:csv", args=[dataset.key])),
            modified=modified[dataset.key],
        )
        for dataset in DATASETS
    ]
    context = {
        "catalogue_uri": absolute(reverse("opendata:dcat")),
        "page": page,
        "home": absolute(reverse("loften:home")),
        "api_root": absolute(reverse("opendata:api-root")),
        "schema": absolute(reverse("opendata:schema")),
        "docs": absolute(reverse("opendata:docs")),
        "publisher": settings.OPEN_DATA_PUBLISHER,
        "publisher_type": settings.OPEN_DATA_PUBLISHER_TYPE,
        "contact_email": settings.CONTACT_EMAIL,
        "licence": LICENCE_URL,
        "eu": EU,
        "entries": entries,
        "modified": _latest(*modified.values()),
    }
    response = render(
        request,
        "portal/opendata/dcat.rdf",
        context,
        content_type="application/rdf+xml; charset=utf-8",
    )
    return response
