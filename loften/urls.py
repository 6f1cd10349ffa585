from django.urls import path

from . import views

app_name = "loften"

urlpatterns = [
    path("", views.home, name="home"),
]
