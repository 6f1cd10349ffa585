from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/uppfoljningar/<int:year>-<int:half>/",
        views.followup_detail,
        name="followup",
    ),
]
