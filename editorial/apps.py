from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial workflow")

    def ready(self):
        from . import audit  # noqa: F401  (connects the publication log to the history records)
        from .roles import ensure_roles, note_permissions

        pre_migrate.connect(note_permissions, sender=self, dispatch_uid="editorial.note_permissions")
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="editorial.ensure_roles")
