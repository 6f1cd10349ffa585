from django.shortcuts import render

from .models import CitizenPromise


def home(request):
    promises = (
        CitizenPromise.objects.published()
        .select_related("municipality__county", "police_area")
        .order_by("municipality__county__code", "municipality__name", "-valid_from")
    )
    return render(request, "loften/home.html", {"promises": promises})
