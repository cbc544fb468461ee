"""The Editor and Publisher groups.

Editors write: they add and change content but cannot publish or delete. Publishers do all of
that, and publish, schedule, take down, delete and restore. Managing people is left to
superusers, so neither group gets any permission on accounts.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = {
    "missions": ("mission", "interestpoint", "personnelreport", "update"),
    "timeline": ("event", "casualty", "agreement"),
}
PUBLISHABLE = {"missions": ("mission", "update"), "timeline": ("event", "agreement")}


def codenames(actions, models):
    return [(app, f"{action}_{model}") for app, names in models.items() for model in names for action in actions]


EDITOR = [*codenames(("add", "change", "view"), CONTENT), ("editorial", "view_publicationrecord")]
PUBLISHER = [*EDITOR, *codenames(("delete",), CONTENT), *codenames(("publish",), PUBLISHABLE)]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in (("Editor", EDITOR), ("Publisher", PUBLISHER)):
        group, _created = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in wanted
        ]
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=("Editor", "Publisher")).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("editorial", "0001_initial"),
        ("missions", "0002_editorial_workflow"),
        ("timeline", "0002_editorial_workflow"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
