from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoftenConfig(AppConfig):
    name = "loften"
    verbose_name = _("Medborgarlöften")
