"""The "Öppna data" page: every dataset, its formats and addresses, and the licence."""

from django.shortcuts import render
from django.urls import reverse

from .datasets import DATASETS, LICENCE_NAME, LICENCE_URL
from .filters import PHASES


def index(request):
    datasets = [
        {
            "dataset": dataset,
            "api_url": reverse(f"opendata:{dataset.api}-list"),
            "csv_url": reverse("opendata:csv", args=[dataset.key]),
        }
        for dataset in DATASETS
    ]
    return render(
        request,
        "portal/opendata/index.html",
        {
            "datasets": datasets,
            "licence_url": LICENCE_URL,
            "licence_name": LICENCE_NAME,
            "phases": list(PHASES),
        },
    )
