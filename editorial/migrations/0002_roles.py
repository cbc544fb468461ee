"""The Editor and Publisher groups (see editorial.roles for what each may do)."""

from django.db import migrations

from editorial.roles import ROLES, create_roles


def create_groups(apps, schema_editor):
    create_roles(apps)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("editorial", "0001_initial"),
        ("missions", "0002_editorial_workflow"),
        ("timeline", "0002_editorial_workflow"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
