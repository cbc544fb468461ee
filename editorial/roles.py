"""The Editor and Publisher groups.

Editors write: they add and change content but cannot publish or delete. Publishers do all of
that, and publish, schedule, take down, delete and restore. Managing people is left to
superusers, so neither group gets any permission on accounts.

The data migration editorial.0002_roles creates the groups; `ensure_roles` runs after every
migrate (and every test-database flush) and creates them again only if they are missing, never
touching groups a superuser has since adjusted.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

CONTENT = {
    "missions": ("mission", "interestpoint", "personnelreport", "update"),
    "timeline": ("event", "casualty", "agreement"),
}
PUBLISHABLE = {"missions": ("mission", "update"), "timeline": ("event", "agreement")}


def _codenames(actions, models):
    return [(app, f"{action}_{model}") for app, names in models.items() for model in names for action in actions]


EDITOR = [*_codenames(("add", "change", "view"), CONTENT), ("editorial", "view_publicationrecord")]
PUBLISHER = [*EDITOR, *_codenames(("delete",), CONTENT), *_codenames(("publish",), PUBLISHABLE)]
ROLES = {"Editor": EDITOR, "Publisher": PUBLISHER}


def create_roles(apps):
    """Create the groups that do not exist yet, with their permissions; `apps` may be historical."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    missing = [name for name in ROLES if not Group.objects.filter(name=name).exists()]
    if not missing:
        return
    # Permissions are normally created after all migrations have run; the groups need them now.
    # (Historical app configs have no models module, which create_permissions would take as "no models".)
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    for name in missing:
        group = Group.objects.create(name=name)
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in ROLES[name]
        )


def ensure_roles(sender, apps=global_apps, **kwargs):
    # `flush` sends post_migrate without the migrated state's apps: the real registry then.
    create_roles(apps)
