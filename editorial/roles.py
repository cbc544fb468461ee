"""The Editor and Publisher groups, derived from the publishable models.

Editors write: they add, change and view every publishable model. Publishers also delete,
publish, schedule, take down and restore them. Both read the publication log and the review queue. An app may give
Publishers more of its own permissions by naming them in its AppConfig's `publisher_permissions`.
Managing people is left to superusers, so neither group gets any permission on accounts.

`ensure_roles` runs after every migrate (and every test-database flush). It creates a missing
group with all its permissions, and adds to an existing group only the permissions this migrate
created (a new publishable model, say); so nothing a superuser added to a group, or took away
from it, is ever undone.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS, connections

from .publication import publishable_models

EDITOR_ACTIONS = ("add", "change", "view")
PUBLISHER_ACTIONS = (*EDITOR_ACTIONS, "delete", "publish")
BOTH = {("editorial", "view_publicationrecord"), ("editorial", "view_revision")}

# Permission ids that existed when the current migrate began, by database.
_before_migrate = {}


def role_permissions():
    """{group name: {(app label, codename)}}, from the Publishable subclasses."""
    publishable = [model._meta for model in publishable_models()]

    def codes(actions):
        return {(opts.app_label, f"{action}_{opts.model_name}") for opts in publishable for action in actions}

    extra = {
        (app_config.label, codename)
        for app_config in apps.get_app_configs()
        for codename in getattr(app_config, "publisher_permissions", ())
    }
    return {"Editor": codes(EDITOR_ACTIONS) | BOTH, "Publisher": codes(PUBLISHER_ACTIONS) | BOTH | extra}


def note_permissions(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """pre_migrate: remember which permissions exist, so that the new ones can be told apart."""
    from django.contrib.auth.models import Permission

    exists = Permission._meta.db_table in connections[using].introspection.table_names()
    _before_migrate[using] = set(Permission.objects.using(using).values_list("pk", flat=True)) if exists else set()


def ensure_roles(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate: create missing groups; give existing ones the permissions this migrate created."""
    from django.contrib.auth.models import Group, Permission

    # Every app's permissions, whatever order the apps' own post_migrate handlers run in.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    by_code = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.using(using).select_related("content_type")
    }
    existed = _before_migrate.pop(using, None)
    for name, codes in role_permissions().items():
        wanted = [by_code[code] for code in sorted(codes) if code in by_code]
        group, created = Group.objects.using(using).get_or_create(name=name)
        if created:
            group.permissions.set(wanted)
        elif existed is not None:
            group.permissions.add(*[permission for permission in wanted if permission.pk not in existed])
