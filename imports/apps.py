from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("UN open data")
    # Imports write published figures at once: a Publisher's act (see editorial.roles).
    publisher_permissions = ("run_import", "view_importrun")
